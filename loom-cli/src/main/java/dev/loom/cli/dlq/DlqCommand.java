package dev.loom.cli.dlq;

import dev.loom.cli.ParentCommand;
import picocli.CommandLine.Command;

@Command(name = "dlq", mixinStandardHelpOptions = true,
        subcommands = {DlqListCommand.class, DlqShowCommand.class, DlqRedriveCommand.class, DlqPurgeCommand.class},
        description = {"Dead letters: messages that failed their last retry.",
                "Recovery: list, inspect the error, fix the cause, then redrive (attempts reset) or purge."})
public final class DlqCommand extends ParentCommand {
}
