package dev.loom.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.loom.actor.ActorRef;
import dev.loom.partition.Partitioner;
import dev.loom.spi.Envelope;
import dev.loom.spi.Lease;
import dev.loom.spi.NodeRecord;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Lease renewals and heartbeats have connections of their own: with every connection of the main pool held by
 * calls that wait, a lease round still completes at once.
 */
class LeaseRoundsTest {
    private static final Duration TTL = Duration.ofSeconds(30);
    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
    private static final int PARTITIONS = 2;
    private static final int POOL = 2;

    private final TestPostgres pg = TestPostgres.get();
    private final String schema = "rounds_" + ProcessHandle.current().pid() + "_" + System.nanoTime();

    @AfterEach
    void drop() {
        pg.dropSchema(schema);
    }

    @Test
    void aLeaseRoundCompletesWhileEveryPooledConnectionWaits() throws Exception {
        PostgresStoreOptions options = PostgresStoreOptions.of(pg.url(), TestPostgres.USER, TestPostgres.PASSWORD)
                .withSchema(schema).withPoolSize(POOL).withPartitions(PARTITIONS);
        try (PostgresStore store = PostgresStore.open(options);
             ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
             Connection blocker = DriverManager.getConnection(pg.url(), TestPostgres.USER, TestPostgres.PASSWORD)) {
            Lease lease = store.leases().acquire(0, "node", TTL, T0).orElseThrow();
            blocker.setAutoCommit(false);
            try (Statement st = blocker.createStatement()) {
                st.execute("SET LOCAL search_path TO \"" + schema + "\"");
                // every enqueue into partition 0 waits for this row lock, holding its pooled connection meanwhile
                st.executeQuery("SELECT partition FROM partitions WHERE partition = 0 FOR UPDATE").close();
            }
            List<CompletableFuture<?>> waiting = new ArrayList<>();
            for (int i = 0; i < POOL; i++) {
                Envelope e = keyed(i);
                waiting.add(CompletableFuture.supplyAsync(() -> store.messages().enqueueUnlessKnown(e, T0),
                        threads));
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> waitingOnLocks() == POOL);

            List<Optional<Lease>> renewed = CompletableFuture.supplyAsync(
                    () -> store.leases().renewAll(List.of(lease), TTL, T0.plusSeconds(5)), threads)
                    .get(20, TimeUnit.SECONDS);
            assertThat(renewed).singleElement().satisfies(l -> assertThat(l).isPresent());
            CompletableFuture.runAsync(() -> store.leases().heartbeat("node", TTL, T0), threads)
                    .get(20, TimeUnit.SECONDS);
            assertThat(store.leases().members(T0)).extracting(NodeRecord::nodeId).containsExactly("node");
            assertThat(waiting).noneMatch(CompletableFuture::isDone);

            blocker.commit();
            for (CompletableFuture<?> f : waiting) {
                assertThat(f.get(30, TimeUnit.SECONDS)).isEqualTo(Optional.empty());
            }
        }
    }

    private long waitingOnLocks() throws Exception {
        try (Connection c = pg.admin(TestPostgres.DATABASE); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                     + " AND query LIKE '%FROM partitions%' AND query NOT LIKE '%pg_stat_activity%'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static Envelope keyed(int n) {
        ActorRef target = ActorRef.of("rounds", "a-" + n);
        for (int i = 0; Partitioner.partitionOf(target, PARTITIONS) != 0; i++) {
            target = ActorRef.of("rounds", "a-" + n + "-" + i);
        }
        return new Envelope("m-" + n, target, 0, "Deposit", "{}", "key-" + n, null, null, T0);
    }
}
