package dev.loom.store.sqlite;

import java.util.List;

/**
 * The schema history of a Loom SQLite database. Append new steps at the end; never edit a released one
 * (files in the field already went through it).
 *
 * <p>Times are INTEGER nanoseconds since the epoch ({@link EpochNanos}); message seqs and timer ids come
 * from the {@code counters} table, so they never repeat even after the newest row is deleted.
 */
final class Migrations {
    /** The name of the table that marks a Loom database and records its schema version. */
    static final String META_TABLE = "loom_meta";

    static final List<Migration> ALL = List.of(
            new Migration(1, "initial schema", List.of(
                    """
                    CREATE TABLE IF NOT EXISTS counters (
                      name TEXT PRIMARY KEY,
                      value INTEGER NOT NULL) WITHOUT ROWID""",
                    """
                    CREATE TABLE IF NOT EXISTS messages (
                      partition INTEGER NOT NULL,
                      seq INTEGER NOT NULL,
                      message_id TEXT NOT NULL,
                      actor_type TEXT NOT NULL,
                      actor_id TEXT NOT NULL,
                      message_type TEXT NOT NULL,
                      payload TEXT NOT NULL,
                      idempotency_key TEXT,
                      sender TEXT,
                      traceparent TEXT,
                      enqueued_at INTEGER NOT NULL,
                      steps TEXT,
                      attempts INTEGER NOT NULL DEFAULT 0,
                      not_before INTEGER,
                      first_failed_at INTEGER,
                      last_failed_at INTEGER,
                      error_type TEXT,
                      error_message TEXT,
                      error_stack TEXT,
                      PRIMARY KEY (partition, seq)) WITHOUT ROWID""",
                    """
                    CREATE TABLE IF NOT EXISTS journal (
                      actor_type TEXT NOT NULL,
                      actor_id TEXT NOT NULL,
                      seq INTEGER NOT NULL,
                      message_id TEXT NOT NULL,
                      message_type TEXT NOT NULL,
                      idempotency_key TEXT,
                      patch TEXT NOT NULL,
                      traceparent TEXT,
                      committed_at INTEGER NOT NULL)""",
                    // a rowid table appends entries in commit order; only the narrow index takes random inserts
                    // (one per turn of a different actor), which is ~2x faster than clustering whole rows by actor
                    "CREATE UNIQUE INDEX IF NOT EXISTS journal_by_actor ON journal (actor_type, actor_id, seq)",
                    """
                    CREATE TABLE IF NOT EXISTS snapshots (
                      actor_type TEXT NOT NULL,
                      actor_id TEXT NOT NULL,
                      seq INTEGER NOT NULL,
                      state TEXT NOT NULL,
                      taken_at INTEGER NOT NULL,
                      PRIMARY KEY (actor_type, actor_id, seq)) WITHOUT ROWID""",
                    """
                    CREATE TABLE IF NOT EXISTS idempotency (
                      actor_type TEXT NOT NULL,
                      actor_id TEXT NOT NULL,
                      key TEXT NOT NULL,
                      reply TEXT NOT NULL,
                      committed_at INTEGER NOT NULL,
                      expires_at INTEGER NOT NULL,
                      PRIMARY KEY (actor_type, actor_id, key)) WITHOUT ROWID""",
                    "CREATE INDEX IF NOT EXISTS idempotency_by_expiry ON idempotency (expires_at)",
                    """
                    CREATE TABLE IF NOT EXISTS timers (
                      timer_id INTEGER PRIMARY KEY,
                      partition INTEGER NOT NULL,
                      deliver_at INTEGER NOT NULL,
                      message_id TEXT NOT NULL,
                      actor_type TEXT NOT NULL,
                      actor_id TEXT NOT NULL,
                      message_type TEXT NOT NULL,
                      payload TEXT NOT NULL,
                      idempotency_key TEXT,
                      sender TEXT,
                      traceparent TEXT,
                      enqueued_at INTEGER NOT NULL,
                      reminder_name TEXT,
                      reminder_interval_nanos INTEGER,
                      reminder_missed TEXT)""",
                    "CREATE INDEX IF NOT EXISTS timers_due ON timers (partition, deliver_at)",
                    "CREATE INDEX IF NOT EXISTS timers_by_actor ON timers (actor_type, actor_id, deliver_at)",
                    """
                    CREATE UNIQUE INDEX IF NOT EXISTS timers_by_reminder ON timers (actor_type, actor_id, reminder_name)
                      WHERE reminder_name IS NOT NULL""",
                    """
                    CREATE TABLE IF NOT EXISTS dead_letters (
                      id TEXT PRIMARY KEY,
                      original_queue TEXT NOT NULL,
                      actor_type TEXT NOT NULL,
                      actor_id TEXT NOT NULL,
                      partition INTEGER NOT NULL,
                      message_id TEXT NOT NULL,
                      target_type TEXT NOT NULL,
                      target_id TEXT NOT NULL,
                      message_type TEXT NOT NULL,
                      payload TEXT NOT NULL,
                      idempotency_key TEXT,
                      sender TEXT,
                      traceparent TEXT,
                      enqueued_at INTEGER NOT NULL,
                      steps TEXT,
                      error_type TEXT,
                      error_message TEXT,
                      error_stack TEXT,
                      attempts INTEGER NOT NULL,
                      first_failed_at INTEGER,
                      last_failed_at INTEGER)""",
                    """
                    CREATE TABLE IF NOT EXISTS leases (
                      partition INTEGER PRIMARY KEY,
                      holder TEXT NOT NULL,
                      epoch INTEGER NOT NULL,
                      expires_at INTEGER NOT NULL)""",
                    """
                    CREATE TABLE IF NOT EXISTS nodes (
                      node_id TEXT PRIMARY KEY,
                      expires_at INTEGER NOT NULL) WITHOUT ROWID""",
                    "INSERT OR IGNORE INTO counters (name, value) VALUES ('message_seq', 0), ('timer_id', 0)")),
            new Migration(2, "message ids in idempotency records; queued messages and timers by idempotency key", List.of(
                    "ALTER TABLE idempotency ADD COLUMN message_id TEXT",
                    // A record committed before this step names no message; its journal entry does, unless trimmed.
                    // The latest entry with the key is the one whose commit wrote (or, after expiry, replaced) it.
                    """
                    UPDATE idempotency SET message_id = (SELECT j.message_id FROM journal j
                      WHERE j.actor_type = idempotency.actor_type AND j.actor_id = idempotency.actor_id
                        AND j.idempotency_key = idempotency.key
                      ORDER BY j.seq DESC LIMIT 1)""",
                    // Partial indexes: only keyed messages and timers pay for them, and a lookup "key = ?" implies
                    // "key IS NOT NULL", so SQLite uses them for the checks of enqueueUnlessKnown. The timers index
                    // ends with deliver_at (and the implicit timer_id) so that it also gives the lookup's order;
                    // otherwise the planner prefers timers_by_actor and scans all the actor's timers.
                    """
                    CREATE INDEX IF NOT EXISTS messages_by_key ON messages (actor_type, actor_id, idempotency_key)
                      WHERE idempotency_key IS NOT NULL""",
                    """
                    CREATE INDEX IF NOT EXISTS timers_by_key ON timers (actor_type, actor_id, idempotency_key, deliver_at)
                      WHERE idempotency_key IS NOT NULL""")),
            // Clustered by (actor, key), every record went to its actor's place among whole ~200-byte rows: the runs
            // and workers busy at any moment spread a group commit's records over ~30 pages, and the expiry index
            // (which repeats the primary key in a WITHOUT ROWID table) over ~7 more. Appended in commit order, the
            // rows fill the table's last pages; only the key index (half as wide) takes scattered inserts, and the
            // expiry index holds an integer and a rowid. Measured: docs/PERFORMANCE.md, "SQLite: pages per commit".
            new Migration(3, "idempotency records in commit order, found by a unique index; journal patches may be"
                    + " compressed (PatchColumn), which a build before this step could not read", List.of(
                    """
                    CREATE TABLE idempotency_in_commit_order (
                      actor_type TEXT NOT NULL,
                      actor_id TEXT NOT NULL,
                      key TEXT NOT NULL,
                      message_id TEXT,
                      reply TEXT NOT NULL,
                      committed_at INTEGER NOT NULL,
                      expires_at INTEGER NOT NULL)""",
                    """
                    INSERT INTO idempotency_in_commit_order (actor_type, actor_id, key, message_id, reply, committed_at,
                      expires_at)
                    SELECT actor_type, actor_id, key, message_id, reply, committed_at, expires_at FROM idempotency
                      ORDER BY committed_at""",
                    // drops idempotency_by_expiry with it
                    "DROP TABLE idempotency",
                    "ALTER TABLE idempotency_in_commit_order RENAME TO idempotency",
                    "CREATE UNIQUE INDEX idempotency_by_key ON idempotency (actor_type, actor_id, key)",
                    "CREATE INDEX idempotency_by_expiry ON idempotency (expires_at)")));

    /** The newest schema version this build knows. */
    static final int LATEST = ALL.get(ALL.size() - 1).version();

    private Migrations() {
    }
}
