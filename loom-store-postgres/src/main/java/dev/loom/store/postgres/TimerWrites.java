package dev.loom.store.postgres;

import dev.loom.spi.Envelope;
import dev.loom.spi.Reminder;
import dev.loom.spi.TimerRequest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Inserting timers inside a caller's transaction. Timer ids come from a sequence: nothing reads them as a cursor. */
final class TimerWrites {
    private TimerWrites() {
    }

    /**
     * Stores a timer under a new id; a timer with a reminder first replaces the actor's pending reminder of the same
     * name.
     */
    static long insert(Connection c, TimerRequest request) throws SQLException {
        Envelope e = request.envelope();
        Reminder r = request.reminder();
        if (r != null) {
            try (PreparedStatement ps = c.prepareStatement(Rows.DELETE_REMINDER)) {
                ps.setString(1, e.target().type());
                ps.setString(2, e.target().id());
                ps.setString(3, r.name());
                ps.executeUpdate();
            }
        }
        long id;
        try (PreparedStatement ps = c.prepareStatement("SELECT nextval('timer_id_seq')");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            id = rs.getLong(1);
        }
        try (PreparedStatement ps = c.prepareStatement(Rows.INSERT_TIMER)) {
            Rows.bindTimer(ps, id, request);
            ps.executeUpdate();
        }
        return id;
    }
}
