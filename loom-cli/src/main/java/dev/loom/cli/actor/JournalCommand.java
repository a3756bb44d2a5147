package dev.loom.cli.actor;

import dev.loom.cli.ParentCommand;
import picocli.CommandLine.Command;

@Command(name = "journal", mixinStandardHelpOptions = true,
        subcommands = {JournalShowCommand.class, JournalReplayCommand.class},
        description = "Read an actor's journal: one entry per committed turn.")
public final class JournalCommand extends ParentCommand {
}
