package dev.loom.examples.counter;

import dev.loom.actor.ActorType;

/** The {@code counter} actor: a number that messages increment, reset and read. */
public final class Counter {
    /** The counter's state. */
    public record Count(long value) {
    }

    /** The counter's messages. */
    public sealed interface CounterMsg permits Increment, Reset, Get {
    }

    /** Adds {@code by} (may be negative). */
    public record Increment(long by) implements CounterMsg {
    }

    /** Sets the value to zero. */
    public record Reset() implements CounterMsg {
    }

    /** Replies with the value. */
    public record Get() implements CounterMsg {
    }

    public static final String NAME = "counter";

    private Counter() {
    }

    /** The {@code counter} actor type. */
    public static ActorType<Count, CounterMsg> type() {
        return ActorType.builder(NAME, Count.class, CounterMsg.class)
                .initialState(new Count(0))
                .handler((ctx, state, msg) -> switch (msg) {
                    case Increment i -> {
                        Count next = new Count(state.value() + i.by());
                        ctx.reply(next.value());
                        yield next;
                    }
                    case Reset r -> {
                        ctx.reply(0L);
                        yield new Count(0);
                    }
                    case Get g -> {
                        ctx.reply(state.value());
                        yield state;
                    }
                })
                .build();
    }
}
