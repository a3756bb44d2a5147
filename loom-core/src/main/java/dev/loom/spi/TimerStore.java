package dev.loom.spi;

import dev.loom.actor.ActorRef;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** Timers: messages that become deliverable at a time. Fired by a fenced {@link Write.FireTimer}. */
public interface TimerStore {
    /**
     * Durably stores timers (not fenced). A timer with a reminder replaces the actor's pending reminder of
     * the same name.
     *
     * @throws StoreException if the store cannot take them; then none is stored
     */
    void schedule(List<TimerRequest> timers);

    /**
     * Stores {@code timer} unless the store already knows a message with the same idempotency key for the same
     * target: the same check, in the same order and with the same atomicity, as
     * {@link MessageStore#enqueueUnlessKnown} (an idempotency record, then a queued message, then a pending timer).
     *
     * @param timer a timer whose message has an idempotency key
     * @param now   the time against which idempotency records are checked for expiry
     * @return empty if the timer was stored (durably, as by {@link #schedule}); otherwise the known message, and
     *         nothing was stored
     * @throws IllegalArgumentException if the message has no idempotency key or names a partition the store does
     *                                  not have; nothing is stored
     * @throws StoreException           if the store cannot answer; then nothing is stored
     */
    Optional<KnownMessage> scheduleUnlessKnown(TimerRequest timer, Instant now);

    /** Up to {@code limit} timers of the given partitions due at {@code now}, earliest first. */
    List<Timer> due(Collection<Integer> partitions, Instant now, int limit);

    /** The actor's pending timers, earliest first. */
    List<Timer> forActor(ActorRef actor);
}
