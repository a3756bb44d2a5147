package dev.loom.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loom.health.HealthChecker;
import dev.loom.runtime.Loom;
import dev.loom.store.sqlite.SqliteStore;
import dev.loom.store.sqlite.SqliteStoreOptions;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Readiness follows the server's phase, the store and the partitions, over a real SQLite store. */
class ReadinessTest {
    @Test
    void readinessFollowsPhaseStoreAndPartitions(@TempDir Path dir) {
        SqliteStore store = SqliteStore.open(SqliteStoreOptions.at(dir.resolve("loom.db")));
        Loom loom = Loom.builder().store(store).discoverActors().leaseTtl(Duration.ofSeconds(3)).build();
        Lifecycle lifecycle = new Lifecycle(Clock.systemUTC());
        HealthChecker health = new HealthChecker(loom, lifecycle, Clock.systemUTC());
        try {
            assertThat(health.readiness().reason()).contains("starting");
            lifecycle.running();
            assertThat(health.readiness().reason()).contains("no partitions held");
            assertThat(health.health().body().path("checks").path("partitions").path("status").asText()).isEqualTo("down");
            loom.start();
            assertThat(health.readiness().ready()).isTrue();
            assertThat(health.health().status()).isEqualTo("healthy");
            assertThat(lifecycle.beginDraining()).isTrue();
            assertThat(lifecycle.acceptsWork()).isFalse();
            assertThat(health.readiness().reason()).contains("draining");
            assertThat(health.health().status()).isEqualTo("degraded");
        } finally {
            loom.shutdown(Duration.ofSeconds(5));
            store.close();
        }
        lifecycle.stopped();
        assertThat(health.readiness().reason()).contains("draining");
        HealthChecker.Report report = health.health();
        assertThat(report.status()).isEqualTo("unhealthy");
        assertThat(report.ok()).isFalse();
        assertThat(report.body().path("checks").path("store").path("message").asText()).isNotBlank();
    }

    @Test
    void unreachableStoreMakesTheNodeNotReady(@TempDir Path dir) {
        SqliteStore store = SqliteStore.open(SqliteStoreOptions.at(dir.resolve("loom.db")));
        Loom loom = Loom.builder().store(store).discoverActors().leaseTtl(Duration.ofSeconds(3)).build();
        Lifecycle lifecycle = new Lifecycle(Clock.systemUTC());
        HealthChecker health = new HealthChecker(loom, lifecycle, Clock.systemUTC());
        loom.start();
        lifecycle.running();
        try {
            assertThat(health.readiness().ready()).isTrue();
            store.close();
            assertThat(health.readiness().reason()).hasValueSatisfying(r -> assertThat(r).startsWith("store unreachable"));
        } finally {
            loom.shutdown(Duration.ofSeconds(5));
        }
    }
}
