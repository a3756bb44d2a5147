package dev.loom.cli;

import dev.loom.cli.actor.AskCommand;
import dev.loom.cli.actor.JournalCommand;
import dev.loom.cli.actor.SendCommand;
import dev.loom.cli.actor.StateCommand;
import dev.loom.cli.backup.BackupCommand;
import dev.loom.cli.bench.BenchCommand;
import dev.loom.cli.config.ValidateConfigCommand;
import dev.loom.cli.config.ValidateProductionCommand;
import dev.loom.cli.server.ServerCommand;
import dev.loom.cli.demo.DemoCommand;
import dev.loom.cli.dlq.DlqCommand;
import dev.loom.cli.ops.BreakersCommand;
import dev.loom.cli.ops.CacheCommand;
import dev.loom.cli.traces.TracesCommand;
import dev.loom.cli.ops.HealthCommand;
import dev.loom.cli.ops.PartitionsCommand;
import dev.loom.cli.ops.QueuesCommand;
import dev.loom.cli.ops.SlowCommand;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The {@code loom} command: runs a server, the demo and benchmarks, and operates a running server over its
 * HTTP API. Every failure ends with a one-line {@code loom: ...} message on standard error and a non-zero
 * exit code (see {@link ExitCode}).
 */
@Command(name = "loom", mixinStandardHelpOptions = true, usageHelpWidth = 110, versionProvider = VersionProvider.class,
        description = {"Loom: a durable actor runtime for the JVM.",
                "Commands that talk to a server take --url (default: $LOOM_URL, else http://localhost:3000)",
                "and --token (default: $LOOM_TOKEN); add --json for machine-readable output."},
        subcommands = {
                ServerCommand.class,
                DemoCommand.class,
                HealthCommand.class,
                SendCommand.class,
                AskCommand.class,
                StateCommand.class,
                JournalCommand.class,
                DlqCommand.class,
                QueuesCommand.class,
                BreakersCommand.class,
                CacheCommand.class,
                TracesCommand.class,
                SlowCommand.class,
                PartitionsCommand.class,
                BackupCommand.class,
                BenchCommand.class,
                ValidateConfigCommand.class,
                ValidateProductionCommand.class,
                CommandLine.HelpCommand.class
        },
        footer = {"", "Exit codes: 0 success, 1 failure (server error, check failed), 2 bad command line, 3 server unreachable."})
public final class LoomCommand extends ParentCommand {
    private final Map<String, String> environment;

    private LoomCommand(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line (error reporting included) over the process's environment. */
    public static CommandLine commandLine() {
        return commandLine(System.getenv());
    }

    /**
     * The configured command line over {@code environment}: the commands that read configuration (store
     * selection, {@code LOOM_CONFIG}, {@code LOOM_DATA_DIR}) read it from here, so tests can run them in-process
     * with an environment of their own.
     */
    public static CommandLine commandLine(Map<String, String> environment) {
        CommandLine cmd = new CommandLine(new LoomCommand(environment));
        cmd.setExecutionExceptionHandler(new ErrorReporter());
        cmd.setCaseInsensitiveEnumValuesAllowed(true);
        cmd.setUsageHelpWidth(110);
        // `loom bench --store memory` names a store, although `memory` is also a bench subcommand.
        cmd.setAllowSubcommandsAsOptionParameters(true);
        return cmd;
    }

    /** The environment the command line of {@code spec} was created with. */
    public static Map<String, String> environment(CommandSpec spec) {
        return spec.root().userObject() instanceof LoomCommand root ? root.environment : System.getenv();
    }
}
