package dev.loom.http.routes;

import dev.loom.delivery.DeadLetterQueue;
import dev.loom.http.ApiException;
import dev.loom.pipeline.ApprovalStage;
import dev.loom.pipeline.BroadcastStage;
import dev.loom.pipeline.ForkJoinStage;
import dev.loom.pipeline.GatherStage;
import dev.loom.pipeline.PipelineDefinition;
import dev.loom.pipeline.Pipelines;
import dev.loom.pipeline.RunView;
import dev.loom.pipeline.ScatterStage;
import dev.loom.pipeline.SingleStage;
import dev.loom.pipeline.Stage;
import dev.loom.pipeline.Task;
import dev.loom.spi.DeadLetter;
import dev.loom.spi.DeadLetterQuery;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The dead letters of one run's tasks. Every task message a run sends carries the idempotency key
 * {@code runId/stage/attempt/index} (compensations and escalations included), so a run's letters are those of the
 * queues its definition sends to whose message key starts with {@code runId/}. The dead-letter query has no filter
 * by key, so this reads each of those queues' letters in pages: the cost grows with the size of those queues, not
 * of the whole dead-letter queue.
 */
final class RunDeadLetters {
    private static final int PAGE = 1000;

    private final Pipelines pipelines;
    private final DeadLetterQueue dlq;

    RunDeadLetters(Pipelines pipelines, DeadLetterQueue dlq) {
        this.pipelines = pipelines;
        this.dlq = dlq;
    }

    /**
     * The letters of run {@code runId}, of the stage {@code stage} only unless it is {@code null}, ordered by id.
     *
     * @throws dev.loom.pipeline.UnknownRunException if no run has this id
     * @throws ApiException                          (400) if the definition has no such stage
     */
    List<DeadLetter> of(String runId, String stage) {
        RunView run = pipelines.status(runId);
        PipelineDefinition def = pipelines.definition(run.pipeline(), run.version());
        if (stage != null && def.stage(stage).isEmpty()) {
            throw ApiException.badField("bad_request", "stage", "pipeline '" + def.name() + "' version " + def.version()
                    + " has no stage '" + stage + "'");
        }
        String prefix = runId + "/" + (stage == null ? "" : stage + "/");
        List<DeadLetter> out = new ArrayList<>();
        for (String queue : queues(def, stage)) {
            DeadLetterQuery q = new DeadLetterQuery(queue, null, null, null, PAGE);
            while (true) {
                List<DeadLetter> page = dlq.list(q);
                page.stream().filter(d -> d.message().idempotencyKey() != null
                        && d.message().idempotencyKey().startsWith(prefix)).forEach(out::add);
                if (page.size() < PAGE) {
                    break;
                }
                q = q.after(page.getLast().id());
            }
        }
        out.sort(Comparator.comparing(DeadLetter::id));
        return out;
    }

    /** The actor types the stages (one stage, unless {@code null}) send tasks, compensations and escalations to. */
    private static Set<String> queues(PipelineDefinition def, String stage) {
        Set<String> out = new TreeSet<>();
        for (Stage s : def.stages()) {
            if (stage != null && !stage.equals(s.name())) {
                continue;
            }
            switch (s) {
                case SingleStage single -> out.add(single.task().actorType());
                case ScatterStage scatter -> out.add(scatter.task().actorType());
                case BroadcastStage broadcast -> out.add(broadcast.actorType());
                case ForkJoinStage fork -> fork.branches().values().forEach(t -> out.add(t.actorType()));
                case ApprovalStage approval -> {
                    if (approval.escalation() != null) {
                        out.add(approval.escalation().actorType());
                    }
                }
                case GatherStage gather -> { }
            }
            Task compensation = s.options().compensation();
            if (compensation != null) {
                out.add(compensation.actorType());
            }
        }
        return out;
    }
}
