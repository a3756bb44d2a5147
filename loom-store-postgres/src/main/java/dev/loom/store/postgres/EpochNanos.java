package dev.loom.store.postgres;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;

/**
 * Instants as stored: nanoseconds since the epoch in a BIGINT column. PostgreSQL's {@code timestamptz} keeps
 * microseconds only, and the SPI wants instants back exactly as given; integers also compare and index cheaply.
 * Instants beyond the years 1677..2262 are clamped to that range.
 */
final class EpochNanos {
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final long MAX_SECONDS = Long.MAX_VALUE / NANOS_PER_SECOND - 1;
    private static final long MIN_SECONDS = Long.MIN_VALUE / NANOS_PER_SECOND + 1;

    private EpochNanos() {
    }

    static long of(Instant instant) {
        long seconds = instant.getEpochSecond();
        if (seconds >= MAX_SECONDS) {
            return Long.MAX_VALUE;
        }
        if (seconds <= MIN_SECONDS) {
            return Long.MIN_VALUE;
        }
        return seconds * NANOS_PER_SECOND + instant.getNano();
    }

    static Instant toInstant(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, NANOS_PER_SECOND), Math.floorMod(nanos, NANOS_PER_SECOND));
    }

    /** Binds {@code instant} (or SQL NULL) to parameter {@code index}. */
    static void bind(PreparedStatement ps, int index, Instant instant) throws SQLException {
        if (instant == null) {
            ps.setNull(index, Types.BIGINT);
        } else {
            ps.setLong(index, of(instant));
        }
    }

    /** The instant in column {@code column} of the current row, or {@code null} when it is NULL. */
    static Instant read(ResultSet rs, int column) throws SQLException {
        long nanos = rs.getLong(column);
        return rs.wasNull() ? null : toInstant(nanos);
    }
}
