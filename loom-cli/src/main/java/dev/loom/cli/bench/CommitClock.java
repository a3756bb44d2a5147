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
 *
 * <p>Each latency is also split where the benchmark can see it, to show where the time goes: the sender's durable
 * enqueue ({@link #enqueued}: the time {@code Loom.send} took), send to the start of the message's turn (the
 * enqueue, waiting for the partition's worker and the mailbox), and the turn's start to its commit (the handler
 * and the group commit of the turn). The last report of a re-run turn is the one timed.
 */
public final class CommitClock {
    private record Handled(long sentAtNanos, long handledAtNanos) {
    }

    private final Map<String, Handled> handled = new ConcurrentHashMap<>();
    private final Histogram latencyNanos = new ConcurrentHistogram(3);
    private final Histogram enqueueNanos = new ConcurrentHistogram(3);
    private final Histogram toTurnNanos = new ConcurrentHistogram(3);
    private final Histogram turnToCommitNanos = new ConcurrentHistogram(3);
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

    /** A sender's {@code send} of a message sent at {@code sentAtNanos} returned at {@code returnedAtNanos}. */
    void enqueued(long sentAtNanos, long returnedAtNanos) {
        if (sentAtNanos >= measureFromNanos) {
            enqueueNanos.recordValue(Math.max(0, returnedAtNanos - sentAtNanos));
        }
    }

    void handled(String messageId, long sentAtNanos) {
        handled.put(messageId, new Handled(sentAtNanos, System.nanoTime()));
    }

    void committed(String messageId, long nowNanos) {
        Handled h = handled.remove(messageId);
        if (h != null) {
            if (h.sentAtNanos() >= measureFromNanos) {
                latencyNanos.recordValue(Math.max(0, nowNanos - h.sentAtNanos()));
                toTurnNanos.recordValue(Math.max(0, h.handledAtNanos() - h.sentAtNanos()));
                turnToCommitNanos.recordValue(Math.max(0, nowNanos - h.handledAtNanos()));
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

    /** A copy of the durations of {@code Loom.send} (the durable enqueue), in nanoseconds. */
    public Histogram enqueueLatencies() {
        return enqueueNanos.copy();
    }

    /** A copy of the times from send to the start of the message's turn, in nanoseconds. */
    public Histogram toTurnLatencies() {
        return toTurnNanos.copy();
    }

    /** A copy of the times from a turn's start to its commit, in nanoseconds. */
    public Histogram turnToCommitLatencies() {
        return turnToCommitNanos.copy();
    }
}
