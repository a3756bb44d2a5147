package dev.loom.config;

import io.helidon.common.configurable.Resource;
import io.helidon.common.pki.Keys;
import io.helidon.common.tls.Tls;
import java.nio.file.Path;

/**
 * HTTPS from PEM files; the server reloads them when they change.
 *
 * @param certFile certificate chain (PEM)
 * @param keyFile  private key (PEM, PKCS#8 unencrypted)
 */
public record TlsConfig(Path certFile, Path keyFile) {
    /**
     * Reads both files into Helidon's TLS settings.
     *
     * @throws RuntimeException (Helidon's {@code PkiException}, {@code IllegalArgumentException} or
     *                          {@code IllegalStateException}) if the files do not hold a certificate chain and an
     *                          unencrypted PKCS#8 private key in PEM form
     */
    public Tls load() {
        Keys keys = Keys.builder()
                .pem(pem -> pem.key(Resource.create(keyFile)).certChain(Resource.create(certFile)))
                .build();
        return Tls.builder().privateKey(keys).privateKeyCertChain(keys).build();
    }
}
