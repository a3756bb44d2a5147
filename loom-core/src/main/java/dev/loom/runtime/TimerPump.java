package dev.loom.runtime;

import dev.loom.spi.Timer;
import dev.loom.spi.Write;
import dev.loom.spi.WriteResult;
import dev.loom.timer.TimerFiring;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Fires due timers of the partitions this node holds: each firing is a fenced write that deletes the timer
 * and enqueues its message (and a reminder's next timer) in one change, so a timer fires once.
 */
final class TimerPump implements Runnable {
    private static final int BATCH = 500;
    private final Engine engine;

    TimerPump(Engine engine) {
        this.engine = engine;
    }

    @Override
    public void run() {
        int fired;
        do {
            fired = fireDue();
        } while (fired == BATCH);
    }

    private int fireDue() {
        Map<Integer, PartitionWorker> workers = engine.workers();
        if (workers.isEmpty()) {
            return 0;
        }
        Instant now = engine.now();
        List<Timer> due = engine.store().timers().due(workers.keySet(), now, BATCH);
        List<CompletableFuture<WriteResult>> results = new ArrayList<>(due.size());
        List<PartitionWorker> owners = new ArrayList<>(due.size());
        for (Timer t : due) {
            PartitionWorker w = workers.get(t.envelope().partition());
            if (w == null) {
                continue;
            }
            TimerFiring f = TimerFiring.of(t, now);
            results.add(engine.committer().submit(new Write.FireTimer(w.partition, w.epoch, t.timerId(), f.deliver(), f.next())));
            owners.add(w);
        }
        for (int i = 0; i < results.size(); i++) {
            if (results.get(i).join() instanceof WriteResult.Applied) {
                owners.get(i).signal();
            }
        }
        return due.size();
    }
}
