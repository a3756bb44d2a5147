package dev.loom.store.postgres;

import dev.loom.actor.ActorRef;
import dev.loom.actor.MissedFirePolicy;
import dev.loom.spi.DeadLetter;
import dev.loom.spi.Delivery;
import dev.loom.spi.Envelope;
import dev.loom.spi.ErrorInfo;
import dev.loom.spi.Reminder;
import dev.loom.spi.StepRecord;
import dev.loom.spi.StoredMessage;
import dev.loom.spi.Timer;
import dev.loom.spi.TimerRequest;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.util.List;

/** The column lists of the message, timer and dead-letter tables, and how their rows map to SPI records. */
final class Rows {
    /** Every column of {@code messages}, in the order {@link #message} reads and {@link #bindMessage} binds. */
    static final String MESSAGE_COLUMNS = "partition, seq, message_id, actor_type, actor_id, message_type, payload,"
            + " idempotency_key, sender, traceparent, enqueued_at, steps, attempts, not_before, first_failed_at,"
            + " last_failed_at, error_type, error_message, error_stack";
    /** A fresh message: the first twelve columns; the delivery bookkeeping takes its defaults. */
    static final String INSERT_FRESH_MESSAGE = "INSERT INTO messages (partition, seq, message_id, actor_type, actor_id,"
            + " message_type, payload, idempotency_key, sender, traceparent, enqueued_at, steps)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    static final String INSERT_FULL_MESSAGE = "INSERT INTO messages (" + MESSAGE_COLUMNS
            + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    static final String TIMER_COLUMNS = "timer_id, partition, deliver_at, message_id, actor_type, actor_id, message_type,"
            + " payload, idempotency_key, sender, traceparent, enqueued_at, reminder_name, reminder_interval_nanos,"
            + " reminder_missed";
    static final String INSERT_TIMER = "INSERT INTO timers (" + TIMER_COLUMNS
            + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    static final String DELETE_REMINDER = "DELETE FROM timers WHERE actor_type = ? AND actor_id = ? AND reminder_name = ?";

    static final String DEAD_LETTER_COLUMNS = "id, original_queue, actor_type, actor_id, partition, message_id,"
            + " target_type, target_id, message_type, payload, idempotency_key, sender, traceparent, enqueued_at, steps,"
            + " error_type, error_message, error_stack, attempts, first_failed_at, last_failed_at";
    static final String INSERT_DEAD_LETTER = "INSERT INTO dead_letters (" + DEAD_LETTER_COLUMNS
            + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private Rows() {
    }

    /** Binds a fresh message (for {@link #INSERT_FRESH_MESSAGE}). */
    static void bindFreshMessage(PreparedStatement ps, long seq, Envelope e, List<StepRecord> steps) throws SQLException {
        ps.setInt(1, e.partition());
        ps.setLong(2, seq);
        bindEnvelopeBody(ps, 3, e);
        ps.setString(12, StepsColumn.write(steps));
    }

    /** Binds a stored message with its bookkeeping (for {@link #INSERT_FULL_MESSAGE}). */
    static void bindMessage(PreparedStatement ps, StoredMessage m) throws SQLException {
        Envelope e = m.envelope();
        Delivery d = m.delivery();
        bindFreshMessage(ps, m.seq(), e, d.steps());
        ps.setInt(13, d.attempts());
        EpochNanos.bind(ps, 14, d.notBefore());
        EpochNanos.bind(ps, 15, d.firstFailedAt());
        EpochNanos.bind(ps, 16, d.lastFailedAt());
        ErrorInfo error = d.lastError();
        ps.setString(17, error == null ? null : error.type());
        ps.setString(18, error == null ? null : error.message());
        ps.setString(19, error == null ? null : error.stack());
    }

    /** message_id .. enqueued_at: nine parameters from {@code first}. */
    private static void bindEnvelopeBody(PreparedStatement ps, int first, Envelope e) throws SQLException {
        ps.setString(first, e.messageId());
        ps.setString(first + 1, e.target().type());
        ps.setString(first + 2, e.target().id());
        ps.setString(first + 3, e.messageType());
        ps.setString(first + 4, e.payload());
        ps.setString(first + 5, e.idempotencyKey());
        ps.setString(first + 6, e.sender());
        ps.setString(first + 7, e.traceparent());
        ps.setLong(first + 8, EpochNanos.of(e.enqueuedAt()));
    }

    static StoredMessage message(ResultSet rs) throws SQLException {
        Envelope envelope = new Envelope(rs.getString(3), new ActorRef(rs.getString(4), rs.getString(5)),
                rs.getInt(1), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9),
                rs.getString(10), EpochNanos.toInstant(rs.getLong(11)));
        String errorType = rs.getString(17);
        ErrorInfo error = errorType == null ? null : new ErrorInfo(errorType, rs.getString(18), rs.getString(19));
        Delivery delivery = new Delivery(rs.getInt(13), EpochNanos.read(rs, 14), EpochNanos.read(rs, 15),
                EpochNanos.read(rs, 16), error, StepsColumn.read(rs.getString(12)));
        return new StoredMessage(rs.getLong(2), envelope, delivery);
    }

    /** Binds a timer with its id (for {@link #INSERT_TIMER}). */
    static void bindTimer(PreparedStatement ps, long timerId, TimerRequest request) throws SQLException {
        Envelope e = request.envelope();
        Reminder r = request.reminder();
        ps.setLong(1, timerId);
        ps.setInt(2, e.partition());
        ps.setLong(3, EpochNanos.of(request.deliverAt()));
        bindEnvelopeBody(ps, 4, e);
        ps.setString(13, r == null ? null : r.name());
        if (r == null) {
            ps.setNull(14, Types.BIGINT);
        } else {
            ps.setLong(14, r.interval().toNanos());
        }
        ps.setString(15, r == null ? null : r.missed().name());
    }

    static Timer timer(ResultSet rs) throws SQLException {
        Envelope envelope = new Envelope(rs.getString(4), new ActorRef(rs.getString(5), rs.getString(6)),
                rs.getInt(2), rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10),
                rs.getString(11), EpochNanos.toInstant(rs.getLong(12)));
        String reminderName = rs.getString(13);
        Reminder reminder = reminderName == null ? null : new Reminder(reminderName,
                Duration.ofNanos(rs.getLong(14)), MissedFirePolicy.valueOf(rs.getString(15)));
        return new Timer(rs.getLong(1), envelope, EpochNanos.toInstant(rs.getLong(3)), reminder);
    }

    static void bindDeadLetter(PreparedStatement ps, DeadLetter dl) throws SQLException {
        Envelope m = dl.message();
        ErrorInfo error = dl.error();
        ps.setString(1, dl.id());
        ps.setString(2, dl.originalQueue());
        ps.setString(3, dl.actor().type());
        ps.setString(4, dl.actor().id());
        ps.setInt(5, m.partition());
        ps.setString(6, m.messageId());
        ps.setString(7, m.target().type());
        ps.setString(8, m.target().id());
        ps.setString(9, m.messageType());
        ps.setString(10, m.payload());
        ps.setString(11, m.idempotencyKey());
        ps.setString(12, m.sender());
        ps.setString(13, m.traceparent());
        ps.setLong(14, EpochNanos.of(m.enqueuedAt()));
        ps.setString(15, StepsColumn.write(dl.steps()));
        ps.setString(16, error == null ? null : error.type());
        ps.setString(17, error == null ? null : error.message());
        ps.setString(18, error == null ? null : error.stack());
        ps.setInt(19, dl.attempts());
        EpochNanos.bind(ps, 20, dl.firstFailedAt());
        EpochNanos.bind(ps, 21, dl.lastFailedAt());
    }

    static DeadLetter deadLetter(ResultSet rs) throws SQLException {
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
