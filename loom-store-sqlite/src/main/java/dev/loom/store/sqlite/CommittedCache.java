package dev.loom.store.sqlite;

import dev.loom.actor.ActorRef;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the writer knows of committed data (actors' last journal seqs, partitions' lease epochs), kept across
 * transactions so a turn does not query its actor's journal head. It is valid only while no other connection
 * has written the file: SQLite's {@code PRAGMA data_version} changes exactly when another connection (another
 * process) commits, so the writer checks it at the start of every transaction and forgets everything when it
 * moved. A rolled-back transaction also forgets everything, since it may have cached uncommitted values.
 */
final class CommittedCache {
    private static final int MAX_ACTORS = 200_000;

    final Map<ActorRef, Long> lastSeqs = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<ActorRef, Long> eldest) {
            return size() > MAX_ACTORS;
        }
    };
    final Map<Integer, Long> epochs = new HashMap<>();
    private long dataVersion = -1;

    /** Called inside a write transaction, before any read: drops the cache if another connection wrote. */
    void validate(Statements statements) throws SQLException {
        long version;
        try (ResultSet rs = statements.bound("PRAGMA data_version").executeQuery()) {
            version = rs.next() ? rs.getLong(1) : -1;
        }
        if (version != dataVersion) {
            clear();
            dataVersion = version;
        }
    }

    void clear() {
        lastSeqs.clear();
        epochs.clear();
    }
}
