package dev.loom.server;

import dev.loom.config.TlsConfig;
import io.helidon.common.configurable.Resource;
import io.helidon.common.pki.Keys;
import io.helidon.common.tls.Tls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Builds Helidon TLS settings from the configured PEM files, and fingerprints the files to notice changes. */
final class TlsFiles {
    private TlsFiles() {
    }

    /**
     * @throws IllegalArgumentException (Helidon's) or IllegalStateException if the PEM files do not hold a key
     *                                  and a certificate chain
     */
    static Tls load(TlsConfig config) {
        Keys keys = Keys.builder()
                .pem(pem -> pem.key(Resource.create(config.keyFile())).certChain(Resource.create(config.certFile())))
                .build();
        return Tls.builder().privateKey(keys).privateKeyCertChain(keys).build();
    }

    /** Modification times and sizes of both files; changes when either file is replaced or rewritten. */
    static String fingerprint(TlsConfig config) throws IOException {
        return stamp(config.certFile()) + "|" + stamp(config.keyFile());
    }

    private static String stamp(Path p) throws IOException {
        return Files.getLastModifiedTime(p).toMillis() + ":" + Files.size(p) + ":" + Files.readString(p).hashCode();
    }
}
