package dev.loom.store.sqlite;

import dev.loom.actor.ActorRef;
import dev.loom.actor.MissedFirePolicy;
import dev.loom.spi.Envelope;
import dev.loom.spi.Reminder;
import dev.loom.spi.Timer;
import dev.loom.spi.TimerRequest;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;

/** Reading and inserting rows of the {@code timers} table. */
final class TimerRows {
    /** The columns {@link #read} expects, in order. */
    static final String COLUMNS = "timer_id, partition, deliver_at, message_id, actor_type, actor_id, message_type,"
            + " payload, idempotency_key, sender, traceparent, enqueued_at, reminder_name, reminder_interval_nanos,"
            + " reminder_missed";
    static final String INSERT = "INSERT INTO timers (" + COLUMNS
            + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    static final String DELETE_REMINDER =
            "DELETE FROM timers WHERE actor_type = ? AND actor_id = ? AND reminder_name = ?";

    private TimerRows() {
    }

    /**
     * Stores a timer under a new id; a timer with a reminder first replaces the actor's pending reminder of
     * the same name.
     */
    static long insert(Tx tx, TimerRequest request) throws SQLException {
        Envelope e = request.envelope();
        Reminder r = request.reminder();
        if (r != null) {
            tx.statements().update(DELETE_REMINDER, e.target().type(), e.target().id(), r.name());
        }
        long id = tx.nextTimerId();
        tx.statements().update(INSERT, id, e.partition(), EpochNanos.of(request.deliverAt()), e.messageId(),
                e.target().type(), e.target().id(), e.messageType(), e.payload(), e.idempotencyKey(), e.sender(),
                e.traceparent(), EpochNanos.of(e.enqueuedAt()), r == null ? null : r.name(),
                r == null ? null : r.interval().toNanos(), r == null ? null : r.missed().name());
        return id;
    }

    static Timer read(ResultSet rs) throws SQLException {
        Envelope envelope = new Envelope(rs.getString(4), new ActorRef(rs.getString(5), rs.getString(6)),
                rs.getInt(2), rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10),
                rs.getString(11), EpochNanos.toInstant(rs.getLong(12)));
        String reminderName = rs.getString(13);
        Reminder reminder = reminderName == null ? null : new Reminder(reminderName,
                Duration.ofNanos(rs.getLong(14)), MissedFirePolicy.valueOf(rs.getString(15)));
        return new Timer(rs.getLong(1), envelope, EpochNanos.toInstant(rs.getLong(3)), reminder);
    }
}
