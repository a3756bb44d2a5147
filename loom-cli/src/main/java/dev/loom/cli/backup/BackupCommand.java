package dev.loom.cli.backup;

import dev.loom.cli.ParentCommand;
import picocli.CommandLine.Command;

@Command(name = "backup", mixinStandardHelpOptions = true,
        subcommands = {BackupExportCommand.class, BackupImportCommand.class},
        description = {"Export the whole store to a versioned, checksummed file; import one into an empty store.",
                "The export is consistent (snapshots, journals, timers, idempotency records, dead letters, queued",
                "messages).",
                "Against a running server (admin token), or with --direct on a SQLite file while no server uses it."})
public final class BackupCommand extends ParentCommand {
}
