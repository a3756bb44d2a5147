package dev.loom.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loom.actor.ActorRef;
import dev.loom.spi.Envelope;
import dev.loom.spi.Lease;
import dev.loom.spi.StoredMessage;
import dev.loom.spi.Write;
import dev.loom.spi.WriteResult;
import dev.loom.tck.TckData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the TCK cannot see: the file itself (schema, WAL, partitions), batching, and the isolated retry. */
class SqliteStoreFileTest {
    @TempDir
    Path dir;

    @Test
    void createsParentDirectoriesAWalDatabaseAndRecordsTheSchemaVersionOnce() throws Exception {
        Path file = dir.resolve("a").resolve("b").resolve("loom.db");
        SqliteStore.open(SqliteStoreOptions.at(file).withPartitions(16)).close();
        SqliteStore.open(SqliteStoreOptions.at(file)).close();

        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            assertThat(single(s, "PRAGMA journal_mode")).isEqualTo("wal");
            assertThat(single(s, "SELECT value FROM loom_meta WHERE key = 'schema_version'"))
                    .isEqualTo(Integer.toString(Migrations.LATEST));
            assertThat(single(s, "SELECT count(*) FROM loom_meta WHERE key = 'schema_version'")).isEqualTo("1");
            assertThat(single(s, "SELECT value FROM loom_meta WHERE key = 'partitions'")).isEqualTo("16");
        }
    }

    @Test
    void anExistingFileKeepsItsPartitionCount() {
        Path file = dir.resolve("loom.db");
        SqliteStore.open(SqliteStoreOptions.at(file).withPartitions(8)).close();

        try (SqliteStore store = SqliteStore.open(SqliteStoreOptions.at(file).withPartitions(64))) {
            assertThat(store.partitions()).isEqualTo(8);
        }
    }

    @Test
    void anEmptyFileBecomesALoomDatabase() throws Exception {
        Path file = Files.createFile(dir.resolve("empty.db"));

        try (SqliteStore store = SqliteStore.open(SqliteStoreOptions.at(file).withSynchronous(SynchronousMode.NORMAL))) {
            assertThat(store.partitions()).isEqualTo(64);
            store.ping();
        }
    }

    @Test
    void concurrentEnqueuesShareTransactions() throws Exception {
        try (SqliteStore store = SqliteStore.open(SqliteStoreOptions.at(dir.resolve("loom.db")))) {
            TckData data = new TckData(store.partitions());
            WriterCounters before = store.writerCounters();
            int calls = 2_000;
            List<Future<List<Long>>> seqs = new ArrayList<>();
            try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int i = 0; i < calls; i++) {
                    ActorRef actor = data.actor("c" + (i % 50));
                    seqs.add(clients.submit(() -> store.messages().enqueue(List.of(data.message(actor)))));
                }
            }
            long transactions = store.writerCounters().since(before).transactions();
            List<Long> all = new ArrayList<>();
            for (Future<List<Long>> f : seqs) {
                all.addAll(f.get());
            }
            assertThat(all).doesNotHaveDuplicates().hasSize(calls);
            assertThat(transactions).as("transactions for %d concurrent enqueue calls", calls).isLessThan(calls);
        }
    }

    /**
     * A write that fails on a constraint no validation foresaw (here: a timer id taken behind the store's
     * back) makes the writer roll the batch back and retry each write in its own savepoint: only that write
     * is Rejected; the others in the batch apply.
     */
    @Test
    void aConstraintFailureRejectsOnlyTheOffendingWriteOfTheBatch() throws Exception {
        Path file = dir.resolve("loom.db");
        try (SqliteStore store = SqliteStore.open(SqliteStoreOptions.at(file).withPartitions(8))) {
            TckData data = new TckData(8);
            ActorRef a = data.actorIn(1, "a");
            ActorRef b = data.actorIn(1, "b");
            Lease lease = store.leases().acquire(1, "node", Duration.ofMinutes(1), TckData.T0).orElseThrow();
            StoredMessage ma = queued(store, data.message(a));
            StoredMessage mb = queued(store, data.message(b));
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
                s.execute("INSERT INTO timers (timer_id, partition, deliver_at, message_id, actor_type, actor_id,"
                        + " message_type, payload, enqueued_at) SELECT value + 1, 1, 0, 'x', 'x', 'x', 'x', '{}', 0"
                        + " FROM counters WHERE name = 'timer_id'");
            }

            List<WriteResult> results = store.commit(List.of(
                    new Write.TurnCommit(1, lease.epoch(), ma.seq(), data.entry(a, 1, ma.envelope()), null, false,
                            List.of(), List.of(data.timer(a, TckData.T0)), List.of(), null),
                    new Write.TurnCommit(1, lease.epoch(), mb.seq(), data.entry(b, 1, mb.envelope()), null, false,
                            List.of(), List.of(), List.of(), null)));

            assertThat(results.get(0)).isInstanceOfSatisfying(WriteResult.Rejected.class,
                    r -> assertThat(r.reason()).startsWith("the write conflicts with stored data"));
            assertThat(results.get(1)).isEqualTo(WriteResult.APPLIED);
            assertThat(store.journal().lastSeq(a)).isZero();
            assertThat(store.messages().forActor(a, 10)).extracting(StoredMessage::seq).containsExactly(ma.seq());
            assertThat(store.journal().lastSeq(b)).isEqualTo(1);
            assertThat(store.messages().forActor(b, 10)).isEmpty();
        }
    }

    private static StoredMessage queued(SqliteStore store, Envelope e) {
        long seq = store.messages().enqueue(List.of(e)).get(0);
        return store.messages().fetch(e.partition(), seq - 1, 1).get(0);
    }

    private static String single(Statement s, String sql) throws Exception {
        try (ResultSet rs = s.executeQuery(sql)) {
            assertThat(rs.next()).as("a row from %s", sql).isTrue();
            return rs.getString(1);
        }
    }
}
