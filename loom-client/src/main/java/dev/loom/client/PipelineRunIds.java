package dev.loom.client;

import java.util.List;

/**
 * The runs of one pipeline an operation on all of them changed ({@code POST /api/pipelines/{name}/pause|resume}).
 *
 * @param pipeline the pipeline
 * @param runs     the ids of the runs paused or resumed
 */
public record PipelineRunIds(String pipeline, List<String> runs) {
    public PipelineRunIds {
        runs = runs == null ? List.of() : List.copyOf(runs);
    }
}
