package dev.loom.cli.direct;

import dev.loom.cli.Logs;
import dev.loom.runtime.Loom;
import dev.loom.spi.Store;

/**
 * A Loom over a store that is built but never started: it reads state, journals and dead letters straight
 * from the store and takes no partition leases, so it does not disturb a server using the same data.
 * Actor types come from the {@link dev.loom.actor.ActorTypeProvider}s on the class path.
 */
public final class DirectLoom implements AutoCloseable {
    private final Store store;
    private final Loom loom;

    private DirectLoom(Store store, Loom loom) {
        this.store = store;
        this.loom = loom;
    }

    /** A Loom over {@code store}, which it closes when closed (also when building fails). */
    public static DirectLoom over(Store store) {
        Logs.warningsToStderr();
        try {
            return new DirectLoom(store, Loom.builder().store(store).discoverActors().build());
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    public Loom loom() {
        return loom;
    }

    @Override
    public void close() {
        store.close();
    }
}
