package dev.loom.client;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * An actor's pending timers and reminders, earliest first.
 *
 * @param actor  {@code type/id}
 * @param timers the timers not yet fired
 */
public record ActorTimers(String actor, List<PendingTimer> timers) {
    public ActorTimers {
        timers = timers == null ? List.of() : List.copyOf(timers);
    }

    /**
     * @param timerId   the store's id of the timer
     * @param deliverAt when it fires
     * @param message   the message it delivers
     * @param reminder  its repeat rule, or {@code null} for a one-shot timer
     */
    public record PendingTimer(long timerId, Instant deliverAt, DeadLetter.Envelope message, Reminder reminder) {
    }

    /**
     * @param name     unique per actor
     * @param interval time between fires
     * @param missed   what happens to fires missed while no node ran ({@code FIRE_ONCE} or {@code SKIP})
     */
    public record Reminder(String name, Duration interval, String missed) {
    }
}
