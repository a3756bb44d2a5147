package dev.loom.cli.bench;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Times each benchmark message from its send to the store commit that made its turn durable. The handler
 * reports the message id with its send time ({@link #handled}); the store wrapper reports the ids whose turns
 * it committed ({@link #committed}). A turn re-run after a failure reports again and is counted once.
 */
public final class CommitClock {
    private final Map<String, Long> handled = new ConcurrentHashMap<>();
    private final Histogram latencyNanos = new ConcurrentHistogram(3);
    private final AtomicLong committed = new AtomicLong();
    private volatile long lastCommitNanos;
    private volatile long measureFromNanos = Long.MIN_VALUE;

    /**
     * Leaves messages sent before {@code sentAtNanos} out of the latency histogram (warm-up: JIT compilation and
     * first activations); they are still counted as committed.
     */
    void measureFrom(long sentAtNanos) {
        measureFromNanos = sentAtNanos;
    }

    void handled(String messageId, long sentAtNanos) {
        handled.put(messageId, sentAtNanos);
    }

    void committed(String messageId, long nowNanos) {
        Long sentAt = handled.remove(messageId);
        if (sentAt != null) {
            if (sentAt >= measureFromNanos) {
                latencyNanos.recordValue(Math.max(0, nowNanos - sentAt));
            }
            committed.incrementAndGet();
            lastCommitNanos = nowNanos;
        }
    }

    /** Benchmark turns committed so far. */
    public long committed() {
        return committed.get();
    }

    /** {@link System#nanoTime()} of the latest commit. */
    public long lastCommitNanos() {
        return lastCommitNanos;
    }

    /** A copy of the send-to-commit latencies, in nanoseconds. */
    public Histogram latencies() {
        return latencyNanos.copy();
    }
}
