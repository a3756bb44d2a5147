package dev.loom.cli.bench;

import dev.loom.actor.ActorType;

/**
 * The {@code bench} actor type: a counter whose message carries a payload of a chosen size and the time it was
 * sent, so the time from send to commit can be measured per message.
 */
public final class BenchActor {
    public static final String NAME = "bench";

    /** The state: how many pings this actor handled. */
    public record Tally(long count) {
    }

    /**
     * The one message.
     *
     * @param sentAtNanos {@link System#nanoTime()} when the sender called {@code send}
     * @param payload     filler of the benchmark's payload size
     */
    public record Ping(long sentAtNanos, String payload) {
    }

    private BenchActor() {
    }

    /** The type with default snapshots; every handled ping is reported to {@code clock} so its commit can be timed. */
    public static ActorType<Tally, Ping> type(CommitClock clock) {
        return type(clock, 1000, false);
    }

    /** The type with the given snapshot interval and journal retention. */
    public static ActorType<Tally, Ping> type(CommitClock clock, int snapshotEvery, boolean retainJournal) {
        return ActorType.builder(NAME, Tally.class, Ping.class)
                .initialState(new Tally(0))
                .snapshotEvery(snapshotEvery)
                .retainJournal(retainJournal)
                .handler((ctx, state, ping) -> {
                    clock.handled(ctx.messageId(), ping.sentAtNanos());
                    return new Tally(state.count() + 1);
                })
                .build();
    }
}
