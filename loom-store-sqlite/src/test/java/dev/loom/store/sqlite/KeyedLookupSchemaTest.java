package dev.loom.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loom.actor.ActorRef;
import dev.loom.spi.Envelope;
import dev.loom.spi.KnownMessage;
import dev.loom.tck.TckData;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Schema 2 on real files: a schema-1 file is upgraded with message ids backfilled from its journal, and the key
 * lookups of {@code enqueueUnlessKnown} are served by indexes, not table scans.
 */
class KeyedLookupSchemaTest {
    private static final long T0_NANOS = EpochNanos.of(TckData.T0);
    private static final long DAY_NANOS = Duration.ofDays(1).toNanos();

    @TempDir
    Path dir;

    /** A file exactly as a build with only migration 1 left it, with two committed keys. */
    private Path schemaOneFile() throws SQLException {
        Path file = dir.resolve("v1.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE " + Migrations.META_TABLE + " (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID");
            for (String sql : Migrations.ALL.get(0).statements()) {
                s.execute(sql);
            }
            s.execute("INSERT INTO loom_meta (key, value) VALUES ('schema_version', '1'), ('partitions', '8'),"
                    + " ('created_at', '2030-01-01T00:00:00Z')");
            insertJournal(c, "acct", "a", 1, "m-old", "k-old");
            insertJournal(c, "acct", "a", 2, "m-kept", "k-kept");
            insertIdempotency(c, "acct", "a", "k-kept");
            // the journal entry of this key was trimmed away: nothing to backfill from
            insertIdempotency(c, "acct", "a", "k-trimmed");
        }
        return file;
    }

    private static void insertJournal(Connection c, String type, String id, long seq, String messageId, String key)
            throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO journal (actor_type, actor_id, seq, message_id,"
                + " message_type, idempotency_key, patch, traceparent, committed_at) VALUES (?, ?, ?, ?, 'Add', ?, '[]',"
                + " NULL, ?)")) {
            p.setString(1, type);
            p.setString(2, id);
            p.setLong(3, seq);
            p.setString(4, messageId);
            p.setString(5, key);
            p.setLong(6, T0_NANOS);
            p.executeUpdate();
        }
    }

    private static void insertIdempotency(Connection c, String type, String id, String key) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO idempotency (actor_type, actor_id, key, reply,"
                + " committed_at, expires_at) VALUES (?, ?, ?, 'null', ?, ?)")) {
            p.setString(1, type);
            p.setString(2, id);
            p.setString(3, key);
            p.setLong(4, T0_NANOS);
            p.setLong(5, T0_NANOS + DAY_NANOS);
            p.executeUpdate();
        }
    }

    @Test
    void aSchemaOneFileIsUpgradedWithMessageIdsFromItsJournal() throws Exception {
        Path file = schemaOneFile();
        ActorRef a = ActorRef.of("acct", "a");
        Instant soon = TckData.T0.plusSeconds(60);

        try (SqliteStore store = SqliteStore.open(SqliteStoreOptions.at(file))) {
            assertThat(store.idempotency().find(a, "k-kept", soon).orElseThrow().messageId()).isEqualTo("m-kept");
            assertThat(store.idempotency().find(a, "k-trimmed", soon).orElseThrow().messageId()).isNull();

            Envelope repeat = new Envelope("m-new", a, 0, "Add", "{}", "k-kept", "test", null, soon);
            assertThat(store.messages().enqueueUnlessKnown(repeat, soon))
                    .contains(new KnownMessage("m-kept", KnownMessage.Stage.COMMITTED));
            Envelope legacy = new Envelope("m-new2", a, 0, "Add", "{}", "k-trimmed", "test", null, soon);
            assertThat(store.messages().enqueueUnlessKnown(legacy, soon))
                    .as("a legacy record still de-duplicates, without an id")
                    .contains(new KnownMessage(null, KnownMessage.Stage.COMMITTED));
            assertThat(store.messages().forActor(a, 10)).isEmpty();
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT value FROM loom_meta WHERE key = 'schema_version'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo(Integer.toString(Migrations.LATEST));
        }
    }

    @Test
    void keyLookupsUseIndexes() throws Exception {
        Path file = dir.resolve("plans.db");
        SqliteStore.open(SqliteStoreOptions.at(file).withPartitions(8)).close();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            assertThat(plan(c, KeyLookup.QUEUED)).contains("USING INDEX messages_by_key");
            assertThat(plan(c, KeyLookup.SCHEDULED)).contains("USING INDEX timers_by_key");
            assertThat(plan(c, KeyLookup.COMMITTED)).contains("USING INDEX idempotency_by_key");
        }
    }

    private static String plan(Connection c, String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement("EXPLAIN QUERY PLAN " + sql)) {
            int params = p.getParameterMetaData().getParameterCount();
            for (int i = 1; i <= params; i++) {
                p.setString(i, "x");
            }
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    rows.add(rs.getString("detail"));
                }
            }
        }
        return String.join(" | ", rows);
    }
}
