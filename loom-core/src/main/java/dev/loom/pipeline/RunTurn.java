package dev.loom.pipeline;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loom.actor.ActorContext;
import dev.loom.actor.ActorRef;
import dev.loom.actor.InvalidActorRefException;
import dev.loom.actor.MessageOutcome;
import dev.loom.actor.SendOptions;
import dev.loom.breaker.Breakers;
import dev.loom.json.Json;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One turn of a run actor: applies a message to the run's (working copy of the) state, then advances the DAG:
 * starts the stages that became ready, dispatches their tasks within concurrency limits and breakers, completes
 * stages, runs the saga's compensations one at a time and ends the run. Everything it sends or schedules commits
 * with the turn.
 */
final class RunTurn {
    private final ActorContext ctx;
    private final RunState run;
    private final Breakers breakers;
    private final TaskMessages messages;
    private final PinnedDefinitions definitions;
    private final Instant now;

    RunTurn(ActorContext ctx, RunState run, Breakers breakers, TaskMessages messages, PinnedDefinitions definitions) {
        this.ctx = ctx;
        this.run = run;
        this.breakers = breakers;
        this.messages = messages;
        this.definitions = definitions;
        this.now = ctx.now();
    }

    /** Applies {@code message}; returns why it was refused, or {@code null} when applied. */
    String apply(RunMessage message) {
        String refusal = switch (message) {
            case RunMessage.Start s -> start(s);
            case RunMessage.Cancel c -> cancel(c.compensate());
            case RunMessage.Pause p -> pause();
            case RunMessage.Resume r -> resume();
            case RunMessage.Approve a -> decide(a.stage(), true, a.by(), a.comment());
            case RunMessage.Reject r -> decide(r.stage(), false, r.by(), r.comment());
            case RunMessage.Redrive r -> redrive();
            case RunMessage.TaskOutcome o -> outcome(o);
            case RunMessage.TaskTimeout t -> taskTimeout(t.stage(), t.taskId());
            case RunMessage.RetryDue r -> retryDue(r.stage(), r.taskId());
            case RunMessage.BreakerRetry b -> breakerRetry(b.stage());
            case RunMessage.ApprovalTimeout t -> approvalTimeout(t.stage(), t.round());
        };
        if (refusal == null) {
            advance();
            run.updatedAt = now;
        }
        return refusal;
    }

    // ---- operations ----

    private String start(RunMessage.Start s) {
        if (run.started()) {
            boolean same = s.idempotencyKey() != null && s.idempotencyKey().equals(run.startKey);
            return same ? null : "run id '" + ctx.self().id() + "' is already a run of another start";
        }
        run.runId = ctx.self().id();
        run.pin(s.definition() != null ? s.definition() : definitions.get(s.pipeline(), s.version()));
        run.startKey = s.idempotencyKey();
        run.input = s.input();
        run.startedAt = now;
        run.status = RunStatus.RUNNING;
        for (Stage stage : run.definition().stages()) {
            run.stages.put(stage.name(), new StageRun());
        }
        event(TimelineEvent.Kind.RUN_STARTED, null, null, 0, IntNode.valueOf(run.definition().version()), null);
        return null;
    }

    private String cancel(boolean compensate) {
        if (run.status.isTerminal()) {
            return "the run has ended";
        }
        event(TimelineEvent.Kind.CANCELLED, null, null, 0, Json.mapper().createObjectNode()
                .put("compensate", compensate), null);
        if (compensate) {
            run.paused = false;
            startRollback(RunStatus.CANCELLED);
        } else {
            stopActiveStages();
            end(RunStatus.CANCELLED);
        }
        return null;
    }

    private String pause() {
        if (run.status.isTerminal()) {
            return "the run has ended";
        }
        if (run.paused) {
            return "the run is already paused";
        }
        run.paused = true;
        event(TimelineEvent.Kind.PAUSED, null, null, 0, null, null);
        return null;
    }

    private String resume() {
        if (!run.paused) {
            return "the run is not paused";
        }
        run.paused = false;
        event(TimelineEvent.Kind.RESUMED, null, null, 0, null, null);
        return null;
    }

    private String decide(String stageName, boolean approve, String by, String comment) {
        StageRun sr = stageName == null ? null : run.stages.get(stageName);
        if (sr == null) {
            return "the pipeline has no stage '" + stageName + "'";
        }
        if (sr.status != StageStatus.WAITING_APPROVAL || run.status.isTerminal()
                || run.status == RunStatus.COMPENSATING) {
            return "stage '" + stageName + "' is not waiting for approval (it is " + sr.status + ")";
        }
        ObjectNode decision = Json.mapper().createObjectNode()
                .put("decision", approve ? "approved" : "rejected").put("by", by).put("comment", comment);
        if (approve) {
            event(TimelineEvent.Kind.APPROVED, stageName, null, 0, decision, null);
            succeed(stageName, sr, decision);
        } else {
            event(TimelineEvent.Kind.REJECTED, stageName, null, 0, decision, null);
            failStage(stageName, sr, new RunError(stageName, null, "rejected",
                    "rejected by " + by + (comment == null ? "" : ": " + comment)));
        }
        return null;
    }

    private String redrive() {
        if (run.status != RunStatus.FAILED && run.status != RunStatus.COMPENSATED) {
            return "only a failed or compensated run can be redriven";
        }
        for (Map.Entry<String, StageRun> e : run.stages.entrySet()) {
            StageRun sr = e.getValue();
            switch (sr.status) {
                case FAILED, CANCELLED -> {
                    if (sr.tasks.isEmpty()) {
                        e.setValue(fresh(sr));
                    } else {
                        resumeTasks(sr);
                    }
                }
                case COMPENSATING, COMPENSATED, COMPENSATION_FAILED -> {
                    e.setValue(fresh(sr));
                    run.completed.remove(e.getKey());
                    run.finished.remove(e.getKey());
                }
                default -> { }
            }
        }
        run.status = RunStatus.RUNNING;
        run.error = null;
        run.goal = null;
        run.endedAt = null;
        run.paused = false;
        event(TimelineEvent.Kind.REDRIVEN, null, null, 0, null, null);
        return null;
    }

    /** A stage to run again from the start (its effects were undone, or it sent no task). */
    private static StageRun fresh(StageRun old) {
        StageRun fresh = new StageRun();
        fresh.attemptOffset = Math.max(old.attemptOffset, old.attempts());
        fresh.extraTasks = old.extraTasks;
        return fresh;
    }

    /**
     * A failed or cancelled stage continues: its tasks that succeeded (their effects stand, nothing compensated
     * them) are kept, and so are those still in flight (their outcome will come); the others are sent again with
     * the next attempt number, so with new task ids and a fresh retry budget.
     */
    private static void resumeTasks(StageRun sr) {
        sr.status = StageStatus.RUNNING;
        sr.endedAt = null;
        sr.error = null;
        sr.breakerWait = false;
        for (TaskRun t : sr.tasks) {
            if (t.status != TaskRun.Status.SUCCEEDED && t.status != TaskRun.Status.SENT) {
                t.status = TaskRun.Status.PENDING;
                t.base = t.attempt;
                t.error = null;
            }
        }
    }

    // ---- outcomes and timers ----

    private String outcome(RunMessage.TaskOutcome o) {
        String key = o.taskId();
        String[] parts = key == null ? new String[0] : key.split("/", -1);
        if (parts.length != 4 || !parts[0].equals(run.runId)) {
            return null;
        }
        StageRun sr = run.stages.get(parts[1]);
        if (sr == null) {
            return null;
        }
        boolean ok = o.kind() != MessageOutcome.Kind.DEAD_LETTERED;
        RunError error = ok ? null : deadLetterError(parts[1], key, o);
        if (sr.compensation != null && key.equals(sr.compensation.taskId)) {
            compensationOutcome(parts[1], sr, ok, o.reply(), error);
            return null;
        }
        if (parts[2].equals(ESCALATION)) {
            event(ok ? TimelineEvent.Kind.TASK_SUCCEEDED : TimelineEvent.Kind.TASK_FAILED, parts[1], key, 0,
                    o.reply(), error);
            return null;
        }
        TaskRun task = findTask(sr, key);
        if (task == null || task.status != TaskRun.Status.SENT) {
            return null;
        }
        Stage stage = stage(parts[1]);
        long nanos = Duration.between(task.sentAt, now).toNanos();
        task.endedAt = now;
        if (ok) {
            recordOnBreaker(stage, Duration.ofNanos(nanos), Optional.empty());
            task.status = TaskRun.Status.SUCCEEDED;
            task.result = o.reply() == null ? NullNode.instance : o.reply();
            task.error = null;
            event(TimelineEvent.Kind.TASK_SUCCEEDED, parts[1], key, task.attempt, task.result, null);
            if (sr.status == StageStatus.RUNNING && sr.tasks.stream().allMatch(t -> t.status == TaskRun.Status.SUCCEEDED)) {
                succeed(parts[1], sr, output(stage, sr));
            }
        } else {
            recordOnBreaker(stage, Duration.ofNanos(nanos), Optional.of(new TaskFailedException(error.message())));
            taskFailed(stage, sr, task, error, TimelineEvent.Kind.TASK_FAILED);
        }
        return null;
    }

    private String taskTimeout(String stageName, String taskId) {
        StageRun sr = run.stages.get(stageName);
        TaskRun task = sr == null ? null : findTask(sr, taskId);
        if (task == null || task.status != TaskRun.Status.SENT) {
            return null;
        }
        Stage stage = stage(stageName);
        RunError error = new RunError(stageName, taskId, "timeout",
                "no outcome within " + stage.options().timeout());
        task.endedAt = now;
        recordOnBreaker(stage, stage.options().timeout(), Optional.of(new TaskFailedException(error.message())));
        taskFailed(stage, sr, task, error, TimelineEvent.Kind.TASK_TIMED_OUT);
        return null;
    }

    private String retryDue(String stageName, String taskId) {
        StageRun sr = run.stages.get(stageName);
        TaskRun task = sr == null ? null : findTask(sr, taskId);
        if (task != null && task.status == TaskRun.Status.RETRY_WAIT) {
            task.status = TaskRun.Status.PENDING;
        }
        return null;
    }

    private String breakerRetry(String stageName) {
        StageRun sr = run.stages.get(stageName);
        if (sr != null) {
            sr.breakerWait = false;
        }
        return null;
    }

    private String approvalTimeout(String stageName, int round) {
        StageRun sr = run.stages.get(stageName);
        if (sr != null && sr.status == StageStatus.WAITING_APPROVAL && sr.approvalRound == round) {
            sr.approvalTimedOut = true;
        }
        return null;
    }

    // ---- the DAG ----

    /** Moves the run as far as it can go now. */
    private void advance() {
        if (run.status.isTerminal() || run.paused) {
            return;
        }
        if (run.status == RunStatus.COMPENSATING) {
            compensateNext();
            return;
        }
        boolean progressed = true;
        while (progressed && !rollingBackOrEnded()) {
            progressed = false;
            for (Stage stage : run.definition().stages()) {
                StageRun sr = run.stages.get(stage.name());
                if (sr.status == StageStatus.PENDING && ready(stage)) {
                    begin(stage, sr);
                    progressed = true;
                } else if (sr.status == StageStatus.RUNNING) {
                    dispatch(stage, sr);
                } else if (sr.status == StageStatus.WAITING_APPROVAL && sr.approvalTimedOut) {
                    sr.approvalTimedOut = false;
                    approvalTimedOut((ApprovalStage) stage, sr);
                    progressed = true;
                }
                if (rollingBackOrEnded()) {
                    break;
                }
            }
        }
        if (rollingBackOrEnded()) {
            if (run.status == RunStatus.COMPENSATING) {
                compensateNext();
            }
            return;
        }
        if (run.stages.values().stream().allMatch(StageRun::done)) {
            end(RunStatus.SUCCEEDED);
            return;
        }
        run.status = run.stages.values().stream().anyMatch(s -> s.status == StageStatus.WAITING_APPROVAL)
                ? RunStatus.WAITING_APPROVAL : RunStatus.RUNNING;
    }

    private boolean rollingBackOrEnded() {
        return run.status == RunStatus.COMPENSATING || run.status.isTerminal();
    }

    private boolean ready(Stage stage) {
        int done = 0;
        for (String d : stage.dependsOn()) {
            if (run.stages.get(d).done()) {
                done++;
            }
        }
        return stage instanceof GatherStage g ? done >= g.required() : done == stage.dependsOn().size();
    }

    private void begin(Stage stage, StageRun sr) {
        sr.startedAt = now;
        event(TimelineEvent.Kind.STAGE_STARTED, stage.name(), null, 0, null, null);
        ObjectNode context = context();
        if (stage.options().condition() != null && !read(context, stage.options().condition()).asBoolean(false)) {
            sr.status = StageStatus.SKIPPED;
            sr.endedAt = now;
            sr.output = NullNode.instance;
            run.finished.add(stage.name());
            event(TimelineEvent.Kind.STAGE_SKIPPED, stage.name(), null, 0, null, null);
            return;
        }
        try {
            switch (stage) {
                case SingleStage s -> sr.tasks.add(task(sr, 0, null, s.task(), context));
                case ScatterStage s -> {
                    JsonNode items = arrayAt(context, s.items(), "items");
                    for (int i = 0; i < items.size(); i++) {
                        ObjectNode itemContext = context.deepCopy();
                        itemContext.set("item", items.get(i));
                        itemContext.put("index", i);
                        sr.tasks.add(task(sr, i, null, s.task(), itemContext));
                    }
                }
                case BroadcastStage s -> {
                    JsonNode ids = arrayAt(context, s.actorIds(), "actorIds");
                    for (int i = 0; i < ids.size(); i++) {
                        sr.tasks.add(task(sr, i, null, s.taskFor(new Value(null, ids.get(i))), context));
                    }
                }
                case ForkJoinStage s -> {
                    int i = 0;
                    for (Map.Entry<String, Task> b : s.branches().entrySet()) {
                        sr.tasks.add(task(sr, i++, b.getKey(), b.getValue(), context));
                    }
                }
                case GatherStage g -> {
                    succeed(stage.name(), sr, gathered(g));
                    return;
                }
                case ApprovalStage a -> {
                    sr.status = StageStatus.WAITING_APPROVAL;
                    waitForApproval(a, sr);
                    return;
                }
            }
        } catch (IllegalArgumentException e) {
            failStage(stage.name(), sr, new RunError(stage.name(), null, "invalid-task", e.getMessage()));
            return;
        }
        if (sr.tasks.isEmpty()) {
            succeed(stage.name(), sr, output(stage, sr));
            return;
        }
        sr.status = StageStatus.RUNNING;
        dispatch(stage, sr);
    }

    /** Sends the stage's pending tasks, as far as its concurrency limit and circuit breaker allow. */
    private void dispatch(Stage stage, StageRun sr) {
        int limit = stage instanceof ScatterStage s && s.concurrency() > 0 ? s.concurrency() : Integer.MAX_VALUE;
        long inFlight = sr.tasks.stream().filter(t -> t.status == TaskRun.Status.SENT).count();
        for (TaskRun task : sr.tasks) {
            if (inFlight >= limit || sr.status != StageStatus.RUNNING) {
                return;
            }
            if (task.status != TaskRun.Status.PENDING) {
                continue;
            }
            var cb = breaker(stage);
            if (cb.isPresent() && !cb.get().tryAcquirePermission()) {
                if (!sr.breakerWait) {
                    sr.breakerWait = true;
                    Duration wait = Duration.ofMillis(cb.get().getCircuitBreakerConfig()
                            .getWaitIntervalFunctionInOpenState().apply(1));
                    ctx.schedule(wait, new RunMessage.BreakerRetry(stage.name()));
                    event(TimelineEvent.Kind.BREAKER_OPEN, stage.name(), null, 0,
                            Json.mapper().createObjectNode().put("breaker", stage.options().breaker())
                                    .put("retryAfter", wait.toString()), null);
                }
                return;
            }
            send(stage, task);
            inFlight++;
        }
    }

    private void send(Stage stage, TaskRun task) {
        task.attempt++;
        task.taskId = taskId(stage.name(), String.valueOf(task.attempt), task.index);
        task.status = TaskRun.Status.SENT;
        task.sentAt = now;
        task.endedAt = null;
        Object message;
        try {
            message = messages.message(task.actorType, task.messageType, task.payload);
        } catch (IllegalArgumentException e) {
            task.status = TaskRun.Status.FAILED;
            task.error = new RunError(stage.name(), task.taskId, "invalid-task", e.getMessage());
            failStage(stage.name(), run.stages.get(stage.name()), task.error);
            return;
        }
        ctx.send(ActorRef.of(task.actorType, task.actorId), message,
                SendOptions.none().withIdempotencyKey(task.taskId).withTraceparent(ctx.traceparent()));
        event(TimelineEvent.Kind.TASK_SENT, stage.name(), task.taskId, task.attempt, null, null);
        if (stage.options().timeout() != null) {
            ctx.schedule(stage.options().timeout(), new RunMessage.TaskTimeout(stage.name(), task.taskId));
        }
    }

    private void taskFailed(Stage stage, StageRun sr, TaskRun task, RunError error, TimelineEvent.Kind kind) {
        task.error = error;
        event(kind, stage.name(), task.taskId, task.attempt, null, error);
        int used = task.attempt - task.base;
        if (sr.status != StageStatus.RUNNING) {
            task.status = TaskRun.Status.FAILED;
            return;
        }
        if (used < stage.options().attempts()) {
            Duration delay = stage.options().retry().cap(used);
            event(TimelineEvent.Kind.RETRY_SCHEDULED, stage.name(), task.taskId, task.attempt,
                    Json.mapper().createObjectNode().put("delay", delay.toString()), null);
            if (delay.isZero()) {
                task.status = TaskRun.Status.PENDING;
            } else {
                task.status = TaskRun.Status.RETRY_WAIT;
                ctx.schedule(delay, new RunMessage.RetryDue(stage.name(), task.taskId));
            }
            return;
        }
        task.status = TaskRun.Status.FAILED;
        failStage(stage.name(), sr, error);
    }

    private void succeed(String name, StageRun sr, JsonNode output) {
        sr.status = StageStatus.SUCCEEDED;
        sr.endedAt = now;
        sr.output = output;
        run.completed.add(name);
        run.finished.add(name);
        event(TimelineEvent.Kind.STAGE_SUCCEEDED, name, null, 0, null, null);
    }

    private void failStage(String name, StageRun sr, RunError error) {
        sr.status = StageStatus.FAILED;
        sr.endedAt = now;
        sr.error = error;
        event(TimelineEvent.Kind.STAGE_FAILED, name, null, 0, null, error);
        if (run.status == RunStatus.COMPENSATING || run.status.isTerminal()) {
            return;
        }
        run.error = error;
        startRollback(null);
    }

    private void waitForApproval(ApprovalStage stage, StageRun sr) {
        sr.approvalRound++;
        event(TimelineEvent.Kind.APPROVAL_WAITING, stage.name(), null, sr.approvalRound, null, null);
        if (stage.options().timeout() != null) {
            ctx.schedule(stage.options().timeout(), new RunMessage.ApprovalTimeout(stage.name(), sr.approvalRound));
        }
    }

    private void approvalTimedOut(ApprovalStage stage, StageRun sr) {
        ApprovalStage.OnTimeout what = stage.onTimeout() == ApprovalStage.OnTimeout.ESCALATE && sr.escalated
                ? ApprovalStage.OnTimeout.REJECT : stage.onTimeout();
        switch (what) {
            case APPROVE -> {
                ObjectNode decision = Json.mapper().createObjectNode().put("decision", "approved")
                        .put("by", "timeout").putNull("comment");
                event(TimelineEvent.Kind.APPROVED, stage.name(), null, 0, decision, null);
                succeed(stage.name(), sr, decision);
            }
            case REJECT -> {
                RunError error = new RunError(stage.name(), null, "approval-timeout", "no decision within "
                        + stage.options().timeout() + (sr.escalated ? " after escalation" : ""));
                event(TimelineEvent.Kind.REJECTED, stage.name(), null, 0, null, error);
                failStage(stage.name(), sr, error);
            }
            case ESCALATE -> {
                sr.escalated = true;
                try {
                    TaskRun t = task(sr, 0, null, stage.escalation(), context());
                    t.attempt = 1;
                    t.taskId = taskId(stage.name(), ESCALATION, ++sr.extraTasks);
                    Object message = messages.message(t.actorType, t.messageType, t.payload);
                    ctx.send(ActorRef.of(t.actorType, t.actorId), message,
                            SendOptions.none().withIdempotencyKey(t.taskId).withTraceparent(ctx.traceparent()));
                    event(TimelineEvent.Kind.APPROVAL_ESCALATED, stage.name(), t.taskId, 1, null, null);
                } catch (IllegalArgumentException e) {
                    failStage(stage.name(), sr, new RunError(stage.name(), null, "invalid-task", e.getMessage()));
                    return;
                }
                waitForApproval(stage, sr);
            }
        }
    }

    // ---- the saga ----

    private void startRollback(RunStatus goal) {
        stopActiveStages();
        run.status = RunStatus.COMPENSATING;
        if (goal != null) {
            run.goal = goal;
        }
        compensateNext();
    }

    private void stopActiveStages() {
        for (StageRun sr : run.stages.values()) {
            if (sr.status == StageStatus.RUNNING || sr.status == StageStatus.WAITING_APPROVAL) {
                sr.status = StageStatus.CANCELLED;
                sr.endedAt = now;
            }
        }
    }

    /**
     * Sends the next compensation in reverse order of completion, or ends the run when none is left. A paused run
     * sends nothing; {@link #advance()} continues here when it is resumed.
     */
    private void compensateNext() {
        if (run.paused) {
            return;
        }
        for (int i = run.completed.size() - 1; i >= 0; i--) {
            String name = run.completed.get(i);
            StageRun sr = run.stages.get(name);
            if (sr.status == StageStatus.COMPENSATING) {
                return;
            }
            if (sr.status == StageStatus.COMPENSATION_FAILED) {
                end(RunStatus.FAILED);
                return;
            }
            Task compensation = stage(name).options().compensation();
            if (sr.status == StageStatus.SUCCEEDED && compensation != null) {
                sendCompensation(name, sr, compensation);
                if (sr.status == StageStatus.COMPENSATING) {
                    return;
                }
                end(RunStatus.FAILED);
                return;
            }
        }
        boolean any = run.definition().stages().stream().anyMatch(s -> s.options().compensation() != null);
        end(run.goal != null ? run.goal : any ? RunStatus.COMPENSATED : RunStatus.FAILED);
    }

    private void sendCompensation(String name, StageRun sr, Task compensation) {
        try {
            TaskRun t = task(sr, 0, null, compensation, context());
            t.attempt = 1;
            t.taskId = taskId(name, COMPENSATION, ++sr.extraTasks);
            Object message = messages.message(t.actorType, t.messageType, t.payload);
            t.status = TaskRun.Status.SENT;
            t.sentAt = now;
            sr.compensation = t;
            sr.status = StageStatus.COMPENSATING;
            ctx.send(ActorRef.of(t.actorType, t.actorId), message,
                    SendOptions.none().withIdempotencyKey(t.taskId).withTraceparent(ctx.traceparent()));
            event(TimelineEvent.Kind.COMPENSATION_SENT, name, t.taskId, 1, null, null);
        } catch (IllegalArgumentException e) {
            sr.status = StageStatus.COMPENSATION_FAILED;
            event(TimelineEvent.Kind.COMPENSATION_FAILED, name, null, 0, null,
                    new RunError(name, null, "invalid-task", e.getMessage()));
        }
    }

    private void compensationOutcome(String name, StageRun sr, boolean ok, JsonNode reply, RunError error) {
        TaskRun t = sr.compensation;
        if (t.status != TaskRun.Status.SENT) {
            return;
        }
        t.endedAt = now;
        t.status = ok ? TaskRun.Status.SUCCEEDED : TaskRun.Status.FAILED;
        t.result = ok ? reply : null;
        t.error = error;
        if (sr.status == StageStatus.COMPENSATING) {
            sr.status = ok ? StageStatus.COMPENSATED : StageStatus.COMPENSATION_FAILED;
        }
        event(ok ? TimelineEvent.Kind.COMPENSATION_SUCCEEDED : TimelineEvent.Kind.COMPENSATION_FAILED, name,
                t.taskId, 1, reply, error);
    }

    private void end(RunStatus status) {
        run.status = status;
        run.paused = false;
        run.endedAt = now;
        event(TimelineEvent.Kind.RUN_ENDED, null, null, 0, Json.mapper().getNodeFactory().textNode(status.name()),
                null);
    }

    // ---- values ----

    private static final String COMPENSATION = "compensation";
    private static final String ESCALATION = "escalation";

    private String taskId(String stage, String attempt, int index) {
        return run.runId + "/" + stage + "/" + attempt + "/" + index;
    }

    private TaskRun task(StageRun sr, int index, String branch, Task spec, ObjectNode context) {
        TaskRun t = new TaskRun();
        t.index = index;
        t.branch = branch;
        t.actorType = spec.actorType();
        JsonNode id = eval(context, spec.actorId());
        if (!(id.isTextual() || id.isIntegralNumber())) {
            throw new IllegalArgumentException("the actor id of task " + index + " is "
                    + id.getNodeType().name().toLowerCase(java.util.Locale.ROOT) + ", not a string");
        }
        try {
            t.actorId = ActorRef.of(spec.actorType(), id.asText()).id();
        } catch (InvalidActorRefException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        t.messageType = spec.messageType();
        t.payload = Json.mapper().createObjectNode();
        spec.input().forEach((field, value) -> t.payload.set(field, eval(context, value)));
        t.attempt = sr.attemptOffset;
        t.base = sr.attemptOffset;
        return t;
    }

    private TaskRun findTask(StageRun sr, String taskId) {
        for (TaskRun t : sr.tasks) {
            if (taskId.equals(t.taskId)) {
                return t;
            }
        }
        return null;
    }

    private JsonNode output(Stage stage, StageRun sr) {
        return switch (stage) {
            case SingleStage s -> sr.tasks.getFirst().result;
            case ForkJoinStage s -> {
                ObjectNode out = Json.mapper().createObjectNode();
                sr.tasks.forEach(t -> out.set(t.branch, t.result));
                yield out;
            }
            default -> {
                ArrayNode out = Json.mapper().createArrayNode();
                sr.tasks.forEach(t -> out.add(t.result));
                yield out;
            }
        };
    }

    private JsonNode gathered(GatherStage g) {
        List<String> done = new ArrayList<>();
        for (String name : run.finished) {
            if (g.dependsOn().contains(name)) {
                done.add(name);
            }
        }
        if (g.mode() == GatherStage.Mode.FIRST) {
            return run.stages.get(done.getFirst()).output;
        }
        ObjectNode out = Json.mapper().createObjectNode();
        done.stream().limit(g.required()).forEach(n -> out.set(n, run.stages.get(n).output));
        return out;
    }

    private ObjectNode context() {
        ObjectNode context = Json.mapper().createObjectNode();
        context.set("input", run.input);
        ObjectNode stages = context.putObject("stages");
        run.stages.forEach((name, sr) -> {
            if (sr.done()) {
                stages.putObject(name).set("output", sr.output);
            }
        });
        return context;
    }

    private JsonNode arrayAt(ObjectNode context, Value v, String field) {
        JsonNode n = eval(context, v);
        if (!n.isArray()) {
            throw new IllegalArgumentException(field + " is " + n.getNodeType().name().toLowerCase(java.util.Locale.ROOT)
                    + ", not an array" + (v.isPointer() ? " (at " + v.pointer() + ")" : ""));
        }
        return n;
    }

    private static JsonNode eval(ObjectNode context, Value v) {
        return v.isPointer() ? read(context, v.pointer()) : v.literal();
    }

    private static JsonNode read(JsonNode context, String pointer) {
        JsonNode n = context.at(JsonPointer.compile(pointer));
        return n.isMissingNode() ? NullNode.instance : n;
    }

    private Stage stage(String name) {
        return run.definition().stage(name).orElseThrow();
    }

    /** Counts a task's outcome on its stage's breaker, if the stage names one. */
    private void recordOnBreaker(Stage stage, Duration took, Optional<Throwable> failure) {
        String name = stage.options().breaker();
        if (name != null) {
            breakers.record(name, took, failure);
        }
    }

    private Optional<CircuitBreaker> breaker(Stage stage) {
        String name = stage.options().breaker();
        return name == null ? Optional.empty() : Optional.of(breakers.breaker(name));
    }

    private static RunError deadLetterError(String stage, String taskId, RunMessage.TaskOutcome o) {
        MessageOutcome.Failure f = o.error();
        return new RunError(stage, taskId, f == null ? "dead-lettered" : f.type(),
                (f == null ? "" : f.message() + " ") + "(dead letter " + o.deadLetterId() + ")");
    }

    private void event(TimelineEvent.Kind kind, String stage, String taskId, int attempt, JsonNode detail,
                       RunError error) {
        run.event(new TimelineEvent(now, kind, stage, taskId, attempt, detail, error));
    }
}
