package dev.loom.config;

import java.util.Optional;

/**
 * The HTTP listener.
 *
 * @param port      TCP port (0 picks a free one)
 * @param bodyLimit largest accepted request body in bytes
 * @param tls       HTTPS settings, empty for plain HTTP
 */
public record HttpConfig(int port, long bodyLimit, Optional<TlsConfig> tls) {
}
