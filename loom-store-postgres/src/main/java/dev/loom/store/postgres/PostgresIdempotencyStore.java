package dev.loom.store.postgres;

import dev.loom.actor.ActorRef;
import dev.loom.spi.HintSubscription;
import dev.loom.spi.IdempotencyRecord;
import dev.loom.spi.IdempotencyStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Optional;
import java.util.function.IntConsumer;

/**
 * Idempotency records in the {@code idempotency} table. A record exists for readers up to and including its
 * {@code expiresAt}. Expired records are purged in chunks of {@link #PURGE_CHUNK} rows, each its own short
 * transaction along the expiry index, so a large purge neither holds locks for long nor leaves one huge batch of
 * dead tuples for autovacuum at once.
 */
final class PostgresIdempotencyStore implements IdempotencyStore {
    static final int PURGE_CHUNK = 5_000;

    private final Database db;
    private final Notifier notifier;

    PostgresIdempotencyStore(Database db, Notifier notifier) {
        this.db = db;
        this.notifier = notifier;
    }

    /** Hints come from every node's commits (this one's too) as a coalesced {@code NOTIFY}; see {@link Notifier}. */
    @Override
    public HintSubscription watchReplies(IntConsumer listener) {
        return notifier.watchReplies(listener);
    }

    @Override
    public Optional<IdempotencyRecord> find(ActorRef actor, String key, Instant now) {
        return db.read("read an idempotency record of " + actor, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT message_id, reply, committed_at, expires_at"
                    + " FROM idempotency WHERE actor_type = ? AND actor_id = ? AND key = ? AND expires_at >= ?")) {
                ps.setString(1, actor.type());
                ps.setString(2, actor.id());
                ps.setString(3, key);
                ps.setLong(4, EpochNanos.of(now));
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next()
                            ? Optional.of(new IdempotencyRecord(actor, key, rs.getString(1), rs.getString(2),
                                    EpochNanos.toInstant(rs.getLong(3)), EpochNanos.toInstant(rs.getLong(4))))
                            : Optional.<IdempotencyRecord>empty();
                }
            }
        });
    }

    @Override
    public int purgeExpired(Instant now) {
        long cutoff = EpochNanos.of(now);
        int total = 0;
        while (true) {
            int deleted = db.read("purge expired idempotency records", c -> {
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM idempotency WHERE ctid IN (SELECT ctid"
                        + " FROM idempotency WHERE expires_at < ? LIMIT " + PURGE_CHUNK + ")")) {
                    ps.setLong(1, cutoff);
                    return ps.executeUpdate();
                }
            });
            total += deleted;
            if (deleted < PURGE_CHUNK) {
                return total;
            }
        }
    }
}
