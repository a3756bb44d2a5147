package dev.loom.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loom.actor.ActorRef;
import dev.loom.partition.Partitioner;
import dev.loom.spi.BackupRecord;
import dev.loom.spi.Envelope;
import dev.loom.spi.IdempotencyRecord;
import dev.loom.spi.JournalEntry;
import dev.loom.spi.Lease;
import dev.loom.spi.Write;
import dev.loom.spi.WriteResult;
import dev.loom.tck.TckData;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Schema 3 on real files: a schema-2 file (as the build before it left one) is upgraded with its idempotency
 * records kept and still keyed; large journal patches are stored compressed and read back exactly, next to the
 * file's older TEXT patches, through the journal and through a backup.
 */
class CommitOrderSchemaTest {
    private static final int PARTITIONS = 8;
    private static final long T0_NANOS = EpochNanos.of(TckData.T0);
    private static final long DAY_NANOS = Duration.ofDays(1).toNanos();
    private static final ActorRef A = ActorRef.of("acct", "a");
    /** Longer than {@link PatchColumn#COMPRESS_FROM}, so a build of schema 3 compresses it. */
    private static final String LONG_PATCH = longPatch("old");

    @TempDir
    Path dir;

    private static String longPatch(String tag) {
        StringBuilder patch = new StringBuilder("[");
        for (int i = 0; i < 20; i++) {
            patch.append(i == 0 ? "" : ",").append("{\"op\":\"add\",\"path\":\"/events/-\",\"value\":{\"kind\":\"")
                    .append(tag).append("\",\"n\":").append(i).append(",\"text\":\"é ✓\"}}");
        }
        return patch.append(']').toString();
    }

    /** A file exactly as a build with migrations 1 and 2 left it: a TEXT patch, a live and an expired key. */
    private Path schemaTwoFile() throws SQLException {
        Path file = dir.resolve("v2.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE " + Migrations.META_TABLE + " (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID");
            for (Migration m : Migrations.ALL.subList(0, 2)) {
                for (String sql : m.statements()) {
                    s.execute(sql);
                }
            }
            s.execute("INSERT INTO loom_meta (key, value) VALUES ('schema_version', '2'), ('partitions', '"
                    + PARTITIONS + "'), ('created_at', '2030-01-01T00:00:00Z')");
            try (PreparedStatement p = c.prepareStatement("INSERT INTO journal (actor_type, actor_id, seq, message_id,"
                    + " message_type, idempotency_key, patch, traceparent, committed_at)"
                    + " VALUES ('acct', 'a', 1, 'm-1', 'Add', 'k-live', ?, NULL, ?)")) {
                p.setString(1, LONG_PATCH);
                p.setLong(2, T0_NANOS - DAY_NANOS);
                p.executeUpdate();
            }
            insertIdempotency(c, "k-live", "m-1", T0_NANOS - DAY_NANOS, T0_NANOS + DAY_NANOS);
            insertIdempotency(c, "k-expired", "m-0", T0_NANOS - 3 * DAY_NANOS, T0_NANOS - 2 * DAY_NANOS);
        }
        return file;
    }

    private static void insertIdempotency(Connection c, String key, String messageId, long committed, long expires)
            throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO idempotency (actor_type, actor_id, key, message_id,"
                + " reply, committed_at, expires_at) VALUES ('acct', 'a', ?, ?, 'null', ?, ?)")) {
            p.setString(1, key);
            p.setString(2, messageId);
            p.setLong(3, committed);
            p.setLong(4, expires);
            p.executeUpdate();
        }
    }

    @Test
    void aSchemaTwoFileIsUpgradedAndItsRecordsStillWork() throws Exception {
        Path file = schemaTwoFile();
        String newPatch = longPatch("new");
        List<BackupRecord> backup = new ArrayList<>();
        try (SqliteStore store = SqliteStore.open(SqliteStoreOptions.at(file))) {
            assertThat(store.idempotency().find(A, "k-live", TckData.T0).orElseThrow().messageId()).isEqualTo("m-1");
            assertThat(store.idempotency().find(A, "k-expired", TckData.T0)).isEmpty();

            // a turn that reuses the expired key: the upsert on the new unique index replaces the old record
            int partition = Partitioner.partitionOf(A, PARTITIONS);
            Lease lease = store.leases().acquire(partition, "node", Duration.ofMinutes(1), TckData.T0).orElseThrow();
            Envelope message = new Envelope("m-2", A, partition, "Add", "{}", "k-expired", "test", null, TckData.T0);
            long seq = store.messages().enqueue(List.of(message)).get(0);
            JournalEntry entry = new JournalEntry(A, 2, "m-2", "Add", "k-expired", newPatch, null, TckData.T0);
            IdempotencyRecord record = new IdempotencyRecord(A, "k-expired", "m-2", "null", TckData.T0,
                    TckData.T0.plus(Duration.ofDays(1)));
            assertThat(store.commit(List.of(new Write.TurnCommit(partition, lease.epoch(), seq, entry, null, false,
                    List.of(), List.of(), List.of(), record)))).containsExactly(WriteResult.APPLIED);
            assertThat(store.idempotency().find(A, "k-expired", TckData.T0).orElseThrow().messageId()).isEqualTo("m-2");

            assertThat(store.journal().read(A, 1, 10)).extracting(JournalEntry::patch)
                    .containsExactly(LONG_PATCH, newPatch);
            store.backup().export(backup::add);
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            assertThat(single(s, "SELECT value FROM loom_meta WHERE key = 'schema_version'"))
                    .isEqualTo(Integer.toString(Migrations.LATEST));
            assertThat(single(s, "SELECT group_concat(typeof(patch), ',') FROM (SELECT patch FROM journal ORDER BY seq)"))
                    .as("the old entry stays text; the new one is stored compressed").isEqualTo("text,blob");
            assertThat(single(s, "SELECT count(*) FROM idempotency")).isEqualTo("2");
            assertThat(single(s, "SELECT group_concat(name, ',') FROM (SELECT name FROM sqlite_master"
                    + " WHERE type = 'index' AND tbl_name = 'idempotency' ORDER BY name)"))
                    .isEqualTo("idempotency_by_expiry,idempotency_by_key");
        }

        Path restored = dir.resolve("restored.db");
        try (SqliteStore store = SqliteStore.open(SqliteStoreOptions.at(restored).withPartitions(PARTITIONS))) {
            store.backup().importFrom(backup.iterator());
            assertThat(store.journal().read(A, 1, 10)).extracting(JournalEntry::patch)
                    .containsExactly(LONG_PATCH, newPatch);
            assertThat(store.idempotency().find(A, "k-live", TckData.T0).orElseThrow().messageId()).isEqualTo("m-1");
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + restored); Statement s = c.createStatement()) {
            assertThat(single(s, "SELECT group_concat(typeof(patch), ',') FROM (SELECT patch FROM journal ORDER BY seq)"))
                    .as("an import compresses as a commit does").isEqualTo("blob,blob");
        }
    }

    @Test
    void aShortPatchStaysTextAndADamagedOneFailsLoudly() throws Exception {
        Deflater deflater = PatchColumn.newDeflater();
        try {
            assertThat(PatchColumn.write("[]", deflater)).isEqualTo("[]");
            Object stored = PatchColumn.write(LONG_PATCH, deflater);
            assertThat(stored).isInstanceOf(byte[].class);
            assertThat(((byte[]) stored).length).isLessThan(LONG_PATCH.length() / 2);
        } finally {
            deflater.end();
        }
        Path file = dir.resolve("damaged.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (patch)");
            s.execute("INSERT INTO t VALUES (x'789c0102')");
            try (ResultSet rs = s.executeQuery("SELECT patch FROM t")) {
                assertThat(rs.next()).isTrue();
                assertThatThrownBy(() -> PatchColumn.read(rs, 1))
                        .isInstanceOf(SQLException.class).hasMessageContaining("damaged");
            }
        }
    }

    private static String single(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            assertThat(rs.next()).isTrue();
            return rs.getString(1);
        }
    }
}
