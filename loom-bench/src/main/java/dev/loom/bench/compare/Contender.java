package dev.loom.bench.compare;

import java.time.Duration;

/**
 * One system in the comparison, running the same work: durable increments of counters, each carrying a payload.
 * A contender is started on its own database of the shared PostgreSQL server and closed after its run.
 */
interface Contender extends AutoCloseable {
    /** The name printed in the results. */
    String name();

    /** How one increment is done, for the results' legend. */
    String describe();

    /**
     * Increments {@code counter} by one, carrying {@code payload}; returns once the system accepted it durably.
     * Called by many threads at once.
     *
     * @throws Exception whatever the system throws; the run stops with it
     */
    void increment(int counter, String payload) throws Exception;

    /**
     * Waits until {@code total} increments are durably applied, counting every increment since the start. By
     * default a contender's {@link #increment} returns only once its increment is applied, so there is nothing to
     * wait for.
     *
     * @return {@link System#nanoTime()} when the last of them became durable
     * @throws IllegalStateException if they were not within {@code timeout}
     */
    default long awaitApplied(long total, Duration timeout) throws InterruptedException {
        return System.nanoTime();
    }

    /**
     * The increments the database holds after the run, read back with SQL (its journal rows, events or steps), so
     * that a contender that only pretended to be durable is caught.
     */
    long durableCount() throws Exception;

    @Override
    void close() throws Exception;
}
