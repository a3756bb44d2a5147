package dev.loom.cli.backup;

import dev.loom.cli.remote.RemoteOptions;
import dev.loom.cli.store.StoreOptions;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Where a backup is taken from or restored to: a running server, or with {@code --direct} the store itself, chosen
 * by the server's configuration and the store flags.
 */
public final class BackupTarget {
    @Mixin
    RemoteOptions remote;

    @Option(names = "--direct", description = "Work on the store itself instead of a server (stop the server first):"
            + " the store the server's configuration names (store.type, store.dataDir, LOOM_DATA_DIR), or --db FILE.")
    boolean direct;

    @Mixin
    StoreOptions store;
}
