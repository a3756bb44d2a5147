package dev.loom.store.sqlite;

import dev.loom.actor.ActorRef;
import dev.loom.spi.IdempotencyRecord;
import dev.loom.spi.IdempotencyStore;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Optional;

/**
 * Idempotency records in the {@code idempotency} table. A record exists for readers up to and including its
 * {@code expiresAt}; it is expired strictly after.
 */
final class SqliteIdempotencyStore implements IdempotencyStore {
    private final Writer writer;
    private final Readers readers;

    SqliteIdempotencyStore(Writer writer, Readers readers) {
        this.writer = writer;
        this.readers = readers;
    }

    @Override
    public Optional<IdempotencyRecord> find(ActorRef actor, String key, Instant now) {
        return readers.read(st -> {
            try (ResultSet rs = st.bound("SELECT message_id, reply, committed_at, expires_at FROM idempotency WHERE actor_type = ?"
                    + " AND actor_id = ? AND key = ? AND expires_at >= ?", actor.type(), actor.id(), key,
                    EpochNanos.of(now)).executeQuery()) {
                return rs.next()
                        ? Optional.of(new IdempotencyRecord(actor, key, rs.getString(1), rs.getString(2),
                                EpochNanos.toInstant(rs.getLong(3)), EpochNanos.toInstant(rs.getLong(4))))
                        : Optional.<IdempotencyRecord>empty();
            }
        });
    }

    @Override
    public int purgeExpired(Instant now) {
        long cutoff = EpochNanos.of(now);
        return writer.submit(tx -> tx.statements().update("DELETE FROM idempotency WHERE expires_at < ?", cutoff), 1);
    }
}
