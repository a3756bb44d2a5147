package dev.loom.cli.demo;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * What happened to the messages of this process, from the runtime's meters ({@code loom.messages.accepted} and
 * {@code loom.messages} by outcome).
 *
 * @param accepted     sends durably accepted
 * @param committed    turns committed
 * @param deduplicated sends answered with an earlier message's id because their idempotency key was known, and
 *                     messages acknowledged without running because their key had committed
 * @param retried      failed attempts that were retried
 * @param deadLettered messages moved to the dead-letter queue
 */
record Outcomes(long accepted, long committed, long deduplicated, long retried, long deadLettered) {
    static Outcomes from(MeterRegistry meters) {
        return new Outcomes(sum(meters, "loom.messages.accepted", null), sum(meters, "loom.messages", "committed"),
                sum(meters, "loom.messages", "deduplicated"), sum(meters, "loom.messages", "retried"),
                sum(meters, "loom.messages", "dead_lettered"));
    }

    /** Messages that reached a final outcome. */
    long settled() {
        return committed + deduplicated + deadLettered;
    }

    private static long sum(MeterRegistry meters, String name, String outcome) {
        var search = meters.find(name);
        if (outcome != null) {
            search = search.tag("outcome", outcome);
        }
        return (long) search.counters().stream().mapToDouble(Counter::count).sum();
    }
}
