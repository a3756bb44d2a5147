package dev.loom.server;

import dev.loom.config.TlsConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Fingerprints the configured PEM files, to notice when they change. */
final class TlsFiles {
    private TlsFiles() {
    }

    /** Modification times and sizes of both files; changes when either file is replaced or rewritten. */
    static String fingerprint(TlsConfig config) throws IOException {
        return stamp(config.certFile()) + "|" + stamp(config.keyFile());
    }

    private static String stamp(Path p) throws IOException {
        return Files.getLastModifiedTime(p).toMillis() + ":" + Files.size(p) + ":" + Files.readString(p).hashCode();
    }
}
