package dev.loom.store.sqlite;

import dev.loom.actor.ActorRef;
import dev.loom.spi.DeadLetter;
import dev.loom.spi.Envelope;
import dev.loom.spi.ErrorInfo;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Reading and inserting rows of the {@code dead_letters} table. */
final class DeadLetterRows {
    /** The columns {@link #read} expects, in order. */
    static final String COLUMNS = "id, original_queue, actor_type, actor_id, partition, message_id, target_type,"
            + " target_id, message_type, payload, idempotency_key, sender, traceparent, enqueued_at, steps,"
            + " error_type, error_message, error_stack, attempts, first_failed_at, last_failed_at";
    static final String INSERT = "INSERT INTO dead_letters (" + COLUMNS
            + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private DeadLetterRows() {
    }

    static void insert(Tx tx, DeadLetter dl) throws SQLException {
        Envelope m = dl.message();
        ErrorInfo error = dl.error();
        tx.statements().update(INSERT, dl.id(), dl.originalQueue(), dl.actor().type(), dl.actor().id(),
                m.partition(), m.messageId(), m.target().type(), m.target().id(), m.messageType(), m.payload(),
                m.idempotencyKey(), m.sender(), m.traceparent(), EpochNanos.of(m.enqueuedAt()),
                StepsColumn.write(dl.steps()), error == null ? null : error.type(),
                error == null ? null : error.message(), error == null ? null : error.stack(), dl.attempts(),
                EpochNanos.ofNullable(dl.firstFailedAt()), EpochNanos.ofNullable(dl.lastFailedAt()));
    }

    static DeadLetter read(ResultSet rs) throws SQLException {
        Envelope message = new Envelope(rs.getString(6), new ActorRef(rs.getString(7), rs.getString(8)),
                rs.getInt(5), rs.getString(9), rs.getString(10), rs.getString(11), rs.getString(12),
                rs.getString(13), EpochNanos.toInstant(rs.getLong(14)));
        String errorType = rs.getString(16);
        ErrorInfo error = errorType == null ? null : new ErrorInfo(errorType, rs.getString(17), rs.getString(18));
        return new DeadLetter(rs.getString(1), rs.getString(2), new ActorRef(rs.getString(3), rs.getString(4)),
                message, StepsColumn.read(rs.getString(15)), error, rs.getInt(19), EpochNanos.read(rs, 20),
                EpochNanos.read(rs, 21));
    }
}
