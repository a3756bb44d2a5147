package dev.loom.runtime;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A task run every interval on a virtual thread until stopped; a failing run is logged and the next one runs. */
final class Periodic {
    private static final Logger LOG = LoggerFactory.getLogger(Periodic.class);

    private final String name;
    private final Duration interval;
    private final Runnable task;
    private volatile boolean running = true;
    private Thread thread;

    private Periodic(String name, Duration interval, Runnable task) {
        this.name = name;
        this.interval = interval;
        this.task = task;
    }

    static Periodic start(String name, Duration interval, Runnable task) {
        Periodic p = new Periodic(name, interval, task);
        p.thread = Thread.ofVirtual().name("loom-" + name).start(p::loop);
        return p;
    }

    private void loop() {
        while (running) {
            LockSupport.parkNanos(interval.toNanos());
            if (!running) {
                return;
            }
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.warn("{} failed: {}", name, e.toString());
            }
        }
    }

    /** Runs the task now instead of at the next interval. */
    void nudge() {
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
