package dev.loom.cli.actor;

import dev.loom.cli.ParentCommand;
import picocli.CommandLine.Command;

@Command(name = "state", mixinStandardHelpOptions = true, subcommands = {StateGetCommand.class, StateListCommand.class, StateTimersCommand.class},
        description = "Inspect actor state.")
public final class StateCommand extends ParentCommand {
}
