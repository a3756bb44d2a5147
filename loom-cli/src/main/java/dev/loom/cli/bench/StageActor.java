package dev.loom.cli.bench;

import dev.loom.actor.ActorType;

/**
 * The {@code bench-stage} actor type the pipeline benchmark's stages send their tasks to: it adds one to the
 * number it is given and replies with the sum, so each stage's output is the next stage's input.
 */
public final class StageActor {
    public static final String NAME = "bench-stage";

    /** The state: how many steps this actor worked. */
    public record Steps(long count) {
    }

    /** The one message: {@code n} is the previous stage's output (0 for the first). */
    public record Step(long n) {
    }

    private StageActor() {
    }

    /** The type, with default policies. */
    public static ActorType<Steps, Step> type() {
        return ActorType.builder(NAME, Steps.class, Step.class)
                .initialState(new Steps(0))
                .handler((ctx, state, step) -> {
                    ctx.reply(step.n() + 1);
                    return new Steps(state.count() + 1);
                })
                .build();
    }
}
