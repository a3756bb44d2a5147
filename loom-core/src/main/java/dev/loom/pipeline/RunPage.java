package dev.loom.pipeline;

import java.util.List;

/**
 * A page of runs, ascending by run id.
 *
 * @param runs       the matching runs
 * @param nextCursor pass as {@link RunFilter#afterRunId()} for the next page; {@code null} when there is none
 */
public record RunPage(List<RunView> runs, String nextCursor) {
}
