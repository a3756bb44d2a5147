package dev.loom.cli.direct;

import dev.loom.cli.CliException;
import dev.loom.cli.ExitCode;
import dev.loom.cli.Logs;
import dev.loom.cli.store.StoreKind;
import dev.loom.cli.store.Stores;
import dev.loom.runtime.Loom;
import dev.loom.spi.Store;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A Loom over a SQLite file that is built but never started: it reads state, journals and dead letters
 * straight from the file and takes no partition leases, so it does not disturb a server using the same file.
 * Actor types come from the {@link dev.loom.actor.ActorTypeProvider}s on the class path.
 */
public final class DirectLoom implements AutoCloseable {
    private final Store store;
    private final Loom loom;

    private DirectLoom(Store store, Loom loom) {
        this.store = store;
        this.loom = loom;
    }

    /**
     * @throws CliException if there is no file at {@code db} (opening would create an empty database)
     */
    public static DirectLoom open(Path db) {
        if (!Files.isRegularFile(db)) {
            throw new CliException("no Loom database at " + db.toAbsolutePath()
                    + "; give its path with --db (the demo writes ./data/loom.db)", ExitCode.FAILURE);
        }
        Logs.warningsToStderr();
        Store store = Stores.open(StoreKind.sqlite, db);
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
