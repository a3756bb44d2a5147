package dev.loom.cli.remote;

import dev.loom.actor.ActorRef;
import dev.loom.cli.CliException;
import dev.loom.cli.ExitCode;
import dev.loom.client.ActorAddress;
import dev.loom.client.LoomClient;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The options of every command that talks to a running server: where it is and which token to present. */
public final class RemoteOptions {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    @Option(names = "--url", paramLabel = "URL", defaultValue = "${env:LOOM_URL:-http://localhost:3000}",
            description = "Loom server URL (default: $LOOM_URL, else http://localhost:3000).")
    String url;

    @Option(names = "--token", paramLabel = "TOKEN", defaultValue = "${env:LOOM_TOKEN}",
            description = "Bearer token (default: $LOOM_TOKEN, else the development admin token a local `loom server` keeps in"
                    + " $LOOM_DATA_DIR/admin.token, ./data/admin.token by default). Reads need the reader role, sends writer,"
                    + " admin commands admin.")
    String token;

    /**
     * A client for the configured server. It does not retry: a command is one attempt whose outcome the user sees
     * (and re-runs, with {@code --idempotency-key} for a send that must not be doubled), so no idempotency key is
     * added to a send that was given none.
     *
     * @throws CliException if the URL is not an absolute http(s) URL
     */
    public LoomClient client() {
        return LoomClient.builder().baseUrl(baseUri()).token(token().orElse(null)).connectTimeout(CONNECT_TIMEOUT)
                .requestTimeout(REQUEST_TIMEOUT).retries(0, Duration.ZERO).build();
    }

    /** The client's address of {@code actor}. */
    public static ActorAddress address(ActorRef actor) {
        return ActorAddress.of(actor.type(), actor.id());
    }

    /**
     * The token given, or the local development server's token file when none was given at all.
     *
     * @throws CliException if the development token file exists but cannot be read
     */
    public Optional<String> token() {
        if (token != null) {
            return token.isBlank() ? Optional.empty() : Optional.of(token);
        }
        Path file = Path.of(Optional.ofNullable(System.getenv("LOOM_DATA_DIR")).orElse("data"), "admin.token");
        if (!Files.isReadable(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Files.readString(file).strip());
        } catch (IOException e) {
            throw new CliException("cannot read the development token file " + file + ": " + e.getMessage(), ExitCode.FAILURE);
        }
    }

    /**
     * The server's base URL as given by {@code --url} or {@code LOOM_URL}.
     *
     * @throws CliException if the URL is not an absolute http(s) URL
     */
    public URI baseUri() {
        URI uri;
        try {
            uri = new URI(url.endsWith("/") ? url : url + "/");
        } catch (URISyntaxException e) {
            throw new CliException("invalid --url '" + url + "': " + e.getReason(), ExitCode.USAGE);
        }
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
            throw new CliException("invalid --url '" + url + "': expected http://host[:port] or https://host[:port]",
                    ExitCode.USAGE);
        }
        return uri;
    }
}
