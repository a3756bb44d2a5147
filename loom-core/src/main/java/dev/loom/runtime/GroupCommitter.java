package dev.loom.runtime;

import dev.loom.runtime.metrics.RuntimeMetrics;
import dev.loom.spi.Store;
import dev.loom.spi.StoreException;
import dev.loom.spi.Write;
import dev.loom.spi.WriteResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Collects writes from many turns and commits them to the store in batches, on one platform thread (store
 * drivers may pin virtual threads). Under load it lingers briefly to fill a batch; an idle node commits at
 * once. The store it is given is the runtime's guarded one ({@link dev.loom.breaker.Breakers#guard}),
 * so every commit goes through the {@code store} circuit breaker. Each applied write is shown to an observer
 * (on the committer's thread, before its submitter hears of it), which is how the engine learns of committed timers.
 */
final class GroupCommitter {
    private record Pending(Write write, CompletableFuture<WriteResult> result) {
    }

    private final Store store;
    private final RuntimeMetrics metrics;
    private final int maxBatch;
    private final long lingerNanos;
    private final Consumer<Write> applied;
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean running = true;
    private int lastBatchSize;

    GroupCommitter(Store store, RuntimeMetrics metrics, int maxBatch, Duration linger,
                   Consumer<Write> applied) {
        this.store = store;
        this.applied = applied;
        this.metrics = metrics;
        this.maxBatch = maxBatch;
        this.lingerNanos = linger.toNanos();
        this.thread = Thread.ofPlatform().daemon().name("loom-committer").unstarted(this::loop);
    }

    void start() {
        thread.start();
    }

    /** Queues a write; the future completes when it is committed, or fails with a {@link StoreException}. */
    CompletableFuture<WriteResult> submit(Write write) {
        CompletableFuture<WriteResult> f = new CompletableFuture<>();
        if (!running) {
            f.completeExceptionally(new StoreException("the node is stopped; nothing more is committed"));
            return f;
        }
        queue.add(new Pending(write, f));
        return f;
    }

    /** Submits and waits; throws the store's failure. */
    WriteResult commit(Write write) {
        try {
            return submit(write).join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw e;
        }
    }

    /** Commits what is queued, then stops. Later submissions fail. */
    void stop() {
        running = false;
        thread.interrupt();
        try {
            thread.join(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        failAll(drain(), new StoreException("the node stopped before this write was committed"));
    }

    private void loop() {
        while (running || !queue.isEmpty()) {
            List<Pending> batch;
            try {
                batch = nextBatch();
            } catch (InterruptedException e) {
                if (!running) {
                    batch = drain();
                    if (batch.isEmpty()) {
                        return;
                    }
                } else {
                    continue;
                }
            }
            if (!batch.isEmpty()) {
                commit(batch);
            }
        }
    }

    private List<Pending> nextBatch() throws InterruptedException {
        List<Pending> batch = new ArrayList<>();
        Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
            return batch;
        }
        batch.add(first);
        queue.drainTo(batch, maxBatch - 1);
        if (lingerNanos > 0 && lastBatchSize > 1 && batch.size() < maxBatch) {
            long deadline = System.nanoTime() + lingerNanos;
            long left;
            while (batch.size() < maxBatch && (left = deadline - System.nanoTime()) > 0) {
                Pending p = queue.poll(left, TimeUnit.NANOSECONDS);
                if (p == null) {
                    break;
                }
                batch.add(p);
                queue.drainTo(batch, maxBatch - batch.size());
            }
        }
        return batch;
    }

    private List<Pending> drain() {
        List<Pending> rest = new ArrayList<>();
        queue.drainTo(rest);
        return rest;
    }

    private void commit(List<Pending> batch) {
        lastBatchSize = batch.size();
        List<Write> writes = new ArrayList<>(batch.size());
        for (Pending p : batch) {
            writes.add(p.write());
        }
        long start = System.nanoTime();
        try {
            List<WriteResult> results = store.commit(writes);
            metrics.commit(batch.size(), System.nanoTime() - start);
            if (results.size() != batch.size()) {
                throw new StoreException("store " + store.name() + " answered " + results.size()
                        + " results for " + batch.size() + " writes");
            }
            for (int i = 0; i < batch.size(); i++) {
                if (results.get(i) instanceof WriteResult.Applied) {
                    applied.accept(writes.get(i));
                }
                if (results.get(i) instanceof WriteResult.Fenced) {
                    metrics.fenced();
                }
                batch.get(i).result().complete(results.get(i));
            }
        } catch (StoreException e) {
            failAll(batch, e);
        } catch (RuntimeException e) {
            failAll(batch, new StoreException("store commit failed: " + e, e));
        }
    }

    private static void failAll(List<Pending> batch, RuntimeException e) {
        for (Pending p : batch) {
            p.result().completeExceptionally(e);
        }
    }
}
