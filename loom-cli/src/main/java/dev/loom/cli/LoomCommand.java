package dev.loom.cli;

import dev.loom.cli.actor.AskCommand;
import dev.loom.cli.actor.JournalCommand;
import dev.loom.cli.actor.SendCommand;
import dev.loom.cli.actor.StateCommand;
import dev.loom.cli.actor.TypesCommand;
import dev.loom.cli.backup.BackupCommand;
import dev.loom.cli.bench.BenchCommand;
import dev.loom.cli.cluster.ClusterCommand;
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
import dev.loom.cli.pipeline.PipelineCommand;
import java.util.Arrays;
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
                ClusterCommand.class,
                DemoCommand.class,
                HealthCommand.class,
                SendCommand.class,
                AskCommand.class,
                StateCommand.class,
                JournalCommand.class,
                TypesCommand.class,
                DlqCommand.class,
                QueuesCommand.class,
                BreakersCommand.class,
                CacheCommand.class,
                TracesCommand.class,
                PipelineCommand.class,
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
        System.exit(commandLine(System.getenv(), args).execute(args));
    }

    /** The configured command line with every command (error reporting included) over the process's environment. */
    public static CommandLine commandLine() {
        return commandLine(System.getenv());
    }

    /**
     * The configured command line with every command over {@code environment}: the commands that read
     * configuration (store selection, {@code LOOM_CONFIG}, {@code LOOM_DATA_DIR}) read it from here, so tests can
     * run them in-process with an environment of their own.
     */
    public static CommandLine commandLine(Map<String, String> environment) {
        return configure(new CommandLine(new LoomCommand(environment)));
    }

    /**
     * The command line over {@code environment} that runs {@code args}, with only the commands they need: when
     * they start with a command's name, a root with that one command's tree; for {@code --version} alone, a root
     * without commands; else (help, no command, a typo) the full tree. Picocli inspects the annotations of every
     * command it is given, and doing that for all of them took most of a short command's time (about 0.4 s of
     * {@code loom send}); parsing and running one command needs nothing from its siblings. {@code help} needs
     * them all, so it always gets the full tree.
     */
    public static CommandLine commandLine(Map<String, String> environment, String[] args) {
        if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
            return configure(new CommandLine(root(environment).mixinStandardHelpOptions(true)
                    .versionProvider(new VersionProvider())));
        }
        Class<?> named = args.length == 0 ? null : subcommandNamed(args[0]);
        if (named == null || named == CommandLine.HelpCommand.class) {
            return commandLine(environment);
        }
        // The root only names the path ("Usage: loom send ...") and carries the environment; it is never run,
        // because a command follows it.
        CommandLine cmd = new CommandLine(root(environment));
        cmd.addSubcommand(new CommandLine(named));
        return configure(cmd);
    }

    /** A root {@code loom} that is not inspected, so the subcommands of its annotation are not built. */
    private static CommandSpec root(Map<String, String> environment) {
        return CommandSpec.wrapWithoutInspection(new LoomCommand(environment)).name("loom");
    }

    private static Class<?> subcommandNamed(String name) {
        for (Class<?> c : LoomCommand.class.getAnnotation(Command.class).subcommands()) {
            Command command = c.getAnnotation(Command.class);
            if (command.name().equals(name) || Arrays.asList(command.aliases()).contains(name)) {
                return c;
            }
        }
        return null;
    }

    private static CommandLine configure(CommandLine cmd) {
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
