package dev.loom.cli.ops;

import dev.loom.cli.ParentCommand;
import picocli.CommandLine.Command;

@Command(name = "breakers", mixinStandardHelpOptions = true,
        subcommands = {BreakersListCommand.class, BreakersResetCommand.class},
        description = "Circuit breakers: list their states, reset one.")
public final class BreakersCommand extends ParentCommand {
}
