package dev.loom.pipeline;

import java.util.List;

/**
 * A run's history: every stage with its start, end, attempts, errors and task results, and the events in order.
 * The run keeps its most recent {@value #MAX_EVENTS} events; {@code droppedEvents} counts older ones (the actor
 * journal keeps every turn, see {@link dev.loom.runtime.Loom#journal}).
 *
 * @param runId         the run
 * @param status        its status
 * @param stages        its stages
 * @param events        its recent events, oldest first
 * @param droppedEvents how many older events are no longer kept
 */
public record RunTimeline(String runId, RunStatus status, List<StageView> stages, List<TimelineEvent> events,
                          long droppedEvents) {
    /** How many events a run keeps in its state. */
    public static final int MAX_EVENTS = 500;
}
