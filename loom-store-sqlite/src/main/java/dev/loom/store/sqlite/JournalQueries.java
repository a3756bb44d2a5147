package dev.loom.store.sqlite;

/** SQL about the journal shared by the reader and the writer. */
final class JournalQueries {
    /** An actor's last seq: the newest entry or, once trimmed, the newest snapshot. Params: type, id, type, id. */
    static final String LAST_SEQ = "SELECT max(coalesce((SELECT max(seq) FROM journal WHERE actor_type = ? AND actor_id = ?), 0),"
            + " coalesce((SELECT max(seq) FROM snapshots WHERE actor_type = ? AND actor_id = ?), 0))";

    private JournalQueries() {
    }
}
