package dev.loom.store.postgres;

import dev.loom.actor.ActorRef;
import dev.loom.spi.IdRange;
import dev.loom.spi.JournalEntry;
import dev.loom.spi.JournalStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

/** Read side of the {@code journal} table. */
final class PostgresJournalStore implements JournalStore {
    private final Database db;

    PostgresJournalStore(Database db) {
        this.db = db;
    }

    @Override
    public List<JournalEntry> read(ActorRef actor, long fromSeq, int limit) {
        if (limit <= 0) {
            db.checkOpen();
            return List.of();
        }
        return db.read("read the journal of " + actor, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT seq, message_id, message_type, idempotency_key, patch,"
                    + " traceparent, committed_at FROM journal WHERE actor_type = ? AND actor_id = ? AND seq >= ?"
                    + " ORDER BY seq LIMIT ?")) {
                ps.setString(1, actor.type());
                ps.setString(2, actor.id());
                ps.setLong(3, fromSeq);
                ps.setInt(4, limit);
                List<JournalEntry> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new JournalEntry(actor, rs.getLong(1), rs.getString(2), rs.getString(3),
                                rs.getString(4), rs.getString(5), rs.getString(6), EpochNanos.toInstant(rs.getLong(7))));
                    }
                }
                return out;
            }
        });
    }

    /** The newest entry or, once the journal was trimmed, the newest snapshot. */
    @Override
    public long lastSeq(ActorRef actor) {
        return db.read("read the journal head of " + actor, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT greatest("
                    + "coalesce((SELECT max(seq) FROM journal WHERE actor_type = ? AND actor_id = ?), 0),"
                    + " coalesce((SELECT max(seq) FROM snapshots WHERE actor_type = ? AND actor_id = ?), 0))")) {
                ps.setString(1, actor.type());
                ps.setString(2, actor.id());
                ps.setString(3, actor.type());
                ps.setString(4, actor.id());
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getLong(1) : 0L;
                }
            }
        });
    }

    @Override
    public long firstSeq(ActorRef actor) {
        return db.read("read the journal of " + actor, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT coalesce(min(seq), 0) FROM journal"
                    + " WHERE actor_type = ? AND actor_id = ?")) {
                ps.setString(1, actor.type());
                ps.setString(2, actor.id());
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getLong(1) : 0L;
                }
            }
        });
    }

    @Override
    public List<String> actorIds(String type, String afterId, int limit) {
        if (limit <= 0) {
            db.checkOpen();
            return List.of();
        }
        String after = afterId == null ? "" : afterId;
        return db.read("list actors of type " + type, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT actor_id FROM journal WHERE actor_type = ?"
                    + " AND actor_id > ? UNION SELECT actor_id FROM snapshots WHERE actor_type = ? AND actor_id > ?"
                    + " ORDER BY actor_id LIMIT ?")) {
                ps.setString(1, type);
                ps.setString(2, after);
                ps.setString(3, type);
                ps.setString(4, after);
                ps.setInt(5, limit);
                List<String> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getString(1));
                    }
                }
                return out;
            }
        });
    }

    @Override
    public List<String> actorIdsStartingWith(String type, String prefix, String afterId, int limit) {
        if (limit <= 0 || prefix.isEmpty()) {
            return actorIds(type, afterId, limit);
        }
        // Both bounds of the (actor_type, actor_id) index, in COLLATE "C" (byte) order; starts_with re-checks.
        IdRange range = IdRange.of(prefix, afterId);
        String bounds = " AND actor_id " + (range.fromInclusive() ? ">=" : ">") + " ?"
                + (range.below().isPresent() ? " AND actor_id < ?" : "") + " AND starts_with(actor_id, ?)";
        return db.read("list actors of type " + type + " by id prefix", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT actor_id FROM journal WHERE actor_type = ?" + bounds
                    + " UNION SELECT actor_id FROM snapshots WHERE actor_type = ?" + bounds
                    + " ORDER BY actor_id LIMIT ?")) {
                int i = 1;
                for (int part = 0; part < 2; part++) {
                    ps.setString(i++, type);
                    ps.setString(i++, range.from());
                    if (range.below().isPresent()) {
                        ps.setString(i++, range.below().get());
                    }
                    ps.setString(i++, prefix);
                }
                ps.setInt(i, limit);
                List<String> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getString(1));
                    }
                }
                return out;
            }
        });
    }
}
