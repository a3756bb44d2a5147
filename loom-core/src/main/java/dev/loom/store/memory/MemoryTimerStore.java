package dev.loom.store.memory;

import dev.loom.actor.ActorRef;
import dev.loom.spi.KnownMessage;
import dev.loom.spi.Timer;
import dev.loom.spi.TimerRequest;
import dev.loom.spi.TimerStore;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

final class MemoryTimerStore implements TimerStore {
    static final Comparator<Timer> EARLIEST_FIRST =
            Comparator.comparing(Timer::deliverAt).thenComparingLong(Timer::timerId);

    private final Access access;
    private final MemoryState state;

    MemoryTimerStore(Access access, MemoryState state) {
        this.access = access;
        this.state = state;
    }

    /** @throws IllegalArgumentException if a timer names a partition the store does not have; none is stored */
    @Override
    public void schedule(List<TimerRequest> timers) {
        access.run(() -> {
            for (TimerRequest t : timers) {
                String bad = state.partitionProblem(t.envelope());
                if (bad != null) {
                    throw new IllegalArgumentException(bad);
                }
            }
            timers.forEach(state::schedule);
        });
    }

    /** @throws IllegalArgumentException if the message has no key or names a partition the store does not have */
    @Override
    public Optional<KnownMessage> scheduleUnlessKnown(TimerRequest timer, Instant now) {
        String key = MemoryState.requireKey(timer.envelope());
        return access.call(() -> {
            String bad = state.partitionProblem(timer.envelope());
            if (bad != null) {
                throw new IllegalArgumentException(bad);
            }
            Optional<KnownMessage> known = state.known(timer.envelope().target(), timer.envelope().partition(), key, now);
            if (known.isEmpty()) {
                state.schedule(timer);
            }
            return known;
        });
    }

    @Override
    public List<Timer> due(Collection<Integer> partitions, Instant now, int limit) {
        Set<Integer> wanted = Set.copyOf(partitions);
        return access.call(() -> state.timers.values().stream()
                .filter(t -> wanted.contains(t.envelope().partition()) && !t.deliverAt().isAfter(now))
                .sorted(EARLIEST_FIRST).limit(limit).toList());
    }

    @Override
    public List<Timer> forActor(ActorRef actor) {
        return access.call(() -> state.timers.values().stream()
                .filter(t -> t.envelope().target().equals(actor))
                .sorted(EARLIEST_FIRST).toList());
    }
}
