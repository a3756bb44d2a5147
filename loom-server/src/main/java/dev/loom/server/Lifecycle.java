package dev.loom.server;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/** Where the server is in its life; readiness and the refusal of new sends follow it. */
public final class Lifecycle {
    /** The phases, in order. */
    public enum Phase { STARTING, RUNNING, DRAINING, STOPPED }

    private final AtomicReference<Phase> phase = new AtomicReference<>(Phase.STARTING);
    private final Clock clock;
    private final Instant startedAt;

    public Lifecycle(Clock clock) {
        this.clock = clock;
        this.startedAt = clock.instant();
    }

    public Phase phase() {
        return phase.get();
    }

    void running() {
        phase.compareAndSet(Phase.STARTING, Phase.RUNNING);
    }

    /** @return true for the caller that moved the server to draining (the others must not drain again) */
    boolean beginDraining() {
        return phase.compareAndSet(Phase.RUNNING, Phase.DRAINING) || phase.compareAndSet(Phase.STARTING, Phase.DRAINING);
    }

    void stopped() {
        phase.set(Phase.STOPPED);
    }

    /** Whether new sends and asks are accepted. */
    public boolean acceptsWork() {
        Phase p = phase.get();
        return p == Phase.RUNNING || p == Phase.STARTING;
    }

    public Duration uptime() {
        return Duration.between(startedAt, clock.instant());
    }
}
