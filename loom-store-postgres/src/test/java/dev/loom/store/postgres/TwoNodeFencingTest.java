package dev.loom.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.loom.actor.ActorRef;
import dev.loom.spi.JournalEntry;
import dev.loom.spi.Lease;
import dev.loom.spi.StoredMessage;
import dev.loom.spi.Write;
import dev.loom.spi.WriteResult;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two store handles on one schema stand for two nodes, each with its own pool and group committer. After node B
 * took the partition over, nothing node A commits with its old epoch is applied, also while A commits
 * continuously during the takeover.
 */
class TwoNodeFencingTest {
    private static final Duration TTL = Duration.ofSeconds(30);
    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
    private static final Instant AFTER_EXPIRY = T0.plus(TTL).plusSeconds(1);
    private static final int PARTITION = 1;

    private final TestPostgres pg = TestPostgres.get();
    private final String schema = "fencing_" + ProcessHandle.current().pid() + "_" + System.nanoTime();
    private PostgresStore nodeA;
    private PostgresStore nodeB;

    @BeforeEach
    void open() {
        PostgresStoreOptions options = PostgresStoreOptions.of(pg.url(), TestPostgres.USER, TestPostgres.PASSWORD)
                .withSchema(schema).withPoolSize(3).withPartitions(4);
        nodeA = PostgresStore.open(options);
        nodeB = PostgresStore.open(options);
    }

    @AfterEach
    void close() {
        nodeA.close();
        nodeB.close();
        pg.dropSchema(schema);
    }

    @Test
    void theOldHoldersCommitIsRefusedAfterATakeoverByAnotherNode() {
        ActorRef actor = ActorRef.of("fencing", "account-1");
        Lease a = nodeA.leases().acquire(PARTITION, "node-a", TTL, T0).orElseThrow();
        assertThat(nodeA.commit(List.of(turn(a, enqueue(nodeA, actor), actor, 1)))).containsExactly(WriteResult.APPLIED);

        Lease b = nodeB.leases().acquire(PARTITION, "node-b", TTL, AFTER_EXPIRY).orElseThrow();
        StoredMessage next = enqueue(nodeB, actor);

        assertThat(nodeA.commit(List.of(turn(a, next, actor, 2))))
                .containsExactly(new WriteResult.Fenced(PARTITION, a.epoch()));
        assertThat(nodeA.commit(List.of(new Write.Acknowledged(PARTITION, a.epoch(), next.seq()))))
                .containsExactly(new WriteResult.Fenced(PARTITION, a.epoch()));
        assertThat(nodeB.commit(List.of(turn(b, next, actor, 2)))).containsExactly(WriteResult.APPLIED);
        assertThat(nodeA.journal().lastSeq(actor)).isEqualTo(2);
        assertThat(nodeA.journal().read(actor, 1, 10)).extracting(JournalEntry::messageId).hasSize(2);
    }

    @Test
    void aNodeThatTakesAPartitionBackReadsTheJournalHeadsTheOtherNodeMovedMeanwhile() {
        ActorRef actor = ActorRef.of("fencing", "account-2");
        Lease a = nodeA.leases().acquire(PARTITION, "node-a", TTL, T0).orElseThrow();
        assertThat(nodeA.commit(List.of(turn(a, enqueue(nodeA, actor), actor, 1)))).containsExactly(WriteResult.APPLIED);

        Lease b = nodeB.leases().acquire(PARTITION, "node-b", TTL, AFTER_EXPIRY).orElseThrow();
        assertThat(nodeB.commit(List.of(turn(b, enqueue(nodeB, actor), actor, 2)))).containsExactly(WriteResult.APPLIED);

        // A remembered head 1 under its first epoch; under the new one it must find B's entry 2
        Lease back = nodeA.leases().acquire(PARTITION, "node-a", TTL, AFTER_EXPIRY.plus(TTL).plusSeconds(1)).orElseThrow();
        // (a stale head would reject seq 3 as not following 1, without any statement failing)
        assertThat(nodeA.commit(List.of(turn(back, enqueue(nodeA, actor), actor, 3))))
                .containsExactly(WriteResult.APPLIED);
        assertThat(nodeA.commit(List.of(turn(back, enqueue(nodeA, actor), actor, 3)))).singleElement()
                .isInstanceOf(WriteResult.Rejected.class);
        assertThat(nodeB.journal().lastSeq(actor)).isEqualTo(3);
    }

    @Test
    void renewalsPassACommitsLeaseLockButATakeoverWaitsForIt() throws Exception {
        Lease a = nodeA.leases().acquire(PARTITION, "node-a", TTL, T0).orElseThrow();
        try (Connection commit = DriverManager.getConnection(pg.url(), TestPostgres.USER, TestPostgres.PASSWORD)) {
            commit.setAutoCommit(false);
            try (Statement st = commit.createStatement()) {
                st.execute("SET LOCAL search_path TO \"" + schema + "\"");
                // what every group-commit transaction holds until it ends
                st.executeQuery("SELECT epoch FROM leases WHERE partition = " + PARTITION + " FOR KEY SHARE").close();
            }
            CompletableFuture<List<Optional<Lease>>> renewal = CompletableFuture.supplyAsync(
                    () -> nodeA.leases().renewAll(List.of(a), TTL, T0.plusSeconds(5)));
            assertThat(renewal.get(60, TimeUnit.SECONDS)).singleElement()
                    .satisfies(l -> assertThat(l).hasValueSatisfying(r -> assertThat(r.epoch()).isEqualTo(a.epoch())));

            CompletableFuture<Optional<Lease>> takeover = CompletableFuture.supplyAsync(
                    () -> nodeB.leases().acquire(PARTITION, "node-b", TTL, AFTER_EXPIRY.plusSeconds(5)));
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> !takeover.isDone());
            commit.commit();
            assertThat(takeover.get(60, TimeUnit.SECONDS)).hasValueSatisfying(
                    l -> assertThat(l.epoch()).isGreaterThan(a.epoch()));
        }
    }

    @Test
    void whileTheOldHolderCommitsContinuouslyNothingOfItsEpochAppliesOnceTheTakeoverReturned() throws Exception {
        ActorRef oldActor = ActorRef.of("fencing", "old");
        ActorRef newActor = ActorRef.of("fencing", "new");
        Lease a = nodeA.leases().acquire(PARTITION, "node-a", TTL, T0).orElseThrow();
        AtomicBoolean takenOver = new AtomicBoolean();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger applied = new AtomicInteger();
        AtomicInteger appliedAfter = new AtomicInteger();
        AtomicInteger fencedAfter = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread writer = Thread.ofPlatform().start(() -> {
            try {
                while (!stop.get()) {
                    boolean after = takenOver.get();
                    WriteResult r = nodeA.commit(List.of(turn(a, enqueue(nodeA, oldActor), oldActor,
                            applied.get() + 1))).get(0);
                    if (r instanceof WriteResult.Applied) {
                        applied.incrementAndGet();
                        if (after) {
                            appliedAfter.incrementAndGet();
                        }
                    } else if (after) {
                        fencedAfter.incrementAndGet();
                    }
                }
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        await().atMost(Duration.ofSeconds(60)).until(() -> applied.get() >= 20 || failure.get() != null);
        Lease b = nodeB.leases().acquire(PARTITION, "node-b", TTL, AFTER_EXPIRY).orElseThrow();
        takenOver.set(true);
        for (long seq = 1; seq <= 20; seq++) {
            assertThat(nodeB.commit(List.of(turn(b, enqueue(nodeB, newActor), newActor, seq))))
                    .containsExactly(WriteResult.APPLIED);
        }
        await().atMost(Duration.ofSeconds(60))
                .until(() -> fencedAfter.get() + appliedAfter.get() >= 10 || failure.get() != null);
        stop.set(true);
        writer.join(Duration.ofSeconds(60));

        assertThat(failure.get()).isNull();
        assertThat(appliedAfter.get()).as("old-epoch commits applied after the takeover returned").isZero();
        assertThat(nodeB.journal().lastSeq(oldActor)).isEqualTo(applied.get());
        assertThat(nodeB.journal().lastSeq(newActor)).isEqualTo(20);
    }

    private static StoredMessage enqueue(PostgresStore store, ActorRef actor) {
        return TestTurns.enqueue(store, actor, PARTITION);
    }

    private static Write.TurnCommit turn(Lease lease, StoredMessage m, ActorRef actor, long seq) {
        return TestTurns.turn(lease, m, actor, seq);
    }
}
