package dev.loom.client;

import java.util.List;
import java.util.Optional;

/**
 * A page of pipeline runs, ascending by run id. A page may be shorter than asked for and still have a next one (the
 * server reads a bounded number of runs per call).
 *
 * @param runs the runs
 * @param next the {@code after} of the next page, or {@code null} on the last page
 */
public record PipelineRunPage(List<PipelineRun> runs, String next) {
    public PipelineRunPage {
        runs = runs == null ? List.of() : List.copyOf(runs);
    }

    /** The {@code after} of the next page; empty on the last page. */
    public Optional<String> nextAfter() {
        return Optional.ofNullable(next);
    }
}
