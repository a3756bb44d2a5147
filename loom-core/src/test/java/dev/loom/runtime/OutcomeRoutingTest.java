package dev.loom.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.loom.actor.ActorRef;
import dev.loom.actor.ActorType;
import dev.loom.actor.MessageOutcome;
import dev.loom.actor.RetryPolicy;
import dev.loom.actor.SendOptions;
import dev.loom.spi.DeadLetter;
import dev.loom.spi.DeadLetterQuery;
import dev.loom.spi.JournalEntry;
import dev.loom.store.memory.InMemoryStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A type that receivesOutcomes hears how every message it sent was settled, in the write that settled it. */
class OutcomeRoutingTest {
    record Heard(List<MessageOutcome> outcomes) {
    }

    sealed interface CallerMsg permits Call, Flaky, SelfTick, Got {
    }

    /** Sends Add(n) to tally/{id}, with {@code key} as idempotency key when not null. */
    record Call(String id, long n, String key) implements CallerMsg {
    }

    /** Sends Work() to the flaky actor. */
    record Flaky() implements CallerMsg {
    }

    /** Schedules a message to itself. */
    record SelfTick(boolean again) implements CallerMsg {
    }

    record Got(MessageOutcome outcome) implements CallerMsg {
    }

    record Count(int n) {
    }

    record Work() {
    }

    private final InMemoryStore store = new InMemoryStore(8);
    private final TestActors.Probe probe = new TestActors.Probe();
    private final Nodes nodes = new Nodes();
    private final AtomicBoolean flakyFails = new AtomicBoolean(true);

    @AfterEach
    void stop() {
        nodes.close();
    }

    private static ActorType<Heard, CallerMsg> caller() {
        return caller(false);
    }

    private static ActorType<Heard, CallerMsg> caller(boolean deduplicatesOutcomes) {
        ActorType.Builder<Heard, CallerMsg> b = ActorType.builder("caller", Heard.class, CallerMsg.class)
                .initialState(new Heard(List.of()))
                .receivesOutcomes(Got::new);
        if (deduplicatesOutcomes) {
            b.deduplicatesOutcomes();
        }
        return b
                .handler((ctx, state, msg) -> switch (msg) {
                    case Call c -> {
                        SendOptions o = c.key() == null ? SendOptions.none() : SendOptions.none().withIdempotencyKey(c.key());
                        ctx.send(ActorRef.of("tally", c.id()), new TestActors.Add(c.n()), o);
                        yield state;
                    }
                    case Flaky f -> {
                        ctx.send(ActorRef.of("flaky", "f"), new Work());
                        yield state;
                    }
                    case SelfTick t -> {
                        if (t.again()) {
                            ctx.schedule(Duration.ofMillis(5), new SelfTick(false));
                            ctx.send(ctx.self(), new SelfTick(false));
                        }
                        yield state;
                    }
                    case Got g -> {
                        List<MessageOutcome> all = new ArrayList<>(state.outcomes());
                        all.add(g.outcome());
                        yield new Heard(all);
                    }
                })
                .build();
    }

    private ActorType<Count, Work> flaky() {
        return ActorType.builder("flaky", Count.class, Work.class)
                .initialState(new Count(0))
                .retry(new RetryPolicy(1, Duration.ZERO, Duration.ZERO, 1.0))
                .handler((ctx, state, msg) -> {
                    if (flakyFails.get()) {
                        throw new IllegalStateException("flaky is down");
                    }
                    ctx.reply("worked");
                    return new Count(state.n() + 1);
                })
                .build();
    }

    private Loom start() {
        return nodes.start(store, caller(), TestActors.tally(probe), flaky());
    }

    private static List<MessageOutcome> heard(Loom loom, int count) {
        ActorRef c = ActorRef.of("caller", "c");
        await().atMost(Duration.ofSeconds(10)).until(() -> loom.state(c).as(Heard.class).outcomes().size() >= count);
        return loom.state(c).as(Heard.class).outcomes();
    }

    @Test
    void aCommittedMessageSendsACompletedOutcomeWithItsReply() {
        Loom loom = start();
        loom.send(ActorRef.of("caller", "c"), new Call("t1", 5, "k-1"));

        MessageOutcome o = heard(loom, 1).getFirst();

        assertThat(o.kind()).isEqualTo(MessageOutcome.Kind.COMPLETED);
        assertThat(o.target()).isEqualTo(ActorRef.of("tally", "t1"));
        assertThat(o.idempotencyKey()).isEqualTo("k-1");
        assertThat(o.reply().asLong()).isEqualTo(5);
        List<JournalEntry> callerJournal = loom.journal(ActorRef.of("caller", "c"), 1, 10);
        assertThat(callerJournal.getLast().idempotencyKey())
                .isEqualTo(MessageOutcome.keyFor(MessageOutcome.Kind.COMPLETED, o.messageId()));
        assertThat(callerJournal.getLast().messageType()).isEqualTo("Got");
    }

    @Test
    void aTypeThatDeduplicatesOutcomesGetsThemWithoutAnIdempotencyKeyOrRecord() {
        Loom loom = nodes.start(store, caller(true), TestActors.tally(probe), flaky());
        ActorRef c = ActorRef.of("caller", "c");
        loom.send(c, new Call("t1", 5, "k-1"));
        loom.send(c, new Call("t2", 6, null));

        assertThat(heard(loom, 2)).extracting(MessageOutcome::kind).containsOnly(MessageOutcome.Kind.COMPLETED);
        List<JournalEntry> outcomes = loom.journal(c, 1, 10).stream()
                .filter(e -> e.messageType().equals("Got")).toList();
        assertThat(outcomes).hasSize(2).allSatisfy(e -> assertThat(e.idempotencyKey()).isNull());
        for (JournalEntry e : outcomes) {
            assertThat(store.idempotency().find(c, MessageOutcome.keyFor(MessageOutcome.Kind.COMPLETED, e.messageId()),
                    java.time.Instant.now())).isEmpty();
        }
        assertThatThrownBy(() -> ActorType.builder("lonely", Heard.class, CallerMsg.class).initialState(new Heard(List.of()))
                .handler((ctx, s, m) -> s).deduplicatesOutcomes().build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs receivesOutcomes");
    }

    @Test
    void aDuplicateIsAcknowledgedWithTheStoredReply() {
        Loom loom = start();
        ActorRef c = ActorRef.of("caller", "c");
        loom.send(c, new Call("t2", 3, "same"));
        heard(loom, 1);
        loom.send(c, new Call("t2", 100, "same"));

        List<MessageOutcome> outcomes = heard(loom, 2);

        assertThat(outcomes.get(1).kind()).isEqualTo(MessageOutcome.Kind.DUPLICATE);
        assertThat(outcomes.get(1).reply().asLong()).isEqualTo(3);
        assertThat(outcomes.get(1).messageId()).isNotEqualTo(outcomes.get(0).messageId());
        assertThat(loom.state(ActorRef.of("tally", "t2")).as(TestActors.Tally.class).sum()).isEqualTo(3);
    }

    @Test
    void aDeadLetteredMessageSendsItsErrorAndDeadLetterIdAndARedriveThatCommitsSendsCompleted() {
        Loom loom = start();
        loom.send(ActorRef.of("caller", "c"), new Flaky());

        MessageOutcome dead = heard(loom, 1).getFirst();
        DeadLetter letter = loom.deadLetters().list(DeadLetterQuery.all(10)).getFirst();
        assertThat(dead.kind()).isEqualTo(MessageOutcome.Kind.DEAD_LETTERED);
        assertThat(dead.deadLetterId()).isEqualTo(letter.id());
        assertThat(dead.error()).isEqualTo(new MessageOutcome.Failure(IllegalStateException.class.getName(),
                "flaky is down"));

        flakyFails.set(false);
        loom.deadLetters().redrive(List.of(letter.id()));
        MessageOutcome completed = heard(loom, 2).get(1);

        assertThat(completed.kind()).isEqualTo(MessageOutcome.Kind.COMPLETED);
        assertThat(completed.messageId()).isEqualTo(dead.messageId());
        assertThat(completed.reply().asText()).isEqualTo("worked");
    }

    @Test
    void messagesToItselfAndItsTimersProduceNoOutcome() throws InterruptedException {
        Loom loom = start();
        ActorRef c = ActorRef.of("caller", "c");
        loom.send(c, new SelfTick(true));
        await().atMost(Duration.ofSeconds(10)).until(() -> loom.state(c).seq() == 3);
        Thread.sleep(200);

        assertThat(loom.state(c).seq()).isEqualTo(3);
        assertThat(loom.state(c).as(Heard.class).outcomes()).isEmpty();
    }

    @Test
    void aTypeThatDoesNotOptInHearsNothing() {
        Loom loom = start();
        loom.send(ActorRef.of("tally", "a"), new TestActors.Forward("b", 4));
        await().atMost(Duration.ofSeconds(10)).until(() -> loom.state(ActorRef.of("tally", "b")).seq() == 1);

        assertThat(loom.state(ActorRef.of("tally", "a")).seq()).isEqualTo(1);
    }

    @Test
    void anOutcomeWrapperThatYieldsNoMessageIsRefusedAtRegistration() {
        assertThatThrownBy(() -> ActorType.builder("bad", Heard.class, CallerMsg.class)
                .initialState(new Heard(List.of()))
                .receivesOutcomes(o -> new Flaky() == null ? null : null)
                .handler((ctx, s, m) -> s)
                .build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("receivesOutcomes");
    }
}
