package dev.loom.testkit;

import dev.loom.actor.ActorRef;
import dev.loom.actor.ActorType;
import dev.loom.actor.MissedFirePolicy;
import dev.loom.actor.SendOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/** A bar tab: the actor type the test kit's tests run, using every kind of effect a handler has. */
final class Tabs {
    /** Items on the tab and what is still owed. */
    record Tab(long owed, List<String> items) {
        Tab {
            items = List.copyOf(items);
        }

        Tab add(String item, long price) {
            List<String> next = new ArrayList<>(items);
            next.add(item);
            return new Tab(owed + price, next);
        }
    }

    sealed interface TabMsg permits Add, Owed, Share, Later, Every, Stop, Pay, Fail, Describe, Slow {
    }

    /** Puts an item on the tab; replies with what is owed. */
    record Add(String item, long price) implements TabMsg {
    }

    /** Replies with what is owed. */
    record Owed() implements TabMsg {
    }

    /** Puts an item on another tab (a send). */
    record Share(String otherId, String item, long price) implements TabMsg {
    }

    /** Puts an item on this tab after {@code millis} (a timer). */
    record Later(long millis, String item, long price) implements TabMsg {
    }

    /** Reminds this tab of what it owes every {@code millis}. */
    record Every(long millis) implements TabMsg {
    }

    /** Stops the reminder. */
    record Stop() implements TabMsg {
    }

    /** Pays {@code amount} through the gateway in a durable step; replies with the charge id. */
    record Pay(long amount) implements TabMsg {
    }

    /** Fails the turn after one durable step. */
    record Fail(String why) implements TabMsg {
    }

    /** Replies with what the context says about the turn. */
    record Describe() implements TabMsg {
    }

    /** Puts an item on this tab after a delay given as a send option (a delayed send to itself). */
    record Slow(long millis, String item, long price) implements TabMsg {
    }

    /** The reply to {@link Describe}. */
    record Turn(String self, String messageId, int attempt, long seq, Instant now, String nextStepKey) {
    }

    static final String NAME = "tab";

    private Tabs() {
    }

    /** The tab type, charging through {@code gateway} (idempotency key to charge id). */
    static ActorType<Tab, TabMsg> type(UnaryOperator<String> gateway) {
        return ActorType.builder(NAME, Tab.class, TabMsg.class)
                .initialState(new Tab(0, List.of()))
                .handler((ctx, tab, msg) -> switch (msg) {
                    case Add a -> {
                        Tab next = tab.add(a.item(), a.price());
                        ctx.reply(next.owed());
                        yield next;
                    }
                    case Owed o -> {
                        ctx.reply(tab.owed());
                        yield tab;
                    }
                    case Share s -> {
                        ctx.send(ActorRef.of(NAME, s.otherId()), new Add(s.item(), s.price()));
                        yield tab;
                    }
                    case Later l -> {
                        ctx.schedule(Duration.ofMillis(l.millis()), new Add(l.item(), l.price()));
                        yield tab;
                    }
                    case Slow s -> {
                        ctx.send(ctx.self(), new Add(s.item(), s.price()),
                                SendOptions.none().withDelay(Duration.ofMillis(s.millis())));
                        yield tab;
                    }
                    case Every e -> {
                        ctx.remind("owed", Duration.ofMillis(e.millis()), new Owed(), MissedFirePolicy.SKIP);
                        yield tab;
                    }
                    case Stop s -> {
                        ctx.cancelReminder("owed");
                        yield tab;
                    }
                    case Pay p -> {
                        String charge = ctx.run("charge", String.class, () -> gateway.apply(ctx.idempotencyKey()));
                        ctx.log().info("charged {} for {}", charge, p.amount());
                        ctx.reply(charge);
                        yield new Tab(tab.owed() - p.amount(), tab.items());
                    }
                    case Fail f -> {
                        ctx.run("audit", () -> "audited " + f.why());
                        throw new IllegalStateException(f.why());
                    }
                    case Describe d -> {
                        ctx.reply(new Turn(ctx.self().toString(), ctx.messageId(), ctx.attempt(), ctx.seq(), ctx.now(),
                                ctx.idempotencyKey()));
                        yield tab;
                    }
                })
                .build();
    }
}
