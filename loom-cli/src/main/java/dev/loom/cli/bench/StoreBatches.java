package dev.loom.cli.bench;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The store's group-commit batch sizes as the runtime's {@code loom.store.commit.batch} meter saw them.
 *
 * @param commits group commits
 * @param mean    writes per commit, on average
 * @param max     most writes in one commit
 */
record StoreBatches(long commits, double mean, double max) {
    static StoreBatches from(MeterRegistry meters) {
        DistributionSummary s = meters.find("loom.store.commit.batch").summary();
        if (s == null) {
            return new StoreBatches(0, 0, 0);
        }
        return new StoreBatches(s.count(), s.mean(), s.max());
    }
}
