package dev.loom.cli.server;

import dev.loom.cli.CliException;
import dev.loom.cli.ExitCode;
import dev.loom.config.ConfigException;
import dev.loom.config.HttpConfig;
import dev.loom.config.LoomConfig;
import dev.loom.server.ListenerException;
import dev.loom.server.LoomServer;
import dev.loom.spi.StoreException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "server", mixinStandardHelpOptions = true,
        description = {"Start the Loom server: the runtime, the HTTP API and ops endpoints.",
                "Actors: the jars of actors.jars ($LOOM_ACTORS_JARS, files or directories), and in development the",
                "example actors (LOOM_ACTORS_EXAMPLES=false leaves them out; a production server never has them).",
                "Configuration: the YAML file (--config or $LOOM_CONFIG) with LOOM_* environment overrides",
                "(check it first with `loom validate-config`). Stops gracefully on SIGTERM or Ctrl-C: in-flight turns",
                "finish and commit, leases are released."})
public final class ServerCommand implements Callable<Integer> {
    @Option(names = "--config", paramLabel = "FILE", description = "The YAML configuration file (default: $LOOM_CONFIG, else none).")
    Path config;

    @Option(names = "--port", paramLabel = "PORT", description = "The HTTP port, overriding the configuration (0 = any free port).")
    Integer port;

    @Override
    public Integer call() throws InterruptedException {
        Map<String, String> env = System.getenv();
        Optional<Path> file = config != null ? Optional.of(config)
                : Optional.ofNullable(env.get("LOOM_CONFIG")).filter(s -> !s.isBlank()).map(Path::of);
        LoomConfig loaded;
        try {
            loaded = LoomConfig.load(file, env);
        } catch (ConfigException e) {
            throw new CliException(e.getMessage(), ExitCode.FAILURE, e);
        }
        if (port != null) {
            if (port < 0 || port > 65_535) {
                throw new CliException("--port must be 0-65535: " + port, ExitCode.USAGE);
            }
            loaded = loaded.withHttpPort(port);
        }
        LoomServer server;
        try {
            server = LoomServer.start(loaded);
        } catch (ConfigException e) {
            throw new CliException(e.getMessage(), ExitCode.FAILURE, e);
        } catch (StoreException | ListenerException | UncheckedIOException e) {
            // The store, the listener's address or the TLS files: each message says what is wrong and what to do.
            throw new CliException("the server did not start: " + e.getMessage(), ExitCode.FAILURE, e);
        }
        String host = loaded.http().host();
        String where = host.equals(HttpConfig.PRODUCTION_HOST) || host.equals("::")
                ? "localhost:" + server.port() + " (all interfaces)"
                : (host.contains(":") ? "[" + host + "]" : host) + ":" + server.port();
        System.err.println("loom: server listening on " + (server.secure() ? "https" : "http") + "://" + where
                + " (stop with Ctrl-C or SIGTERM)");
        server.awaitTermination();
        return ExitCode.OK;
    }
}
