package dev.loom.pipeline;

import dev.loom.actor.ActorType;
import dev.loom.breaker.Breakers;
import dev.loom.json.Json;
import dev.loom.runtime.Loom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How pipelines are wired into a node; used by {@code LoomBuilder} and {@link Loom}, not by applications.
 * Pipelines add two actor types: {@value #RUN_TYPE} (a run per actor) and {@value #DEFINITION_TYPE} (the versions
 * of one definition per actor).
 */
public final class PipelineRuntime {
    /** The actor type of pipeline runs; the actor id is the run id. */
    public static final String RUN_TYPE = "loom.pipeline";
    /** The actor type that stores a definition's versions; the actor id is the definition's name. */
    public static final String DEFINITION_TYPE = "loom.pipeline-definition";

    private PipelineRuntime() {
    }

    /**
     * The two actor types pipelines run on. The run actor records task outcomes on {@code breakers} and builds task
     * messages with {@code types}, the node's actor types by name (read when a task is sent, so the map may be
     * completed after this call).
     */
    public static List<ActorType<?, ?>> actorTypes(Breakers breakers, Map<String, ActorType<?, ?>> types) {
        List<ActorType<?, ?>> out = new ArrayList<>();
        out.add(ActorType.builder(RUN_TYPE, RunState.class, RunMessage.class)
                .initialState(RunState.empty())
                .handler(new RunHandler(breakers, new TaskMessages(types), new PinnedDefinitions()))
                .receivesOutcomes(RunMessage.TaskOutcome::of)
                // A run applies an outcome only to a task it is waiting for (SENT), by the task's id.
                .deduplicatesOutcomes()
                // An ended run only answers queries (and a redrive) from now on: free its memory at once.
                .passivateWhen(run -> run.status != null && run.status.isTerminal())
                .build());
        out.add(ActorType.builder(DEFINITION_TYPE, DefinitionVersions.class, RegisterVersion.class)
                .initialState(DefinitionVersions.NONE)
                .handler((ctx, state, msg) -> {
                    PipelineDefinition def = msg.definition();
                    var existing = state.version(def.version());
                    if (existing.isPresent()) {
                        ctx.reply(sameContent(existing.get(), def) ? RegisterVersion.UNCHANGED : RegisterVersion.CONFLICT);
                        return state;
                    }
                    List<PipelineDefinition> versions = new ArrayList<>(state.versions());
                    versions.add(def);
                    versions.sort(java.util.Comparator.comparingInt(PipelineDefinition::version));
                    ctx.reply(RegisterVersion.REGISTERED);
                    return new DefinitionVersions(versions);
                })
                .build());
        return out;
    }

    /**
     * Whether two definitions have the same JSON form. Compared as parsed JSON rather than as objects, because a
     * stored definition's literals come back with JSON's number types (a {@code long} literal reads back as an int).
     */
    static boolean sameContent(PipelineDefinition a, PipelineDefinition b) {
        return Json.parse(a.toJson()).equals(Json.parse(b.toJson()));
    }

    /** The pipeline API of {@code loom}; operations wait at most {@code timeout} for the run actor's answer. */
    public static Pipelines pipelines(Loom loom, Duration timeout) {
        return new LoomPipelines(loom, timeout);
    }
}
