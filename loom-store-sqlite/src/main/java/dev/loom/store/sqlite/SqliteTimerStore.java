package dev.loom.store.sqlite;

import dev.loom.actor.ActorRef;
import dev.loom.spi.KnownMessage;
import dev.loom.spi.Timer;
import dev.loom.spi.TimerRequest;
import dev.loom.spi.TimerStore;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** Timers in the {@code timers} table; fired by {@link dev.loom.spi.Write.FireTimer}. */
final class SqliteTimerStore implements TimerStore {
    private final Writer writer;
    private final Readers readers;
    private final PartitionRange range;

    SqliteTimerStore(Writer writer, Readers readers, PartitionRange range) {
        this.writer = writer;
        this.readers = readers;
        this.range = range;
    }

    /** @throws IllegalArgumentException if a timer names a partition the store does not have */
    @Override
    public void schedule(List<TimerRequest> timers) {
        if (timers.isEmpty()) {
            return;
        }
        List<TimerRequest> copy = List.copyOf(timers);
        range.check(List.of(), copy);
        writer.submit(tx -> {
            for (TimerRequest t : copy) {
                TimerRows.insert(tx, t);
            }
            return null;
        }, copy.size());
    }

    /**
     * Checks and stores in one writer task, so in one transaction under the file's write lock (see {@link KeyLookup}).
     *
     * @throws IllegalArgumentException if the message has no key or names a partition the store does not have
     */
    @Override
    public Optional<KnownMessage> scheduleUnlessKnown(TimerRequest timer, Instant now) {
        String key = KeyLookup.requireKey(timer.envelope());
        range.check(List.of(), List.of(timer));
        return writer.submit(tx -> {
            Optional<KnownMessage> known = KeyLookup.find(tx, timer.envelope().target(), key, now);
            if (known.isEmpty()) {
                TimerRows.insert(tx, timer);
            }
            return known;
        }, 1);
    }

    @Override
    public List<Timer> due(Collection<Integer> partitions, Instant now, int limit) {
        if (partitions.isEmpty() || limit <= 0) {
            return List.of();
        }
        String json = partitions.stream().map(String::valueOf).collect(Collectors.joining(",", "[", "]"));
        return readers.read(st -> {
            List<Timer> out = new ArrayList<>();
            try (ResultSet rs = st.bound("SELECT " + TimerRows.COLUMNS + " FROM timers"
                            + " WHERE partition IN (SELECT value FROM json_each(?)) AND deliver_at <= ?"
                            + " ORDER BY deliver_at, timer_id LIMIT ?", json, EpochNanos.of(now), limit)
                    .executeQuery()) {
                while (rs.next()) {
                    out.add(TimerRows.read(rs));
                }
            }
            return out;
        });
    }

    @Override
    public List<Timer> forActor(ActorRef actor) {
        return readers.read(st -> {
            List<Timer> out = new ArrayList<>();
            try (ResultSet rs = st.bound("SELECT " + TimerRows.COLUMNS + " FROM timers"
                    + " WHERE actor_type = ? AND actor_id = ? ORDER BY deliver_at, timer_id", actor.type(), actor.id())
                    .executeQuery()) {
                while (rs.next()) {
                    out.add(TimerRows.read(rs));
                }
            }
            return out;
        });
    }
}
