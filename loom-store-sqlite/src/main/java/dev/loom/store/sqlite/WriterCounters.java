package dev.loom.store.sqlite;

/**
 * What the store's writer thread has done so far, for benchmarks and diagnostics: where a group commit's time
 * goes (running the statements, or the {@code COMMIT} that writes the WAL and syncs it) and how much each
 * transaction carried.
 *
 * @param transactions write transactions run (each batch is one; a batch that failed as a whole and was re-run
 *                     task by task counts once more per task)
 * @param tasks        tasks run (one per {@code commit}, {@code enqueue} or other store call)
 * @param writes       the tasks' weights added up: writes committed and messages enqueued, roughly rows
 * @param busyNanos    time spent in transactions, {@code BEGIN} to the end of {@code COMMIT}
 * @param commitNanos  the part of {@code busyNanos} spent in {@code COMMIT} statements (WAL writes and fsync)
 */
record WriterCounters(long transactions, long tasks, long writes, long busyNanos, long commitNanos) {
    /** The counters accumulated since {@code earlier} was taken. */
    WriterCounters since(WriterCounters earlier) {
        return new WriterCounters(transactions - earlier.transactions, tasks - earlier.tasks,
                writes - earlier.writes, busyNanos - earlier.busyNanos, commitNanos - earlier.commitNanos);
    }
}
