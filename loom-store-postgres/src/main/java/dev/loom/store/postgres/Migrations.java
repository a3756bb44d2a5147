package dev.loom.store.postgres;

import java.util.List;

/**
 * The schema history of a Loom PostgreSQL store. Append new steps at the end; never edit a released one (schemas
 * in the field already went through it). Every step runs in the opening transaction together with the version
 * update in {@code loom_meta}, so a schema is at one version or the next, never between (PostgreSQL's DDL is
 * transactional).
 *
 * <p>Times are BIGINT nanoseconds since the epoch ({@link EpochNanos}). Message seqs come from the sequence
 * {@code message_seq}, taken while the destination partitions' rows in {@code partitions} are locked (see the
 * package documentation); timer ids from {@code timer_id_seq}.
 *
 * <p><b>Dead tuples.</b> {@code messages} is a queue: every row is inserted once and deleted once, so it holds few
 * live rows but, without care, many dead ones. Its autovacuum runs after a fixed number of dead rows (scale factor
 * 0, so the threshold does not grow with a table that should stay small) without cost-based throttling; the same
 * holds for {@code idempotency} (purged by expiry in bounded chunks) and for the small, constantly updated
 * {@code leases} and {@code nodes}, which also leave room in each page (fillfactor) so their updates stay HOT
 * (no index change, pruned within the page).
 *
 * <p>Names and ids use the {@code "C"} collation: they sort by code point, as the SPI's listings expect ("ascending
 * ids"), whatever the database's locale, and compare faster.
 */
final class Migrations {
    /** The table that marks a Loom schema and records its version and partition count. */
    static final String META_TABLE = "loom_meta";

    private static final String HOT_QUEUE = " WITH (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 2000,"
            + " autovacuum_vacuum_insert_scale_factor = 0, autovacuum_vacuum_insert_threshold = 20000,"
            + " autovacuum_analyze_scale_factor = 0.05, autovacuum_vacuum_cost_delay = 0)";
    private static final String HOT_ROWS = " WITH (fillfactor = 50, autovacuum_vacuum_scale_factor = 0,"
            + " autovacuum_vacuum_threshold = 200, autovacuum_vacuum_cost_delay = 0)";

    /** One step of the history. {@code partitions} may appear in a statement as {@code %PARTITIONS%}. */
    record Migration(int version, String description, List<String> statements) {
    }

    static final List<Migration> ALL = List.of(
            new Migration(1, "initial schema", List.of(
                    "CREATE TABLE " + META_TABLE + " (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
                    // One row per partition, locked FOR UPDATE by every transaction that inserts messages into the
                    // partition, from before it takes seqs until it commits: seqs of a partition become visible in order.
                    "CREATE TABLE partitions (partition INTEGER PRIMARY KEY)",
                    "INSERT INTO partitions (partition) SELECT generate_series(0, %PARTITIONS% - 1)",
                    """
                    CREATE TABLE leases (
                      partition INTEGER PRIMARY KEY,
                      holder TEXT,
                      epoch BIGINT NOT NULL DEFAULT 0,
                      expires_at BIGINT NOT NULL DEFAULT 0)""" + HOT_ROWS,
                    "INSERT INTO leases (partition) SELECT generate_series(0, %PARTITIONS% - 1)",
                    "CREATE TABLE nodes (node_id TEXT COLLATE \"C\" PRIMARY KEY, expires_at BIGINT NOT NULL)" + HOT_ROWS,
                    "CREATE SEQUENCE message_seq AS BIGINT MINVALUE 1 NO CYCLE",
                    "CREATE SEQUENCE timer_id_seq AS BIGINT MINVALUE 1 NO CYCLE",
                    """
                    CREATE TABLE messages (
                      partition INTEGER NOT NULL,
                      seq BIGINT NOT NULL,
                      message_id TEXT NOT NULL,
                      actor_type TEXT COLLATE "C" NOT NULL,
                      actor_id TEXT COLLATE "C" NOT NULL,
                      message_type TEXT NOT NULL,
                      payload TEXT NOT NULL,
                      idempotency_key TEXT,
                      sender TEXT,
                      traceparent TEXT,
                      enqueued_at BIGINT NOT NULL,
                      steps TEXT,
                      attempts INTEGER NOT NULL DEFAULT 0,
                      not_before BIGINT,
                      first_failed_at BIGINT,
                      last_failed_at BIGINT,
                      error_type TEXT,
                      error_message TEXT,
                      error_stack TEXT,
                      PRIMARY KEY (partition, seq))""" + HOT_QUEUE,
                    "CREATE INDEX messages_by_actor ON messages (actor_type, actor_id, seq)",
                    """
                    CREATE INDEX messages_by_key ON messages (actor_type, actor_id, idempotency_key, seq)
                      WHERE idempotency_key IS NOT NULL""",
                    """
                    CREATE TABLE journal (
                      actor_type TEXT COLLATE "C" NOT NULL,
                      actor_id TEXT COLLATE "C" NOT NULL,
                      seq BIGINT NOT NULL,
                      message_id TEXT NOT NULL,
                      message_type TEXT NOT NULL,
                      idempotency_key TEXT,
                      patch TEXT NOT NULL,
                      traceparent TEXT,
                      committed_at BIGINT NOT NULL,
                      PRIMARY KEY (actor_type, actor_id, seq))""",
                    """
                    CREATE TABLE snapshots (
                      actor_type TEXT COLLATE "C" NOT NULL,
                      actor_id TEXT COLLATE "C" NOT NULL,
                      seq BIGINT NOT NULL,
                      state TEXT NOT NULL,
                      taken_at BIGINT NOT NULL,
                      PRIMARY KEY (actor_type, actor_id, seq))""",
                    """
                    CREATE TABLE idempotency (
                      actor_type TEXT COLLATE "C" NOT NULL,
                      actor_id TEXT COLLATE "C" NOT NULL,
                      key TEXT COLLATE "C" NOT NULL,
                      message_id TEXT,
                      reply TEXT NOT NULL,
                      committed_at BIGINT NOT NULL,
                      expires_at BIGINT NOT NULL,
                      PRIMARY KEY (actor_type, actor_id, key))""" + HOT_QUEUE,
                    "CREATE INDEX idempotency_by_expiry ON idempotency (expires_at)",
                    """
                    CREATE TABLE timers (
                      timer_id BIGINT PRIMARY KEY,
                      partition INTEGER NOT NULL,
                      deliver_at BIGINT NOT NULL,
                      message_id TEXT NOT NULL,
                      actor_type TEXT COLLATE "C" NOT NULL,
                      actor_id TEXT COLLATE "C" NOT NULL,
                      message_type TEXT NOT NULL,
                      payload TEXT NOT NULL,
                      idempotency_key TEXT,
                      sender TEXT,
                      traceparent TEXT,
                      enqueued_at BIGINT NOT NULL,
                      reminder_name TEXT,
                      reminder_interval_nanos BIGINT,
                      reminder_missed TEXT)""" + HOT_QUEUE,
                    "CREATE INDEX timers_due ON timers (partition, deliver_at, timer_id)",
                    "CREATE INDEX timers_by_actor ON timers (actor_type, actor_id, deliver_at, timer_id)",
                    """
                    CREATE UNIQUE INDEX timers_by_reminder ON timers (actor_type, actor_id, reminder_name)
                      WHERE reminder_name IS NOT NULL""",
                    """
                    CREATE INDEX timers_by_key ON timers (actor_type, actor_id, idempotency_key, deliver_at, timer_id)
                      WHERE idempotency_key IS NOT NULL""",
                    """
                    CREATE TABLE dead_letters (
                      id TEXT COLLATE "C" PRIMARY KEY,
                      original_queue TEXT COLLATE "C" NOT NULL,
                      actor_type TEXT COLLATE "C" NOT NULL,
                      actor_id TEXT COLLATE "C" NOT NULL,
                      partition INTEGER NOT NULL,
                      message_id TEXT NOT NULL,
                      target_type TEXT NOT NULL,
                      target_id TEXT NOT NULL,
                      message_type TEXT NOT NULL,
                      payload TEXT NOT NULL,
                      idempotency_key TEXT,
                      sender TEXT,
                      traceparent TEXT,
                      enqueued_at BIGINT NOT NULL,
                      steps TEXT,
                      error_type TEXT,
                      error_message TEXT,
                      error_stack TEXT,
                      attempts INTEGER NOT NULL,
                      first_failed_at BIGINT,
                      last_failed_at BIGINT)""")),
            // Every queued message paid a third index entry (heap, primary key, this) on insert and in vacuum for a
            // read only the operator listing needs, which now scans the actor's partition along the primary key.
            new Migration(2, "messages: drop messages_by_actor", List.of(
                    "DROP INDEX IF EXISTS messages_by_actor")));

    /** The newest schema version this build knows. */
    static final int LATEST = ALL.get(ALL.size() - 1).version();

    private Migrations() {
    }
}
