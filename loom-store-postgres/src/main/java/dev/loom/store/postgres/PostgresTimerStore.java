package dev.loom.store.postgres;

import dev.loom.actor.ActorRef;
import dev.loom.spi.KnownMessage;
import dev.loom.spi.Timer;
import dev.loom.spi.TimerRequest;
import dev.loom.spi.TimerStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** Timers in the {@code timers} table; fired by {@link dev.loom.spi.Write.FireTimer} through the group committer. */
final class PostgresTimerStore implements TimerStore {
    private final Database db;
    private final KeyLookup keys;
    private final PartitionRange range;

    PostgresTimerStore(Database db, KeyLookup keys, PartitionRange range) {
        this.db = db;
        this.keys = keys;
        this.range = range;
    }

    /** @throws IllegalArgumentException if a timer names a partition the store does not have */
    @Override
    public void schedule(List<TimerRequest> timers) {
        db.checkOpen();
        if (timers.isEmpty()) {
            return;
        }
        List<TimerRequest> copy = List.copyOf(timers);
        range.check(List.of(), copy);
        db.transaction("schedule timers", c -> {
            for (TimerRequest t : copy) {
                TimerWrites.insert(c, t);
            }
            return null;
        });
    }

    /** @throws IllegalArgumentException if the message has no key or names a partition the store does not have */
    @Override
    public Optional<KnownMessage> scheduleUnlessKnown(TimerRequest timer, Instant now) {
        String key = KeyLookup.requireKey(timer.envelope());
        range.check(List.of(), List.of(timer));
        return db.transaction("schedule a keyed timer", c -> {
            Optional<KnownMessage> found = keys.lockAndFind(c, timer.envelope().target(), key, now);
            if (found.isEmpty()) {
                TimerWrites.insert(c, timer);
            }
            return found;
        });
    }

    @Override
    public List<Timer> due(Collection<Integer> partitions, Instant now, int limit) {
        if (partitions.isEmpty() || limit <= 0) {
            db.checkOpen();
            return List.of();
        }
        return db.read("read due timers", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + Rows.TIMER_COLUMNS + " FROM timers"
                    + " WHERE partition = ANY(?) AND deliver_at <= ? ORDER BY deliver_at, timer_id LIMIT ?")) {
                ps.setArray(1, c.createArrayOf("int4", partitions.toArray()));
                ps.setLong(2, EpochNanos.of(now));
                ps.setInt(3, limit);
                return timers(ps);
            }
        });
    }

    @Override
    public List<Timer> forActor(ActorRef actor) {
        return db.read("list the timers of " + actor, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + Rows.TIMER_COLUMNS + " FROM timers"
                    + " WHERE actor_type = ? AND actor_id = ? ORDER BY deliver_at, timer_id")) {
                ps.setString(1, actor.type());
                ps.setString(2, actor.id());
                return timers(ps);
            }
        });
    }

    private static List<Timer> timers(PreparedStatement ps) throws SQLException {
        List<Timer> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(Rows.timer(rs));
            }
        }
        return out;
    }
}
