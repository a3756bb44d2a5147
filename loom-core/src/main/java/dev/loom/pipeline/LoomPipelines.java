package dev.loom.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loom.actor.ActorRef;
import dev.loom.actor.ActorType;
import dev.loom.actor.InvalidActorRefException;
import dev.loom.actor.SendOptions;
import dev.loom.json.Json;
import dev.loom.runtime.ActorState;
import dev.loom.runtime.Loom;
import dev.loom.runtime.Reply;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/** {@link Pipelines} over a node: every operation is an ask to a run or definition actor. */
final class LoomPipelines implements Pipelines {
    private static final int ID_PAGE = 500;
    private static final int MAX_RUN_ID = 100;

    private final Loom loom;
    private final Duration timeout;
    /**
     * Each definition actor's state as last read, with its decoded versions. A live actor hands out the same JSON
     * tree until its next turn, so an entry is valid exactly while the tree is the one read: every start reads the
     * definition actor, and decoding all its versions each time was a few percent of a run's CPU.
     */
    private final Map<String, DecodedVersions> decoded = new ConcurrentHashMap<>();
    /** The definitions runs are pinned to, shared with this node's run actors. */
    private final PinnedDefinitions pinned;

    /**
     * @throws IllegalStateException if {@code loom} has no run actor type of {@link PipelineRuntime#actorTypes}
     */
    LoomPipelines(Loom loom, Duration timeout) {
        this.loom = loom;
        this.timeout = timeout;
        this.pinned = loom.actorTypes().stream()
                .filter(t -> t.name().equals(PipelineRuntime.RUN_TYPE) && t.handler() instanceof RunHandler)
                .map(t -> ((RunHandler) t.handler()).definitions())
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("the node has no pipeline run actor type '"
                        + PipelineRuntime.RUN_TYPE + "'; enable pipelines on its builder"));
        pinned.readFrom(this::versionsOf);
    }

    @Override
    public PipelineDefinition register(PipelineDefinition definition) {
        definition.validate(catalog());
        Reply reply = loom.ask(ActorRef.of(PipelineRuntime.DEFINITION_TYPE, definition.name()),
                new RegisterVersion(definition), timeout);
        if (RegisterVersion.CONFLICT.equals(reply.value().asText())) {
            throw new DefinitionConflictException(definition.name(), definition.version());
        }
        return definition;
    }

    @Override
    public PipelineDefinition register(JsonNode definition) {
        return register(PipelineDefinition.fromJson(definition));
    }

    @Override
    public List<PipelineDefinition> definitions() {
        List<PipelineDefinition> out = new ArrayList<>();
        String after = "";
        while (true) {
            List<String> names = loom.store().journal().actorIds(PipelineRuntime.DEFINITION_TYPE, after, ID_PAGE);
            for (String name : names) {
                versionsOf(name).version(0).ifPresent(out::add);
            }
            if (names.size() < ID_PAGE) {
                return out;
            }
            after = names.getLast();
        }
    }

    @Override
    public List<PipelineDefinition> versions(String name) {
        List<PipelineDefinition> versions = versionsOf(name).versions();
        if (versions.isEmpty()) {
            throw new UnknownPipelineException(name, "no pipeline '" + name + "' is registered");
        }
        return versions;
    }

    @Override
    public PipelineDefinition definition(String name, int version) {
        DefinitionVersions all = versionsOf(name);
        return all.version(version).orElseThrow(() -> new UnknownPipelineException(name, all.versions().isEmpty()
                ? "no pipeline '" + name + "' is registered"
                : "pipeline '" + name + "' has no version " + version + "; it has "
                        + all.versions().stream().map(d -> String.valueOf(d.version())).collect(Collectors.joining(", "))));
    }

    @Override
    public String start(String pipeline, JsonNode input, String idempotencyKey) {
        return start(new StartRequest(pipeline, 0, input, idempotencyKey, null));
    }

    @Override
    public String start(StartRequest request) {
        PipelineDefinition def = definition(request.pipeline(), request.version());
        String runId = runId(request);
        JsonNode input = request.input() == null || request.input().isNull()
                ? Json.mapper().createObjectNode() : request.input();
        SendOptions options = request.idempotencyKey() == null ? SendOptions.none()
                : SendOptions.none().withIdempotencyKey(request.idempotencyKey());
        pinned.remember(def);
        RunAnswer answer = ask(runId, new RunMessage.Start(def.name(), def.version(), input, request.idempotencyKey()),
                options);
        if (answer.refusal() != null) {
            throw new IllegalRunTransitionException(runId, "start", answer.status(), answer.refusal());
        }
        return runId;
    }

    @Override
    public RunView status(String runId) {
        return find(runId).orElseThrow(() -> new UnknownRunException(runId));
    }

    @Override
    public Optional<RunView> find(String runId) {
        return runState(runId).map(RunState::view);
    }

    @Override
    public RunPage list(RunFilter filter) {
        List<RunView> runs = new ArrayList<>();
        String after = filter.afterRunId() == null ? "" : filter.afterRunId();
        int budget = 20 * filter.limit();
        Predicate<RunView> matches = matcher(filter);
        while (true) {
            int page = Math.min(ID_PAGE, budget);
            if (page == 0) {
                return new RunPage(runs, after);
            }
            List<String> ids = loom.store().journal().actorIds(PipelineRuntime.RUN_TYPE, after, page);
            budget -= ids.size();
            for (String id : ids) {
                after = id;
                Optional<RunView> run = find(id);
                if (run.isPresent() && matches.test(run.get())) {
                    runs.add(run.get());
                    if (runs.size() == filter.limit()) {
                        return new RunPage(runs, id);
                    }
                }
            }
            if (ids.size() < page) {
                return new RunPage(runs, null);
            }
        }
    }

    @Override
    public RunTimeline timeline(String runId) {
        return runState(runId).orElseThrow(() -> new UnknownRunException(runId)).timeline();
    }

    @Override
    public RunView cancel(String runId, boolean compensate) {
        return operate(runId, "cancel", new RunMessage.Cancel(compensate));
    }

    @Override
    public RunView pause(String runId) {
        return operate(runId, "pause", new RunMessage.Pause());
    }

    @Override
    public RunView resume(String runId) {
        return operate(runId, "resume", new RunMessage.Resume());
    }

    @Override
    public List<String> pauseAll(String pipeline) {
        return forEachRun(pipeline, v -> !v.status().isTerminal() && v.status() != RunStatus.PAUSED,
                new RunMessage.Pause());
    }

    @Override
    public List<String> resumeAll(String pipeline) {
        return forEachRun(pipeline, v -> v.status() == RunStatus.PAUSED, new RunMessage.Resume());
    }

    @Override
    public RunView approve(String runId, String stage, String by, String comment) {
        return operate(runId, "approve", new RunMessage.Approve(stage, by, comment));
    }

    @Override
    public RunView reject(String runId, String stage, String by, String comment) {
        return operate(runId, "reject", new RunMessage.Reject(stage, by, comment));
    }

    @Override
    public RunView redrive(String runId) {
        return operate(runId, "redrive", new RunMessage.Redrive());
    }

    private List<String> forEachRun(String pipeline, Predicate<RunView> eligible, RunMessage message) {
        List<String> done = new ArrayList<>();
        String after = "";
        while (true) {
            List<String> ids = loom.store().journal().actorIds(PipelineRuntime.RUN_TYPE, after, ID_PAGE);
            for (String id : ids) {
                Optional<RunView> run = find(id);
                if (run.isPresent() && run.get().pipeline().equals(pipeline) && eligible.test(run.get())
                        && ask(id, message, SendOptions.none()).refusal() == null) {
                    done.add(id);
                }
            }
            if (ids.size() < ID_PAGE) {
                return done;
            }
            after = ids.getLast();
        }
    }

    private RunView operate(String runId, String operation, RunMessage message) {
        if (runState(runId).isEmpty()) {
            throw new UnknownRunException(runId);
        }
        RunAnswer answer = ask(runId, message, SendOptions.none());
        if (answer.refusal() != null) {
            throw new IllegalRunTransitionException(runId, operation, answer.status(), answer.refusal());
        }
        return status(runId);
    }

    private RunAnswer ask(String runId, RunMessage message, SendOptions options) {
        return loom.ask(ActorRef.of(PipelineRuntime.RUN_TYPE, runId), message, options, timeout).as(RunAnswer.class);
    }

    private Optional<RunState> runState(String runId) {
        ActorRef ref;
        try {
            ref = ActorRef.of(PipelineRuntime.RUN_TYPE, runId);
        } catch (InvalidActorRefException e) {
            throw new UnknownRunException(runId);
        }
        RunState run = loom.state(ref, RunState.class);
        return run.started() ? Optional.of(run.resolve(pinned)) : Optional.empty();
    }

    private DefinitionVersions versionsOf(String name) {
        ActorRef ref;
        try {
            ref = ActorRef.of(PipelineRuntime.DEFINITION_TYPE, name);
        } catch (InvalidActorRefException e) {
            throw new UnknownPipelineException(name, "no pipeline '" + name + "': " + e.getMessage());
        }
        ActorState state = loom.state(ref);
        DecodedVersions known = decoded.get(name);
        if (known != null && known.tree() == state.state()) {
            return known.versions();
        }
        DefinitionVersions versions = state.as(DefinitionVersions.class);
        decoded.put(name, new DecodedVersions(state.state(), versions));
        return versions;
    }

    /** A definition actor's state tree and what it decodes to. */
    private record DecodedVersions(JsonNode tree, DefinitionVersions versions) {
    }

    private Map<String, List<String>> catalog() {
        return loom.actorTypes().stream().collect(Collectors.toMap(ActorType::name,
                t -> List.copyOf(t.messageTypes().keySet())));
    }

    private static Predicate<RunView> matcher(RunFilter f) {
        return v -> (f.pipeline() == null || f.pipeline().equals(v.pipeline()))
                && (f.status() == null || f.status() == v.status())
                && (f.startedAfter() == null || !v.startedAt().isBefore(f.startedAfter()))
                && (f.startedBefore() == null || v.startedAt().isBefore(f.startedBefore()));
    }

    /** The given run id, or one derived from the pipeline name and the idempotency key, or a fresh one. */
    private static String runId(StartRequest request) {
        if (request.runId() != null) {
            if (request.runId().length() > MAX_RUN_ID || request.runId().contains("/")) {
                throw new IllegalArgumentException("a run id is at most " + MAX_RUN_ID
                        + " characters [A-Za-z0-9._:@~+-]: " + request.runId());
            }
            ActorRef.of(PipelineRuntime.RUN_TYPE, request.runId());
            return request.runId();
        }
        if (request.idempotencyKey() == null) {
            // The milliseconds first, then 48 random bits: runs started together sort together, so the store's
            // indexes keyed by actor id (journal, idempotency records) take new runs' rows on a few pages at their
            // end rather than on a random page each.
            return request.pipeline() + "~" + HexFormat.of().toHexDigits(System.currentTimeMillis()).substring(4)
                    + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()).substring(4);
        }
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(
                    (request.pipeline() + "\n" + request.idempotencyKey()).getBytes(StandardCharsets.UTF_8));
            return request.pipeline() + "~" + HexFormat.of().formatHex(hash, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
