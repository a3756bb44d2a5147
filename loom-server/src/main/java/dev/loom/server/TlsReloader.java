package dev.loom.server;

import dev.loom.config.TlsConfig;
import io.helidon.webserver.WebServer;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the certificate and key files and hands a new TLS context to the running server when they change,
 * so certificates rotate without a restart. A half-written pair (cert and key not matching yet) is logged
 * and retried at the next check; the server keeps its current certificate meanwhile.
 */
final class TlsReloader implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TlsReloader.class);
    private final TlsConfig config;
    private final WebServer server;
    private final ScheduledExecutorService timer;
    private String loaded;

    TlsReloader(TlsConfig config, WebServer server, Duration interval) throws IOException {
        this.config = config;
        this.server = server;
        this.loaded = TlsFiles.fingerprint(config);
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "loom-tls-reloader");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::check, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void check() {
        try {
            String now = TlsFiles.fingerprint(config);
            if (now.equals(loaded)) {
                return;
            }
            server.reloadTls(config.load());
            loaded = now;
            LOG.info("TLS certificate reloaded from {}", config.certFile());
        } catch (IOException | RuntimeException e) {
            LOG.warn("TLS files changed but cannot be loaded yet ({}); keeping the current certificate", e.toString());
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
