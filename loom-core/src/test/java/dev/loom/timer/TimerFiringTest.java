package dev.loom.timer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loom.actor.ActorRef;
import dev.loom.actor.MissedFirePolicy;
import dev.loom.spi.Envelope;
import dev.loom.spi.Reminder;
import dev.loom.spi.Timer;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Reminder fires on schedule, and missed fires are delivered once or skipped as the policy says. */
class TimerFiringTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Envelope ENV = new Envelope("rem-1", ActorRef.of("reminder", "r"), 3, "Tick", "{}", null,
            null, null, T0);

    private static Timer reminder(MissedFirePolicy policy) {
        return new Timer(7, ENV, T0, new Reminder("tick", Duration.ofSeconds(10), policy));
    }

    @Test
    void aOneShotTimerDeliversItsMessageAndNothingNext() {
        TimerFiring f = TimerFiring.of(new Timer(1, ENV, T0, null), T0.plusSeconds(100));
        assertThat(f.deliver()).isSameAs(ENV);
        assertThat(f.next()).isNull();
    }

    @Test
    void anOnTimeFireDeliversAndSchedulesOneIntervalLater() {
        TimerFiring f = TimerFiring.of(reminder(MissedFirePolicy.SKIP), T0.plusSeconds(1));
        assertThat(f.deliver()).isNotNull();
        assertThat(f.deliver().messageId()).isEqualTo("rem-1@" + T0.toEpochMilli());
        assertThat(f.next().deliverAt()).isEqualTo(T0.plusSeconds(10));
        assertThat(f.next().envelope().messageId()).isEqualTo("rem-1");
    }

    @Test
    void missedFiresAreCoalescedIntoOneWithFireOnce() {
        TimerFiring f = TimerFiring.of(reminder(MissedFirePolicy.FIRE_ONCE), T0.plusSeconds(35));
        assertThat(f.deliver()).isNotNull();
        assertThat(f.next().deliverAt()).isEqualTo(T0.plusSeconds(40));
    }

    @Test
    void missedFiresAreDroppedWithSkip() {
        TimerFiring f = TimerFiring.of(reminder(MissedFirePolicy.SKIP), T0.plusSeconds(35));
        assertThat(f.deliver()).isNull();
        assertThat(f.next().deliverAt()).isEqualTo(T0.plusSeconds(40));
    }
}
