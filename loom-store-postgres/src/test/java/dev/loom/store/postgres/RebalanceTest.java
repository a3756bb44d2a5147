package dev.loom.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.loom.actor.ActorRef;
import dev.loom.json.Json;
import dev.loom.partition.Partitioner;
import dev.loom.spi.Envelope;
import dev.loom.spi.Lease;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three Loom nodes in child JVMs over one PostgreSQL schema: a node that joins gets its even share, a node stopped
 * with SIGTERM releases its leases before it exits and the others take them over without waiting for expiry, and
 * the partitions of a node killed with SIGKILL are taken over once its leases expired. Messages enqueued for every
 * partition are handled in each phase. Prints how long each rebalance took; asserts only what holds.
 */
class RebalanceTest {
    private static final int PARTITIONS = 12;
    private static final Duration TTL = Duration.ofSeconds(4);
    private static final Duration WAIT = Duration.ofSeconds(60);
    /** A JVM ended by SIGTERM exits with 128 + 15 once its shutdown hooks ran. */
    private static final int SIGTERM_STATUS = 143;

    private final TestPostgres pg = TestPostgres.get();
    private final String schema = "rebalance_" + ProcessHandle.current().pid() + "_" + System.nanoTime();
    private final List<ClusterNodeProcess> nodes = new ArrayList<>();
    private PostgresStore observer;

    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        nodes.forEach(ClusterNodeProcess::close);
        if (observer != null) {
            observer.close();
        }
        pg.dropSchema(schema);
    }

    @Test
    void nodesShareEvenlyHandOverOnSigtermAndTakeOverAfterSigkill() throws Exception {
        observer = PostgresStore.open(PostgresStoreOptions.of(pg.url(), TestPostgres.USER, TestPostgres.PASSWORD)
                .withSchema(schema).withPartitions(PARTITIONS).withPoolSize(2));
        ClusterNodeProcess n1 = start("node-1");
        await().atMost(WAIT).until(() -> held().getOrDefault("node-1", 0L) == PARTITIONS);

        long joined = System.nanoTime();
        ClusterNodeProcess n2 = start("node-2");
        ClusterNodeProcess n3 = start("node-3");
        await().atMost(WAIT).until(() -> held().equals(Map.of("node-1", 4L, "node-2", 4L, "node-3", 4L)));
        double joinSeconds = (System.nanoTime() - joined) / 1e9;
        List<ActorRef> actors = onePerPartition();
        sendToAll(actors);
        await().atMost(WAIT).until(() -> handledOnce(actors, 1));

        n3.terminate();
        assertThat(n3.awaitExit(WAIT)).as("the JVM's status after SIGTERM").isEqualTo(SIGTERM_STATUS);
        long stopped = System.nanoTime();
        assertThat(n3.stdout()).contains("STOPPED node-3");
        assertThat(held()).as("node-3 released its leases before it exited").doesNotContainKey("node-3");
        await().atMost(WAIT).until(() -> held().equals(Map.of("node-1", 6L, "node-2", 6L)));
        double handoverSeconds = (System.nanoTime() - stopped) / 1e9;

        Map<Integer, Lease> before = leases();
        n2.kill();
        n2.awaitExit(WAIT);
        long killed = System.nanoTime();
        assertThat(held().get("node-2")).as("a killed node's leases stay until they expire").isEqualTo(6L);
        await().atMost(WAIT).until(() -> held().equals(Map.of("node-1", (long) PARTITIONS)));
        double takeoverSeconds = (System.nanoTime() - killed) / 1e9;
        before.values().stream().filter(l -> l.holder().equals("node-2")).forEach(l ->
                assertThat(leases().get(l.partition()).epoch()).as("partition %d taken with a new epoch", l.partition())
                        .isGreaterThan(l.epoch()));
        sendToAll(actors);
        await().atMost(WAIT).until(() -> handledOnce(actors, 2));

        n1.terminate();
        assertThat(n1.awaitExit(WAIT)).isEqualTo(SIGTERM_STATUS);
        assertThat(n1.stdout()).contains("STOPPED node-1");
        assertThat(held()).isEmpty();
        System.out.printf(Locale.ROOT, "rebalance of %d partitions, lease TTL %s: two nodes joining got their share in"
                        + " %.2f s, SIGTERM handover %.2f s after exit, SIGKILL takeover %.2f s after the kill%n",
                PARTITIONS, TTL, joinSeconds, handoverSeconds, takeoverSeconds);
    }

    private ClusterNodeProcess start(String id) throws Exception {
        Files.createDirectories(dir);
        ClusterNodeProcess n = ClusterNodeProcess.start(pg, schema, PARTITIONS, id, TTL, dir);
        nodes.add(n);
        await().atMost(WAIT).until(n::ready);
        return n;
    }

    /** How many unexpired leases each node holds, by node id. */
    private Map<String, Long> held() {
        Instant now = Instant.now();
        return observer.leases().all().stream().filter(l -> l.expiresAt().isAfter(now))
                .collect(Collectors.groupingBy(Lease::holder, Collectors.counting()));
    }

    private Map<Integer, Lease> leases() {
        return observer.leases().all().stream().collect(Collectors.toMap(Lease::partition, Function.identity()));
    }

    private static List<ActorRef> onePerPartition() {
        List<ActorRef> out = new ArrayList<>();
        for (int p = 0; p < PARTITIONS; p++) {
            int partition = p;
            out.add(IntStream.range(0, 10_000).mapToObj(i -> ActorRef.of("tally", "t-" + i))
                    .filter(ref -> Partitioner.partitionOf(ref, PARTITIONS) == partition).findFirst().orElseThrow());
        }
        return out;
    }

    /** Enqueues one increment per actor straight into the store, as any client of the store may. */
    private void sendToAll(List<ActorRef> actors) {
        Instant now = Instant.now();
        observer.messages().enqueue(actors.stream().map(ref -> new Envelope(UUID.randomUUID().toString(), ref,
                Partitioner.partitionOf(ref, PARTITIONS), "Increment", Json.write(new ClusterNodeMain.Increment(1)),
                null, "test", null, now)).toList());
    }

    private boolean handledOnce(List<ActorRef> actors, long turns) {
        return actors.stream().allMatch(ref -> observer.journal().lastSeq(ref) == turns);
    }
}
