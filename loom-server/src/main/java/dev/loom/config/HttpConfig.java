package dev.loom.config;

import java.util.Optional;

/**
 * The HTTP listener.
 *
 * @param host      the address to listen on: a host name or IP address, {@code 0.0.0.0} (or {@code ::}) for all
 *                  interfaces; by default {@code 127.0.0.1} in development and {@code 0.0.0.0} in production
 * @param port      TCP port (0 picks a free one)
 * @param bodyLimit largest accepted request body in bytes
 * @param tls       HTTPS settings, empty for plain HTTP
 */
public record HttpConfig(String host, int port, long bodyLimit, Optional<TlsConfig> tls) {
    /** Loopback: a development server is reachable from this machine only unless told otherwise. */
    public static final String DEVELOPMENT_HOST = "127.0.0.1";
    /** Every interface: a production server (typically in a container) must be reachable from outside. */
    public static final String PRODUCTION_HOST = "0.0.0.0";

    /** The default host of a server in {@code env}. */
    public static String defaultHost(DeploymentEnv env) {
        return env == DeploymentEnv.PRODUCTION ? PRODUCTION_HOST : DEVELOPMENT_HOST;
    }
}
