package dev.loom.cli.backup;

import dev.loom.cli.ParentCommand;
import picocli.CommandLine.Command;

@Command(name = "backup", mixinStandardHelpOptions = true,
        subcommands = {BackupExportCommand.class, BackupImportCommand.class},
        description = {"Backups: a consistent, versioned export of the whole store (snapshots, journals, timers,",
                "idempotency records, dead letters, queued messages) and its import into an empty store.",
                "Against a running server (admin token), or with --direct on a SQLite file while no server uses it."})
public final class BackupCommand extends ParentCommand {
}
