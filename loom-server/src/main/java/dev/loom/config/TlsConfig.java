package dev.loom.config;

import java.nio.file.Path;

/**
 * HTTPS from PEM files; the server reloads them when they change.
 *
 * @param certFile certificate chain (PEM)
 * @param keyFile  private key (PEM, PKCS#8 unencrypted)
 */
public record TlsConfig(Path certFile, Path keyFile) {
}
