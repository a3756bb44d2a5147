package dev.loom.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.loom.testing.Http;
import dev.loom.testing.TestServers;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTPS from PEM files (made with openssl at test time); replacing the files rotates the certificate without a restart. */
class TlsReloadTest {
    @Test
    void servesHttpsAndPicksUpARotatedCertificate(@TempDir Path dir) throws Exception {
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        makeCertificate(dir, "loom-one", cert, key);
        SSLContext trustAll = trustAll();
        try (LoomServer server = TestServers.sqlite(dir, Map.of("LOOM_HTTP_TLS_CERT", cert.toString(),
                "LOOM_HTTP_TLS_KEY", key.toString()))) {
            assertThat(server.secure()).isTrue();
            Http https = new Http("https://localhost:" + server.port(),
                    HttpClient.newBuilder().sslContext(trustAll).connectTimeout(Duration.ofSeconds(5)).build());
            assertThat(https.get("/health/ready").status()).isEqualTo(200);
            assertThat(presentedSubject(trustAll, server.port())).contains("CN=loom-one");

            Path staging = dir.resolve("staging");
            Files.createDirectories(staging);
            makeCertificate(staging, "loom-two", staging.resolve("cert.pem"), staging.resolve("key.pem"));
            Files.move(staging.resolve("key.pem"), key, StandardCopyOption.REPLACE_EXISTING);
            Files.move(staging.resolve("cert.pem"), cert, StandardCopyOption.REPLACE_EXISTING);
            await().atMost(Duration.ofSeconds(15)).until(() -> presentedSubject(trustAll, server.port()).contains("CN=loom-two"));
            assertThat(https.get("/health").json().path("status").asText()).isEqualTo("healthy");
        }
    }

    private static String presentedSubject(SSLContext ctx, int port) throws IOException {
        try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket("localhost", port)) {
            s.startHandshake();
            return ((X509Certificate) s.getSession().getPeerCertificates()[0]).getSubjectX500Principal().getName();
        }
    }

    private static void makeCertificate(Path dir, String cn, Path cert, Path key) throws Exception {
        Process p = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                "-subj", "/CN=" + cn, "-addext", "subjectAltName=DNS:localhost", "-keyout", key.toString(),
                "-out", cert.toString()).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
    }

    private static SSLContext trustAll() throws Exception {
        TrustManager tm = new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
                assertThat(chain).isNotEmpty();
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
                assertThat(chain).isNotEmpty();
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, new TrustManager[] {tm}, new SecureRandom());
        return ctx;
    }
}
