package dev.loom.store.postgres;

import dev.loom.actor.ActorRef;
import dev.loom.spi.Envelope;
import dev.loom.spi.KnownMessage;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/**
 * The check of {@link dev.loom.spi.MessageStore#enqueueUnlessKnown}, inside the caller's transaction.
 *
 * <p>Two things make it atomic. Against other checking callers, on any node: a transaction-scoped advisory lock
 * on the hash of (schema, target, key), taken before the check and held until the insert commits; a hash
 * collision only makes two unrelated keys wait for each other. Against commits that move the key (a turn that
 * removes the queued message and inserts its idempotency record, a timer fire that turns the timer into a queued
 * message): the three lookups are one statement, so they read one snapshot, in which such a commit is entirely
 * visible or not at all. The lock is taken in a statement of its own before the lookup, so that the lookup's
 * snapshot (READ COMMITTED: one per statement) includes what the previous holder of the lock committed.
 */
final class KeyLookup {
    private static final String FIND = "SELECT stage, message_id FROM ("
            + "(SELECT 1 AS stage, message_id FROM idempotency WHERE actor_type = ? AND actor_id = ? AND key = ?"
            + " AND expires_at >= ?)"
            + " UNION ALL (SELECT 2, message_id FROM messages WHERE actor_type = ? AND actor_id = ?"
            + " AND idempotency_key = ? ORDER BY seq LIMIT 1)"
            + " UNION ALL (SELECT 3, message_id FROM timers WHERE actor_type = ? AND actor_id = ?"
            + " AND idempotency_key = ? ORDER BY deliver_at, timer_id LIMIT 1)) k ORDER BY stage LIMIT 1";

    private final int schemaHash;

    KeyLookup(String schema) {
        this.schemaHash = schema.hashCode();
    }

    /** The envelope's key; throws IllegalArgumentException when it has none. */
    static String requireKey(Envelope envelope) {
        if (envelope.idempotencyKey() == null) {
            throw new IllegalArgumentException("message " + envelope.messageId()
                    + " has no idempotency key; only a keyed message can be checked against known ones");
        }
        return envelope.idempotencyKey();
    }

    /** Locks {@code (target, key)} until the transaction ends, then finds the message holding the key. */
    Optional<KnownMessage> lockAndFind(Connection c, ActorRef target, String key, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_xact_lock(?, ?)")) {
            ps.setInt(1, schemaHash);
            ps.setInt(2, (target.type() + '/' + target.id() + '\u0000' + key).hashCode());
            ps.execute();
        }
        try (PreparedStatement ps = c.prepareStatement(FIND)) {
            // (type, id, key) for each of the three lookups; the first also takes the expiry instant
            int[] firsts = {1, 5, 8};
            for (int first : firsts) {
                ps.setString(first, target.type());
                ps.setString(first + 1, target.id());
                ps.setString(first + 2, key);
            }
            ps.setLong(4, EpochNanos.of(now));
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                KnownMessage.Stage stage = switch (rs.getInt(1)) {
                    case 1 -> KnownMessage.Stage.COMMITTED;
                    case 2 -> KnownMessage.Stage.QUEUED;
                    default -> KnownMessage.Stage.SCHEDULED;
                };
                return Optional.of(new KnownMessage(rs.getString(2), stage));
            }
        }
    }
}
