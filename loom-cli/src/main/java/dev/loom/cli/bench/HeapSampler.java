package dev.loom.cli.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.concurrent.atomic.AtomicLong;

/** Samples used heap every few milliseconds on a daemon thread and keeps the peak. */
final class HeapSampler implements AutoCloseable {
    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final AtomicLong peak = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;

    HeapSampler() {
        sample();
        thread = Thread.ofPlatform().daemon().name("bench-heap-sampler").start(() -> {
            while (running) {
                sample();
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
    }

    private void sample() {
        peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
    }

    /** The highest used heap seen, in bytes. */
    long peakBytes() {
        sample();
        return peak.get();
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
