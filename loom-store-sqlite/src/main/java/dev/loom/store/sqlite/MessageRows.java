package dev.loom.store.sqlite;

import dev.loom.actor.ActorRef;
import dev.loom.spi.Delivery;
import dev.loom.spi.Envelope;
import dev.loom.spi.ErrorInfo;
import dev.loom.spi.StoredMessage;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Reading rows of the {@code messages} table. */
final class MessageRows {
    /** The columns {@link #read} expects, in order. */
    static final String COLUMNS = "partition, seq, message_id, actor_type, actor_id, message_type, payload,"
            + " idempotency_key, sender, traceparent, enqueued_at, steps, attempts, not_before, first_failed_at,"
            + " last_failed_at, error_type, error_message, error_stack";

    private MessageRows() {
    }

    static StoredMessage read(ResultSet rs) throws SQLException {
        Envelope envelope = new Envelope(rs.getString(3), new ActorRef(rs.getString(4), rs.getString(5)),
                rs.getInt(1), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9),
                rs.getString(10), EpochNanos.toInstant(rs.getLong(11)));
        String errorType = rs.getString(17);
        ErrorInfo error = errorType == null ? null : new ErrorInfo(errorType, rs.getString(18), rs.getString(19));
        Delivery delivery = new Delivery(rs.getInt(13), EpochNanos.read(rs, 14), EpochNanos.read(rs, 15),
                EpochNanos.read(rs, 16), error, StepsColumn.read(rs.getString(12)));
        return new StoredMessage(rs.getLong(2), envelope, delivery);
    }
}
