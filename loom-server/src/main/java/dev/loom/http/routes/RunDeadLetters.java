package dev.loom.http.routes;

import dev.loom.actor.ActorRef;
import dev.loom.delivery.DeadLetterQueue;
import dev.loom.http.ApiException;
import dev.loom.pipeline.PipelineDefinition;
import dev.loom.pipeline.PipelineRuntime;
import dev.loom.pipeline.Pipelines;
import dev.loom.pipeline.RunView;
import dev.loom.spi.DeadLetter;
import dev.loom.spi.DeadLetterQuery;
import java.util.ArrayList;
import java.util.List;

/**
 * The dead letters of one run's tasks. The run actor sends every task (compensations and escalations included), so
 * its letters are those whose sender is the run ({@code loom.pipeline/<runId>}): one dead-letter query by sender,
 * read in pages. A stage's letters are those of them whose key, {@code runId/stage/attempt/index}, names the stage.
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
        DeadLetterQuery q = DeadLetterQuery.all(PAGE).withSender(ActorRef.of(PipelineRuntime.RUN_TYPE, runId).toString());
        List<DeadLetter> out = new ArrayList<>();
        while (true) {
            List<DeadLetter> page = dlq.list(q);
            page.stream().filter(d -> d.message().idempotencyKey() != null
                    && d.message().idempotencyKey().startsWith(prefix)).forEach(out::add);
            if (page.size() < PAGE) {
                return out;
            }
            q = q.after(page.getLast().id());
        }
    }
}
