package dev.loom.store.sqlite;

import dev.loom.actor.ActorRef;
import dev.loom.spi.IdRange;
import dev.loom.spi.JournalEntry;
import dev.loom.spi.JournalStore;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

/** Read side of the {@code journal} table. */
final class SqliteJournalStore implements JournalStore {
    private final Readers readers;

    SqliteJournalStore(Readers readers) {
        this.readers = readers;
    }

    @Override
    public List<JournalEntry> read(ActorRef actor, long fromSeq, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        return readers.read(st -> {
            List<JournalEntry> out = new ArrayList<>();
            try (ResultSet rs = st.bound("SELECT seq, message_id, message_type, idempotency_key, patch, traceparent,"
                    + " committed_at FROM journal WHERE actor_type = ? AND actor_id = ? AND seq >= ?"
                    + " ORDER BY seq LIMIT ?", actor.type(), actor.id(), fromSeq, limit).executeQuery()) {
                while (rs.next()) {
                    out.add(new JournalEntry(actor, rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            PatchColumn.read(rs, 5), rs.getString(6), EpochNanos.toInstant(rs.getLong(7))));
                }
            }
            return out;
        });
    }

    @Override
    public long lastSeq(ActorRef actor) {
        return readers.read(st -> {
            try (ResultSet rs = st.bound(JournalQueries.LAST_SEQ, actor.type(), actor.id(), actor.type(), actor.id())
                    .executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0L;
            }
        });
    }

    @Override
    public long firstSeq(ActorRef actor) {
        return readers.read(st -> {
            try (ResultSet rs = st.bound("SELECT coalesce(min(seq), 0) FROM journal WHERE actor_type = ? AND actor_id = ?",
                    actor.type(), actor.id()).executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0L;
            }
        });
    }

    @Override
    public List<String> actorIds(String type, String afterId, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        String after = afterId == null ? "" : afterId;
        return readers.read(st -> {
            List<String> out = new ArrayList<>();
            try (ResultSet rs = st.bound("SELECT actor_id FROM journal WHERE actor_type = ? AND actor_id > ?"
                    + " UNION SELECT actor_id FROM snapshots WHERE actor_type = ? AND actor_id > ?"
                    + " ORDER BY actor_id LIMIT ?", type, after, type, after, limit).executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        });
    }

    @Override
    public List<String> actorIdsStartingWith(String type, String prefix, String afterId, int limit) {
        if (limit <= 0 || prefix.isEmpty()) {
            return actorIds(type, afterId, limit);
        }
        // One lower and one upper bound, so the (actor_type, actor_id) index reads only the matching ids; SQLite
        // would use only one of two lower bounds. substr (which counts characters) re-checks the prefix.
        IdRange range = IdRange.of(prefix, afterId);
        String bounds = " AND actor_id " + (range.fromInclusive() ? ">=" : ">") + " ?"
                + (range.below().isPresent() ? " AND actor_id < ?" : "") + " AND substr(actor_id, 1, ?) = ?";
        int chars = prefix.codePointCount(0, prefix.length());
        List<Object> part = new ArrayList<>(List.of(type, range.from()));
        range.below().ifPresent(part::add);
        part.add(chars);
        part.add(prefix);
        List<Object> params = new ArrayList<>(part);
        params.addAll(part);
        params.add(limit);
        return readers.read(st -> {
            List<String> out = new ArrayList<>();
            try (ResultSet rs = st.bound("SELECT actor_id FROM journal WHERE actor_type = ?" + bounds
                    + " UNION SELECT actor_id FROM snapshots WHERE actor_type = ?" + bounds
                    + " ORDER BY actor_id LIMIT ?", params.toArray()).executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        });
    }
}
