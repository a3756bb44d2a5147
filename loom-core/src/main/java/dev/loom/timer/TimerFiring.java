package dev.loom.timer;

import dev.loom.actor.MissedFirePolicy;
import dev.loom.spi.Envelope;
import dev.loom.spi.Reminder;
import dev.loom.spi.Timer;
import dev.loom.spi.TimerRequest;
import java.time.Duration;
import java.time.Instant;

/**
 * What firing a due timer does: the message to deliver (if any) and, for a reminder, the next timer.
 *
 * <p>A reminder's fire times are {@code first + k * interval}. When the timer fires at least one whole interval
 * late, fires were missed: {@link MissedFirePolicy#FIRE_ONCE} delivers one message for all of them,
 * {@link MissedFirePolicy#SKIP} delivers none. Either way the next fire is the first fire time after now.
 * Each fire's message id is the reminder's id plus {@code @} and the fire time, so a fire is one message.
 *
 * @param deliver the message to enqueue, or {@code null} to skip this fire
 * @param next    the reminder's next timer, or {@code null} for a one-shot timer
 */
record TimerFiring(Envelope deliver, TimerRequest next) {
    /** Decides the firing of {@code timer} at {@code now}. */
    static TimerFiring of(Timer timer, Instant now) {
        Reminder r = timer.reminder();
        if (r == null) {
            return new TimerFiring(timer.envelope(), null);
        }
        Duration late = Duration.between(timer.deliverAt(), now);
        long missed = late.isNegative() ? 0 : late.toNanos() / r.interval().toNanos();
        Instant nextAt = timer.deliverAt().plus(r.interval().multipliedBy(missed + 1));
        Envelope base = timer.envelope();
        Envelope fire = new Envelope(base.messageId() + "@" + timer.deliverAt().toEpochMilli(), base.target(),
                base.partition(), base.messageType(), base.payload(), base.idempotencyKey(), base.sender(),
                base.traceparent(), now);
        boolean skip = missed >= 1 && r.missed() == MissedFirePolicy.SKIP;
        return new TimerFiring(skip ? null : fire, new TimerRequest(base, nextAt, r));
    }
}
