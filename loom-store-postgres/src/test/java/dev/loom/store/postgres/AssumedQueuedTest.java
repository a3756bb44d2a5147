package dev.loom.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.loom.actor.ActorRef;
import dev.loom.partition.Partitioner;
import dev.loom.spi.Lease;
import dev.loom.spi.StoredMessage;
import dev.loom.spi.Write;
import dev.loom.spi.WriteResult;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The group commit takes the messages that turns and acknowledgements remove as queued without reading them, and
 * the {@code DELETE} checks that; a batch in which one of them is gone must still answer every write as if each
 * had been checked. Also: a schema at version 1 (the one that indexed messages by actor) opens, loses the index and
 * keeps its queue.
 */
class AssumedQueuedTest {
    private static final Duration TTL = Duration.ofSeconds(30);
    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
    private static final int PARTITIONS = 4;

    private final TestPostgres pg = TestPostgres.get();
    private final String schema = "assumed_" + ProcessHandle.current().pid() + "_" + System.nanoTime();
    private final PostgresStoreOptions options = PostgresStoreOptions.of(pg.url(), TestPostgres.USER,
            TestPostgres.PASSWORD).withSchema(schema).withPoolSize(3).withPartitions(PARTITIONS);

    @AfterEach
    void drop() {
        pg.dropSchema(schema);
    }

    @Test
    void aBatchWithATurnForAHandledMessageRejectsThatTurnAndAppliesTheOthers() {
        try (PostgresStore store = PostgresStore.open(options)) {
            ActorRef first = actorIn(1, "first");
            ActorRef second = actorIn(1, "second");
            Lease lease = store.leases().acquire(1, "node", TTL, T0).orElseThrow();
            StoredMessage handled = enqueue(store, first);
            assertThat(store.commit(List.of(turn(lease, handled, first, 1)))).containsExactly(WriteResult.APPLIED);

            StoredMessage next = enqueue(store, first);
            StoredMessage other = enqueue(store, second);
            StoredMessage acked = enqueue(store, second);
            List<WriteResult> results = store.commit(List.of(
                    turn(lease, next, first, 2),
                    turn(lease, handled, first, 3),
                    turn(lease, other, second, 1),
                    new Write.Acknowledged(1, lease.epoch(), acked.seq())));

            assertThat(results.get(0)).isEqualTo(WriteResult.APPLIED);
            assertThat(results.get(1)).isInstanceOfSatisfying(WriteResult.Rejected.class,
                    r -> assertThat(r.reason()).contains("no longer queued"));
            assertThat(results.get(2)).isEqualTo(WriteResult.APPLIED);
            assertThat(results.get(3)).isEqualTo(WriteResult.APPLIED);
            assertThat(store.journal().lastSeq(first)).isEqualTo(2);
            assertThat(store.journal().lastSeq(second)).isEqualTo(1);
            assertThat(store.messages().fetch(1, 0, 10)).isEmpty();
            // the remembered heads are still right after the rerun: the next turn of each actor follows them
            StoredMessage third = enqueue(store, first);
            assertThat(store.commit(List.of(turn(lease, third, first, 3)))).containsExactly(WriteResult.APPLIED);
        }
    }

    @Test
    void anAcknowledgementOfAHandledMessageAloneIsRejected() {
        try (PostgresStore store = PostgresStore.open(options)) {
            ActorRef actor = actorIn(2, "acked");
            Lease lease = store.leases().acquire(2, "node", TTL, T0).orElseThrow();
            StoredMessage m = enqueue(store, actor);
            assertThat(store.commit(List.of(new Write.Acknowledged(2, lease.epoch(), m.seq()))))
                    .containsExactly(WriteResult.APPLIED);
            assertThat(store.commit(List.of(new Write.Acknowledged(2, lease.epoch(), m.seq())))).singleElement()
                    .isInstanceOf(WriteResult.Rejected.class);
        }
    }

    @Test
    void aVersionOneSchemaOpensWithoutTheActorIndexAndKeepsItsQueue() throws Exception {
        ActorRef actor = actorIn(3, "kept");
        StoredMessage queued;
        try (PostgresStore store = PostgresStore.open(options)) {
            queued = enqueue(store, actor);
        }
        // what a store made by schema version 1 holds besides the same tables
        pg.execute(TestPostgres.DATABASE,
                "CREATE INDEX messages_by_actor ON " + schema + ".messages (actor_type, actor_id, seq)",
                "UPDATE " + schema + ".loom_meta SET value = '1' WHERE key = 'schema_version'");
        assertThat(indexes()).contains("messages_by_actor");

        try (PostgresStore store = PostgresStore.open(options)) {
            assertThat(indexes()).doesNotContain("messages_by_actor").contains("messages_pkey", "messages_by_key");
            assertThat(version()).isEqualTo(Integer.toString(Migrations.LATEST));
            assertThat(store.messages().forActor(actor, 10)).extracting(StoredMessage::seq, StoredMessage::envelope)
                    .containsExactly(tuple(queued.seq(), queued.envelope()));
            assertThat(store.messages().fetch(3, 0, 10)).extracting(StoredMessage::seq, StoredMessage::envelope)
                    .containsExactly(tuple(queued.seq(), queued.envelope()));
        }
    }

    private static ActorRef actorIn(int partition, String prefix) {
        for (int i = 0; ; i++) {
            ActorRef a = ActorRef.of("assumed", prefix + "-" + i);
            if (Partitioner.partitionOf(a, PARTITIONS) == partition) {
                return a;
            }
        }
    }

    private List<String> indexes() throws Exception {
        try (Connection c = pg.admin(TestPostgres.DATABASE); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT indexname FROM pg_indexes WHERE schemaname = '" + schema
                     + "' AND tablename = 'messages' ORDER BY indexname")) {
            List<String> out = new ArrayList<>();
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        }
    }

    private String version() throws Exception {
        try (Connection c = pg.admin(TestPostgres.DATABASE); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT value FROM " + schema + ".loom_meta WHERE key = 'schema_version'")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static StoredMessage enqueue(PostgresStore store, ActorRef actor) {
        return TestTurns.enqueue(store, actor, Partitioner.partitionOf(actor, PARTITIONS));
    }

    private static Write.TurnCommit turn(Lease lease, StoredMessage m, ActorRef actor, long seq) {
        return TestTurns.turn(lease, m, actor, seq);
    }
}
