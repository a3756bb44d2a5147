package dev.loom.runtime;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A task run on a virtual thread (or, for a task that must not wait behind the node's virtual threads, a platform
 * thread) until stopped; a failing run is logged and the next one runs. A fixed task runs
 * every interval. An adaptive task reports whether it found work: while it does it runs every {@code min}
 * interval, and while it does not the interval doubles up to {@code max}, so that an idle node sleeps; a caller
 * that knows work is coming asks for a run by a deadline ({@link #runWithin}).
 */
final class Periodic {
    private static final Logger LOG = LoggerFactory.getLogger(Periodic.class);
    private static final long NONE = Long.MAX_VALUE;

    private final String name;
    private final long minNanos;
    private final long maxNanos;
    private final BooleanSupplier task;
    /** The earliest run asked for by {@link #runWithin} (a {@link System#nanoTime} deadline), or {@link #NONE}. */
    private final AtomicLong requested = new AtomicLong(NONE);
    private volatile boolean running = true;
    private Thread thread;

    private Periodic(String name, Duration min, Duration max, BooleanSupplier task) {
        this.name = name;
        this.minNanos = min.toNanos();
        this.maxNanos = Math.max(minNanos, max.toNanos());
        this.task = task;
    }

    static Periodic start(String name, Duration interval, Runnable task) {
        return start(fixed(name, interval, task), Thread.ofVirtual());
    }

    /**
     * As {@link #start(String, Duration, Runnable)}, on a daemon platform thread. For the lease rounds: a virtual
     * thread waits for a carrier behind every runnable turn and send (thousands under load on two cores), and a
     * renewal that is late by a third of the lease's TTL makes every turn of the node wait for it.
     */
    static Periodic startOnPlatformThread(String name, Duration interval, Runnable task) {
        return start(fixed(name, interval, task), Thread.ofPlatform().daemon());
    }

    /** Runs {@code task} every {@code min} while it reports work, backing off to {@code max} while it reports none. */
    static Periodic adaptive(String name, Duration min, Duration max, BooleanSupplier task) {
        return start(new Periodic(name, min, max, task), Thread.ofVirtual());
    }

    private static Periodic fixed(String name, Duration interval, Runnable task) {
        return new Periodic(name, interval, interval, () -> {
            task.run();
            return true;
        });
    }

    private static Periodic start(Periodic p, Thread.Builder thread) {
        p.thread = thread.name("loom-" + p.name).start(p::loop);
        return p;
    }

    private void loop() {
        long interval = minNanos;
        long next = System.nanoTime() + interval;
        while (running) {
            long due = Math.min(next, requested.get());
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
                continue;
            }
            if (!running) {
                return;
            }
            // Requests made while the task runs are kept for the following round.
            requested.set(NONE);
            boolean busy = true;
            try {
                busy = task.getAsBoolean();
            } catch (RuntimeException e) {
                LOG.warn("{} failed: {}", name, e.toString());
            }
            interval = busy ? minNanos : Math.min(interval * 2, maxNanos);
            next = System.nanoTime() + interval;
        }
    }

    /** Runs the task now instead of at the next interval. */
    void nudge() {
        runWithin(Duration.ZERO);
    }

    /** Runs the task no later than {@code delay} from now (at once if it is zero or negative). */
    void runWithin(Duration delay) {
        long at = System.nanoTime() + Math.max(0, delay.toNanos());
        requested.accumulateAndGet(at, Math::min);
        LockSupport.unpark(thread);
    }

    void stop() {
        running = false;
        LockSupport.unpark(thread);
        try {
            thread.join(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
