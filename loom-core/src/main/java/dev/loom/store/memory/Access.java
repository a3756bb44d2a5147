package dev.loom.store.memory;

import dev.loom.spi.StoreException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The single lock every operation of an {@link InMemoryStore} runs under, and the checks that make a
 * closed or (deliberately) unavailable store refuse to answer.
 */
final class Access {
    private final ReentrantLock lock = new ReentrantLock();
    private volatile boolean open = true;
    private volatile boolean available = true;

    <T> T call(Supplier<T> action) {
        lock.lock();
        try {
            checkUsable();
            return action.get();
        } finally {
            lock.unlock();
        }
    }

    void run(Runnable action) {
        call(() -> {
            action.run();
            return null;
        });
    }

    void setAvailable(boolean available) {
        this.available = available;
    }

    void close() {
        lock.lock();
        try {
            open = false;
        } finally {
            lock.unlock();
        }
    }

    private void checkUsable() {
        if (!open) {
            throw new StoreException("store is closed");
        }
        if (!available) {
            throw new StoreException("in-memory store is unavailable (outage simulated by setAvailable(false))");
        }
    }
}
