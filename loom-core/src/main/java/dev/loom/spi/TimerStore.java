package dev.loom.spi;

import dev.loom.actor.ActorRef;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

/** Timers: messages that become deliverable at a time. Fired by a fenced {@link Write.FireTimer}. */
public interface TimerStore {
    /**
     * Durably stores timers (not fenced). A timer with a reminder replaces the actor's pending reminder of
     * the same name.
     *
     * @throws StoreException if the store cannot take them; then none is stored
     */
    void schedule(List<TimerRequest> timers);

    /** Up to {@code limit} timers of the given partitions due at {@code now}, earliest first. */
    List<Timer> due(Collection<Integer> partitions, Instant now, int limit);

    /** The actor's pending timers, earliest first. */
    List<Timer> forActor(ActorRef actor);
}
