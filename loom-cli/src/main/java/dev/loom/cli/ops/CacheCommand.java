package dev.loom.cli.ops;

import dev.loom.cli.ParentCommand;
import picocli.CommandLine.Command;

@Command(name = "cache", mixinStandardHelpOptions = true,
        subcommands = {CacheStatsCommand.class, CacheClearCommand.class, CacheWarmCommand.class},
        description = {"The active-actor pool (Loom's cache of actor state): stats, clear, warm.",
                "Clearing passivates matching idle actors (safe: state is durable); warming activates actors ahead of traffic."})
public final class CacheCommand extends ParentCommand {
}
