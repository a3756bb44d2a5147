package dev.loom.examples.reminder;

import dev.loom.actor.ActorType;
import dev.loom.actor.MissedFirePolicy;
import java.time.Duration;

/** The {@code reminder} actor: counts the ticks of a periodic, durable reminder it starts and stops. */
public final class Reminder {
    /**
     * @param ticks   ticks received
     * @param running whether the reminder is on
     */
    public record Ticks(long ticks, boolean running) {
    }

    /** The reminder's messages. */
    public sealed interface ReminderMsg permits Start, Stop, Tick {
    }

    /** Starts ticking every {@code intervalMillis}; missed ticks fire once ({@code skipMissed}: not at all). */
    public record Start(long intervalMillis, boolean skipMissed) implements ReminderMsg {
    }

    /** Stops ticking. */
    public record Stop() implements ReminderMsg {
    }

    /** One tick (sent by the reminder itself). */
    public record Tick() implements ReminderMsg {
    }

    public static final String NAME = "reminder";

    private Reminder() {
    }

    /** The {@code reminder} actor type. */
    public static ActorType<Ticks, ReminderMsg> type() {
        return ActorType.builder(NAME, Ticks.class, ReminderMsg.class)
                .initialState(new Ticks(0, false))
                .handler((ctx, state, msg) -> switch (msg) {
                    case Start s -> {
                        if (s.intervalMillis() < 1) {
                            throw new IllegalArgumentException("intervalMillis must be >= 1: " + s.intervalMillis());
                        }
                        ctx.remind("tick", Duration.ofMillis(s.intervalMillis()), new Tick(),
                                s.skipMissed() ? MissedFirePolicy.SKIP : MissedFirePolicy.FIRE_ONCE);
                        yield new Ticks(state.ticks(), true);
                    }
                    case Stop s -> {
                        ctx.cancelReminder("tick");
                        yield new Ticks(state.ticks(), false);
                    }
                    case Tick t -> {
                        ctx.reply(state.ticks() + 1);
                        yield new Ticks(state.ticks() + 1, state.running());
                    }
                })
                .build();
    }
}
