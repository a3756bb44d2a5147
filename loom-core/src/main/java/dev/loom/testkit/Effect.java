package dev.loom.testkit;

import dev.loom.actor.ActorRef;
import dev.loom.actor.MissedFirePolicy;
import dev.loom.actor.SendOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Something a turn asked the runtime to do when it commits: a send, a timer, a reminder or the cancellation of
 * one. The runtime commits a turn's effects atomically with its new state, so a {@link TurnResult.Committed}
 * carries them all and a {@link TurnResult.Failed} none. Messages are the objects the handler passed, not copies.
 */
public sealed interface Effect permits Effect.Send, Effect.Timer, Effect.Reminder, Effect.ReminderCancelled {

    /**
     * A message to another actor (or to this one) from {@code ctx.send}.
     *
     * @param target    the addressee
     * @param message   the message
     * @param options   the options as given ({@link SendOptions#none()} for the two-argument send)
     * @param deliverAt when the message becomes deliverable, if the options delay it past the turn's time: the
     *                  runtime stores such a send as a durable timer; empty means "as soon as the turn commits"
     */
    record Send(ActorRef target, Object message, SendOptions options, Optional<Instant> deliverAt) implements Effect {
        public Send {
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(options, "options");
            Objects.requireNonNull(deliverAt, "deliverAt");
        }
    }

    /**
     * A message to this actor at a time, from {@code ctx.schedule} (the turn's time plus the delay) or
     * {@code ctx.scheduleAt}.
     *
     * @param at      when it becomes deliverable (a time in the past means at once)
     * @param message the message
     */
    record Timer(Instant at, Object message) implements Effect {
        public Timer {
            Objects.requireNonNull(at, "at");
        }
    }

    /**
     * A periodic reminder from {@code ctx.remind}: {@code message} to this actor every {@code interval}, first at
     * {@code firstAt} (the turn's time plus one interval), replacing a pending reminder of the same name.
     *
     * @param name     the reminder's name, unique per actor
     * @param interval time between fires
     * @param message  the message delivered at each fire
     * @param missed   what happens to fires missed while no node ran the actor
     * @param firstAt  the first fire time
     */
    record Reminder(String name, Duration interval, Object message, MissedFirePolicy missed, Instant firstAt)
            implements Effect {
        public Reminder {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(interval, "interval");
            Objects.requireNonNull(firstAt, "firstAt");
        }
    }

    /**
     * The cancellation of this actor's reminder {@code name}, from {@code ctx.cancelReminder} (a no-op at commit
     * when there is none).
     *
     * @param name the reminder's name
     */
    record ReminderCancelled(String name) implements Effect {
        public ReminderCancelled {
            Objects.requireNonNull(name, "name");
        }
    }
}
