package dev.loom.store.sqlite;

import dev.loom.actor.ActorRef;
import dev.loom.spi.Envelope;
import dev.loom.spi.KnownMessage;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/**
 * Finds the message that holds an idempotency key for its target, inside a write transaction (the contract is
 * {@link dev.loom.spi.MessageStore#enqueueUnlessKnown}). Running on the writer's connection under SQLite's write
 * lock is what makes check-then-insert atomic, also against other processes using the file. Each query is served
 * by an index of migration 2 (or, for committed keys, {@code idempotency_by_key} of migration 3).
 */
final class KeyLookup {
    static final String COMMITTED = "SELECT message_id FROM idempotency WHERE actor_type = ? AND actor_id = ?"
            + " AND key = ? AND expires_at >= ?";
    static final String QUEUED = "SELECT message_id FROM messages WHERE actor_type = ? AND actor_id = ?"
            + " AND idempotency_key = ? ORDER BY seq LIMIT 1";
    static final String SCHEDULED = "SELECT message_id FROM timers WHERE actor_type = ? AND actor_id = ?"
            + " AND idempotency_key = ? ORDER BY deliver_at, timer_id LIMIT 1";

    private KeyLookup() {
    }

    /** The envelope's key; throws IllegalArgumentException when it has none. */
    static String requireKey(Envelope envelope) {
        if (envelope.idempotencyKey() == null) {
            throw new IllegalArgumentException("message " + envelope.messageId()
                    + " has no idempotency key; only a keyed message can be checked against known ones");
        }
        return envelope.idempotencyKey();
    }

    /** The message holding {@code key} for {@code target} at {@code now}: committed, else queued, else scheduled. */
    static Optional<KnownMessage> find(Tx tx, ActorRef target, String key, Instant now) throws SQLException {
        // Messages enqueued earlier in this transaction may still sit in the multi-row buffer; the query must see them.
        tx.flushMessages();
        try (ResultSet rs = tx.statements().bound(COMMITTED, target.type(), target.id(), key, EpochNanos.of(now))
                .executeQuery()) {
            if (rs.next()) {
                return Optional.of(new KnownMessage(rs.getString(1), KnownMessage.Stage.COMMITTED));
            }
        }
        try (ResultSet rs = tx.statements().bound(QUEUED, target.type(), target.id(), key).executeQuery()) {
            if (rs.next()) {
                return Optional.of(new KnownMessage(rs.getString(1), KnownMessage.Stage.QUEUED));
            }
        }
        try (ResultSet rs = tx.statements().bound(SCHEDULED, target.type(), target.id(), key).executeQuery()) {
            if (rs.next()) {
                return Optional.of(new KnownMessage(rs.getString(1), KnownMessage.Stage.SCHEDULED));
            }
        }
        return Optional.empty();
    }
}
