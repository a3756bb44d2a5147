package dev.loom.cli.backup;

import dev.loom.cli.remote.RemoteOptions;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Where a backup is taken from or restored to: a running server, or with {@code --direct} a SQLite file. */
public final class BackupTarget {
    @Mixin
    RemoteOptions remote;

    @Option(names = "--direct", description = "Work on the SQLite database file itself instead of a server (stop the server first).")
    boolean direct;

    @Option(names = "--db", paramLabel = "FILE", defaultValue = "data/loom.db",
            description = "With --direct: the database file (default ./${DEFAULT-VALUE}).")
    Path db;
}
