package dev.loom.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.loom.actor.ActorRef;
import dev.loom.actor.ActorType;
import dev.loom.json.Json;
import dev.loom.runtime.Loom;
import dev.loom.runtime.Reply;
import dev.loom.spi.Timer;
import dev.loom.store.memory.InMemoryStore;
import dev.loom.testkit.Tabs.Tab;
import dev.loom.testkit.Tabs.TabMsg;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The kit's promise is that a handler does under it what it does in the runtime. This test runs the same messages
 * through a real node (in-memory store, a clock stopped at the kit's time) and through the kit, turn by turn, and
 * compares replies, committed states, the context's view of each turn, step keys, sends and pending timers.
 */
class HandlerTestKitAgreesWithRuntimeTest {
    private static final Instant NOW = HandlerTestKit.DEFAULT_NOW;
    private static final Duration WAIT = Duration.ofSeconds(10);

    /** A timer as both sides can describe it: when, what message, which reminder. */
    record PendingTimer(Instant at, String messageType, String payload, String reminder) {
    }

    @Test
    void theKitAndARealNodeAgreeTurnByTurn() {
        List<String> runtimeKeys = new CopyOnWriteArrayList<>();
        List<String> kitKeys = new ArrayList<>();
        ActorType<Tab, TabMsg> real = Tabs.type(key -> {
            runtimeKeys.add(key);
            return "ch-" + key.hashCode();
        });
        ActorType<Tab, TabMsg> tested = Tabs.type(key -> {
            kitKeys.add(key);
            return "ch-" + key.hashCode();
        });
        List<TabMsg> messages = List.of(new Tabs.Add("coffee", 3), new Tabs.Add("cake", 4), new Tabs.Describe(),
                new Tabs.Later(60_000, "plum", 1), new Tabs.Every(1_000), new Tabs.Share("t2", "fig", 5),
                new Tabs.Pay(2), new Tabs.Describe(), new Tabs.Owed());
        ActorRef t1 = ActorRef.of(Tabs.NAME, "t1");
        ActorRef t2 = ActorRef.of(Tabs.NAME, "t2");

        InMemoryStore store = new InMemoryStore(4);
        try (Loom loom = Loom.builder().store(store).actor(real).clock(Clock.fixed(NOW, ZoneOffset.UTC)).build().start()) {
            HandlerTestKit<Tab, TabMsg> kit = HandlerTestKit.of(tested).withId("t1");
            Tab state = tested.initialState();
            List<Effect> effects = new ArrayList<>();
            for (int i = 0; i < messages.size(); i++) {
                TabMsg msg = messages.get(i);
                Reply reply = loom.ask(t1, msg, WAIT);
                TurnResult.Committed<Tab> turn = kit.given(state).withMessageId(reply.messageId()).seq(i + 1)
                        .when(msg).committed();

                // Compared as text: a reply read back from the store has other number node types than a fresh one.
                assertThat(turn.replyJson().toString()).as("reply to %s", msg).isEqualTo(reply.value().toString());
                assertThat(turn.stateJson().toString()).as("state after %s", msg)
                        .isEqualTo(loom.state(t1).state().toString());
                assertThat(loom.state(t1).seq()).isEqualTo(i + 1);
                state = turn.state();
                effects.addAll(turn.effects());
            }

            assertThat(kitKeys).isNotEmpty().isEqualTo(runtimeKeys);
            assertThat(pendingTimersByKit(effects)).isEqualTo(pendingTimersInStore(store, t1));

            Effect.Send share = effects.stream().filter(Effect.Send.class::isInstance).map(Effect.Send.class::cast)
                    .findFirst().orElseThrow();
            assertThat(share.target()).isEqualTo(t2);
            Tab sharedByKit = HandlerTestKit.of(tested).withId("t2").when((TabMsg) share.message()).committed().state();
            await().atMost(WAIT).until(() -> loom.state(t2).seq() == 1);
            assertThat(loom.state(t2).as(Tab.class)).isEqualTo(sharedByKit);
        }
    }

    private static List<PendingTimer> pendingTimersByKit(List<Effect> effects) {
        List<PendingTimer> timers = new ArrayList<>();
        for (Effect e : effects) {
            switch (e) {
                case Effect.Timer t -> timers.add(new PendingTimer(t.at(), t.message().getClass().getSimpleName(),
                        Json.write(t.message()), null));
                case Effect.Reminder r -> timers.add(new PendingTimer(r.firstAt(), r.message().getClass().getSimpleName(),
                        Json.write(r.message()), r.name()));
                case Effect.Send s -> s.deliverAt().ifPresent(at -> timers.add(new PendingTimer(at,
                        s.message().getClass().getSimpleName(), Json.write(s.message()), null)));
                case Effect.ReminderCancelled c -> timers.removeIf(t -> c.name().equals(t.reminder()));
            }
        }
        timers.sort(Comparator.comparing(PendingTimer::at));
        return timers;
    }

    private static List<PendingTimer> pendingTimersInStore(InMemoryStore store, ActorRef actor) {
        List<PendingTimer> timers = new ArrayList<>();
        for (Timer t : store.timers().forActor(actor)) {
            timers.add(new PendingTimer(t.deliverAt(), t.envelope().messageType(), Json.parse(t.envelope().payload()).toString(),
                    t.reminder() == null ? null : t.reminder().name()));
        }
        timers.sort(Comparator.comparing(PendingTimer::at));
        return timers;
    }
}
