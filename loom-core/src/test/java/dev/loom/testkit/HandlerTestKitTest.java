package dev.loom.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loom.actor.ActorContext;
import dev.loom.actor.ActorRef;
import dev.loom.actor.ActorType;
import dev.loom.actor.MissedFirePolicy;
import dev.loom.actor.NonDeterminismException;
import dev.loom.actor.RetryPolicy;
import dev.loom.actor.SendOptions;
import dev.loom.json.SerializationException;
import dev.loom.runtime.UnknownMessageTypeException;
import dev.loom.testkit.Tabs.Add;
import dev.loom.testkit.Tabs.Tab;
import dev.loom.testkit.Tabs.TabMsg;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

/** The test kit runs one turn the way the runtime does and reports each kind of effect, step and failure. */
class HandlerTestKitTest {
    private final List<String> charged = new ArrayList<>();
    private final ActorType<Tab, TabMsg> tabs = Tabs.type(key -> {
        charged.add(key);
        return "ch-" + charged.size();
    });
    private final HandlerTestKit<Tab, TabMsg> kit = HandlerTestKit.of(tabs);
    private final Tab coffee = new Tab(3, List.of("coffee"));

    /** A value Jackson cannot write: its accessor throws. */
    record Unwritable(String value) {
        @Override
        public String value() {
            throw new IllegalStateException("not today");
        }
    }

    @Test
    void aTurnStartsFromTheGivenStateAndReturnsTheNewStateAndReply() {
        TurnResult.Committed<Tab> turn = kit.given(coffee).when(new Add("cake", 4)).committed();

        assertThat(turn.state()).isEqualTo(new Tab(7, List.of("coffee", "cake")));
        assertThat(turn.stateJson().toString()).isEqualTo("{\"owed\":7,\"items\":[\"coffee\",\"cake\"]}");
        assertThat(turn.reply()).contains(7L);
        assertThat(turn.replyJson().asLong()).isEqualTo(7);
        assertThat(turn.effects()).isEmpty();
        assertThat(turn.steps()).isEmpty();
    }

    @Test
    void withoutAGivenStateTheTurnStartsFromTheInitialState() {
        assertThat(kit.when(new Add("tea", 2)).committed().state()).isEqualTo(new Tab(2, List.of("tea")));
    }

    @Test
    void noReplyIsAnEmptyReplyAndAJsonNull() {
        TurnResult.Committed<Tab> turn = kit.when(new Tabs.Stop()).committed();

        assertThat(turn.reply()).isEmpty();
        assertThat(turn.replyJson().isNull()).isTrue();
        assertThat(turn.replyAs(Long.class)).isEmpty();
    }

    @Test
    void theContextDescribesTheTurnTheKitWasGiven() {
        Instant at = Instant.parse("2030-05-06T07:08:09Z");
        Tabs.Turn defaults = kit.when(new Tabs.Describe()).committed().replyAs(Tabs.Turn.class).orElseThrow();
        Tabs.Turn set = kit.withId("t9").withMessageId("m-42").attempt(3).seq(17).at(at)
                .when(new Tabs.Describe()).committed().replyAs(Tabs.Turn.class).orElseThrow();

        assertThat(defaults).isEqualTo(new Tabs.Turn("tab/test", "test-message", 1, 1, HandlerTestKit.DEFAULT_NOW,
                "tab/test/test-message/0"));
        assertThat(set).isEqualTo(new Tabs.Turn("tab/t9", "m-42", 3, 17, at, "tab/t9/m-42/0"));
    }

    @Test
    void sendsAreReportedWithTheirOptionsAndDeliveryTime() {
        TurnResult.Committed<Tab> now = kit.when(new Tabs.Share("t2", "fries", 5)).committed();
        TurnResult.Committed<Tab> delayed = kit.when(new Tabs.Slow(1500, "pie", 6)).committed();

        assertThat(now.sends()).containsExactly(new Effect.Send(ActorRef.of("tab", "t2"), new Add("fries", 5),
                SendOptions.none(), Optional.empty()));
        Effect.Send later = delayed.sends().getFirst();
        assertThat(later.target()).isEqualTo(ActorRef.of("tab", "test"));
        assertThat(later.options().delay()).isEqualTo(Duration.ofMillis(1500));
        assertThat(later.deliverAt()).contains(HandlerTestKit.DEFAULT_NOW.plusMillis(1500));
        assertThat(now.timers()).isEmpty();
    }

    @Test
    void aDeliveryTimeNotAfterTheTurnIsAnImmediateSend() {
        Instant at = Instant.parse("2030-01-01T00:00:00Z");
        ActorType<Tab, TabMsg> past = ActorType.builder("tab", Tab.class, TabMsg.class).initialState(coffee)
                .handler((ctx, s, m) -> {
                    ctx.send(ActorRef.of("tab", "x"), m, SendOptions.none().withDeliverAt(at.minusSeconds(1)));
                    ctx.send(ActorRef.of("tab", "y"), m, SendOptions.none().withDelay(Duration.ZERO));
                    return s;
                }).build();

        assertThat(HandlerTestKit.of(past).at(at).when(new Tabs.Owed()).committed().sends())
                .extracting(Effect.Send::deliverAt).containsExactly(Optional.empty(), Optional.empty());
    }

    @Test
    void timersAreDueAtTheTurnsTimePlusTheDelay() {
        Instant at = Instant.parse("2030-01-01T12:00:00Z");
        TurnResult.Committed<Tab> turn = kit.at(at).when(new Tabs.Later(60_000, "plum", 1)).committed();

        assertThat(turn.timers()).containsExactly(new Effect.Timer(at.plusSeconds(60), new Add("plum", 1)));
        assertThat(turn.sends()).isEmpty();
    }

    @Test
    void remindersFirstFireAfterOneIntervalAndACancelInTheSameTurnDropsThem() {
        TurnResult.Committed<Tab> set = kit.when(new Tabs.Every(1000)).committed();
        ActorType<Tab, TabMsg> setThenCancel = ActorType.builder("tab", Tab.class, TabMsg.class).initialState(coffee)
                .handler((ctx, s, m) -> {
                    ctx.remind("owed", Duration.ofSeconds(1), new Tabs.Owed(), MissedFirePolicy.FIRE_ONCE);
                    ctx.remind("other", Duration.ofSeconds(2), new Tabs.Owed(), MissedFirePolicy.FIRE_ONCE);
                    ctx.cancelReminder("owed");
                    return s;
                }).build();
        TurnResult.Committed<Tab> cancelled = HandlerTestKit.of(setThenCancel).when(new Tabs.Owed()).committed();

        assertThat(set.reminders()).containsExactly(new Effect.Reminder("owed", Duration.ofSeconds(1),
                new Tabs.Owed(), MissedFirePolicy.SKIP, HandlerTestKit.DEFAULT_NOW.plusSeconds(1)));
        assertThat(kit.when(new Tabs.Stop()).committed().cancelledReminders()).containsExactly("owed");
        assertThat(cancelled.effects()).extracting(Object::getClass)
                .containsExactly(Effect.Reminder.class, Effect.ReminderCancelled.class);
        assertThat(cancelled.reminders()).extracting(Effect.Reminder::name).containsExactly("other");
    }

    @Test
    void aStepRunsItsSupplierOnceWithTheStepsIdempotencyKey() {
        TurnResult.Committed<Tab> turn = kit.given(coffee).withMessageId("m-1").when(new Tabs.Pay(3)).committed();

        assertThat(charged).containsExactly("tab/test/m-1/0");
        assertThat(turn.steps()).containsExactly(new Step(0, "charge", "tab/test/m-1/0", "ch-1", Step.Source.RAN));
        assertThat(turn.reply()).contains("ch-1");
        assertThat(turn.state().owed()).isZero();
        assertThat(turn.logs()).containsExactly(new LogLine(Level.INFO, "charged ch-1 for 3", Optional.empty()));
    }

    @Test
    void aStubbedStepAnswersWithoutRunningTheSupplier() {
        TurnResult.Committed<Tab> turn = kit.given(coffee).stubStep("charge", "ch-stub").when(new Tabs.Pay(3)).committed();

        assertThat(charged).isEmpty();
        assertThat(turn.reply()).contains("ch-stub");
        assertThat(turn.steps()).extracting(Step::source).containsExactly(Step.Source.STUBBED);
    }

    @Test
    void aRecordedStepIsReplayedFromItsJsonWithoutRunningTheSupplier() {
        record Receipt(String id, long amount) {
        }
        AtomicReference<Object> seen = new AtomicReference<>();
        ActorType<Tab, TabMsg> receipts = ActorType.builder("tab", Tab.class, TabMsg.class).initialState(coffee)
                .handler((ctx, s, m) -> {
                    seen.set(ctx.run("receipt", () -> new Receipt("r-new", 1)));
                    return s;
                }).build();
        Receipt recorded = new Receipt("r-1", 3);

        TurnResult.Committed<Tab> turn = HandlerTestKit.of(receipts).recordedStep("receipt", recorded).attempt(2)
                .when(new Tabs.Owed()).committed();

        assertThat(seen.get()).isEqualTo(recorded).isNotSameAs(recorded);
        assertThat(turn.steps()).containsExactly(new Step(0, "receipt", "tab/test/test-message/0", recorded,
                Step.Source.REPLAYED));
    }

    @Test
    void aStepOfAnotherNameThanTheRecordedOneIsADeadLetter() {
        TurnResult.Failed<Tab> failed = kit.recordedStep("refund", "r-1").when(new Tabs.Pay(3)).failed();

        assertThat(failed.error()).isInstanceOf(NonDeterminismException.class)
                .hasMessageContaining("recorded as 'refund' but the handler now runs 'charge'");
        assertThat(failed.disposition()).isEqualTo(new TurnResult.Disposition.DeadLetter(1));
        assertThat(charged).isEmpty();
    }

    @Test
    void aThrowingHandlerFailsWithNoEffectsButKeepsItsCompletedSteps() {
        TurnResult<Tab> result = kit.given(coffee).when(new Tabs.Fail("till jammed"));

        TurnResult.Failed<Tab> failed = result.failed();
        assertThat(failed.error()).isInstanceOf(IllegalStateException.class).hasMessage("till jammed");
        assertThat(failed.attempt()).isEqualTo(1);
        assertThat(failed.disposition()).isEqualTo(new TurnResult.Disposition.Retry(2, Duration.ofMillis(100)));
        assertThat(failed.steps()).extracting(Step::name, Step::result).containsExactly(
                org.assertj.core.groups.Tuple.tuple("audit", "audited till jammed"));
        assertThatThrownBy(result::committed).isInstanceOf(AssertionError.class)
                .hasMessageContaining("till jammed").hasCauseInstanceOf(IllegalStateException.class);
    }

    @Test
    void theLastAttemptThePolicyAllowsIsADeadLetter() {
        ActorType<Tab, TabMsg> twice = tabs.withPolicies(new RetryPolicy(2, Duration.ofMillis(10),
                Duration.ofSeconds(1), 3.0), 0, false, null);

        assertThat(HandlerTestKit.of(twice).attempt(1).when(new Tabs.Fail("x")).failed().disposition())
                .isEqualTo(new TurnResult.Disposition.Retry(2, Duration.ofMillis(10)));
        assertThat(HandlerTestKit.of(twice).attempt(2).when(new Tabs.Fail("x")).failed().disposition())
                .isEqualTo(new TurnResult.Disposition.DeadLetter(2));
        assertThat(HandlerTestKit.of(tabs).attempt(3).when(new Tabs.Fail("x")).failed().disposition())
                .isEqualTo(new TurnResult.Disposition.Retry(4, Duration.ofMillis(400)));
    }

    @Test
    void aRetryReplaysTheStepsOfTheFailedAttempt() {
        int[] runs = {0};
        ActorType<Tab, TabMsg> flaky = ActorType.builder("tab", Tab.class, TabMsg.class).initialState(coffee)
                .handler((ctx, s, m) -> {
                    String charge = ctx.run("charge", String.class, () -> "ch-" + ++runs[0]);
                    if (ctx.attempt() == 1) {
                        throw new IllegalStateException("receipt printer offline");
                    }
                    ctx.reply(charge);
                    return s;
                }).build();
        HandlerTestKit<Tab, TabMsg> flakyKit = HandlerTestKit.of(flaky);

        TurnResult.Failed<Tab> first = flakyKit.when(new Tabs.Owed()).failed();
        TurnResult.Committed<Tab> retry = flakyKit.retrying(first).when(new Tabs.Owed()).committed();

        assertThat(runs[0]).isEqualTo(1);
        assertThat(retry.reply()).contains("ch-1");
        assertThat(retry.steps()).extracting(Step::source).containsExactly(Step.Source.REPLAYED);
        assertThatThrownBy(() -> flakyKit.retrying(new TurnResult.Failed<>(new IllegalStateException(), 5,
                new TurnResult.Disposition.DeadLetter(5), List.of(), List.of())))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void returningNullOrAStateThatDoesNotSerializeFailsTheTurn() {
        ActorType<Tab, TabMsg> returnsNull = ActorType.builder("tab", Tab.class, TabMsg.class).initialState(coffee)
                .handler((ctx, s, m) -> null).build();
        ActorType<Object, TabMsg> unserializable = ActorType.builder("blob", Object.class, TabMsg.class)
                .initialState(Map.of()).handler((ctx, s, m) -> new Unwritable("x")).build();

        assertThat(HandlerTestKit.of(returnsNull).when(new Tabs.Owed()).failed().error())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("returned null");
        assertThat(HandlerTestKit.of(unserializable).when(new Tabs.Owed()).failed().error())
                .isInstanceOf(SerializationException.class);
    }

    @Test
    void messagesToKnownTypesMustBeTheirMessagesAndToUnknownOnesOnlySerialize() {
        record Other() {
        }
        ActorType<Tab, Other> peer = ActorType.builder("peer", Tab.class, Other.class).initialState(coffee)
                .handler((ctx, s, m) -> s).build();
        ActorType<Tab, TabMsg> wrongSelf = ActorType.builder("tab", Tab.class, TabMsg.class).initialState(coffee)
                .handler((ctx, s, m) -> {
                    ctx.schedule(Duration.ofSeconds(1), new Other());
                    return s;
                }).build();
        ActorType<Tab, TabMsg> toPeer = ActorType.builder("tab", Tab.class, TabMsg.class).initialState(coffee)
                .handler((ctx, s, m) -> {
                    ctx.send(ActorRef.of("peer", "p"), new Tabs.Owed());
                    return s;
                }).build();

        assertThat(HandlerTestKit.of(wrongSelf).when(new Tabs.Owed()).failed().error())
                .isInstanceOf(UnknownMessageTypeException.class).hasMessageContaining("not a message of actor type 'tab'");
        assertThat(HandlerTestKit.of(toPeer).when(new Tabs.Owed()).committed().sends()).hasSize(1);
        assertThat(HandlerTestKit.of(toPeer).knowing(peer).when(new Tabs.Owed()).failed().error())
                .isInstanceOf(UnknownMessageTypeException.class).hasMessageContaining("actor type 'peer'");
    }

    @Test
    void anUnserializableReplyFailsTheTurn() {
        ActorType<Tab, TabMsg> badReply = ActorType.builder("tab", Tab.class, TabMsg.class).initialState(coffee)
                .handler((ctx, s, m) -> {
                    ctx.reply(new Unwritable("x"));
                    return s;
                }).build();

        assertThat(HandlerTestKit.of(badReply).when(new Tabs.Owed()).failed().error())
                .isInstanceOf(SerializationException.class);
    }

    @Test
    void theContextRefusesUseAfterTheHandlerReturned() {
        AtomicReference<ActorContext> leaked = new AtomicReference<>();
        ActorType<Tab, TabMsg> leaking = ActorType.builder("tab", Tab.class, TabMsg.class).initialState(coffee)
                .handler((ctx, s, m) -> {
                    leaked.set(ctx);
                    return s;
                }).build();
        HandlerTestKit.of(leaking).when(new Tabs.Owed()).committed();

        assertThatThrownBy(() -> leaked.get().reply(1)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("valid only during the handler call");
    }

    @Test
    void theHandlerGetsTheMessageAndStateAsReadBackFromJson() {
        AtomicReference<Object> seenState = new AtomicReference<>();
        AtomicReference<Object> seenMessage = new AtomicReference<>();
        ActorType<Tab, TabMsg> observing = ActorType.builder("tab", Tab.class, TabMsg.class).initialState(coffee)
                .handler((ctx, s, m) -> {
                    seenState.set(s);
                    seenMessage.set(m);
                    return s;
                }).build();
        Add add = new Add("x", 1);

        HandlerTestKit.of(observing).given(coffee).when(add).committed();

        assertThat(seenState.get()).isEqualTo(coffee).isNotSameAs(coffee);
        assertThat(seenMessage.get()).isEqualTo(add).isNotSameAs(add);
    }

    @Test
    void aKitIsImmutableAndCanBeReused() {
        HandlerTestKit<Tab, TabMsg> base = kit.given(coffee);
        base.withId("other").at(Instant.EPOCH).stubStep("charge", "x");

        assertThat(base.when(new Tabs.Describe()).committed().replyAs(Tabs.Turn.class).orElseThrow().self())
                .isEqualTo("tab/test");
        assertThat(base.when(new Add("a", 1)).committed().state()).isEqualTo(base.when(new Add("a", 1)).committed().state());
        assertThat(base.when(new Tabs.Pay(1)).committed().steps()).extracting(Step::source)
                .containsExactly(Step.Source.RAN);
    }

    @Test
    void logsKeepTheirLevelFormattedMessageAndThrowable() {
        IllegalStateException why = new IllegalStateException("boom");
        ActorType<Tab, TabMsg> logging = ActorType.builder("tab", Tab.class, TabMsg.class).initialState(coffee)
                .handler((ctx, s, m) -> {
                    ctx.log().debug("owed {} for {}", s.owed(), s.items());
                    ctx.log().warn("failed", why);
                    return s;
                }).build();

        assertThat(HandlerTestKit.of(logging).when(new Tabs.Owed()).committed().logs()).containsExactly(
                new LogLine(Level.DEBUG, "owed 3 for [coffee]", Optional.empty()),
                new LogLine(Level.WARN, "failed", Optional.of(why)));
    }
}
