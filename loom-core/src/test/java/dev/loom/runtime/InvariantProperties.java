package dev.loom.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.loom.actor.ActorRef;
import dev.loom.actor.SendOptions;
import dev.loom.breaker.BreakerView;
import dev.loom.breaker.Breakers;
import dev.loom.spi.DeadLetter;
import dev.loom.spi.DeadLetterQuery;
import dev.loom.spi.JournalEntry;
import dev.loom.spi.QueueStats;
import dev.loom.spi.StoreException;
import dev.loom.store.memory.InMemoryStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterTry;

/**
 * Random sequences of sends (some with repeated idempotency keys), transient and permanent handler failures,
 * node crashes and store outages; after each sequence, ARCHITECTURE §5 invariants 1-5 must hold:
 * no accepted message lost, effects committed once, contiguous journals that fold to the state, one committer
 * per partition (a second one would show as a duplicate or gap), and per-sender FIFO order.
 */
class InvariantProperties {
    /** One step of a scenario. */
    sealed interface Action permits Send, Crash, Outage {
    }

    /** A send of {@code value} to actor {@code actor}; {@code key} >= 0 reuses idempotency key k; kind 0 ok, 1-2 fails that often, 3 always fails. */
    record Send(int actor, int key, int kind) implements Action {
    }

    /** The node crashes (halts) and a new incarnation starts. */
    record Crash() implements Action {
    }

    /** The store is unreachable for the next {@code sends} sends. */
    record Outage(int sends) implements Action {
    }

    private final Nodes nodes = new Nodes();

    @AfterTry
    void stopNodes() {
        nodes.close();
    }

    @Provide
    Arbitrary<List<Action>> scenarios() {
        Arbitrary<Action> send = net.jqwik.api.Combinators.combine(
                Arbitraries.integers().between(0, 3),
                Arbitraries.integers().between(-4, 3),
                Arbitraries.integers().between(0, 12)).as((actor, key, kind) -> new Send(actor, key, kind > 3 ? 0 : kind));
        Arbitrary<Action> action = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(20, send),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(new Crash())),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(1, 3).map(Outage::new)));
        return action.list().ofMinSize(5).ofMaxSize(40);
    }

    @Property(tries = 40)
    void invariantsHoldAfterAnyScenario(@ForAll("scenarios") List<Action> scenario) {
        InMemoryStore store = new InMemoryStore(8);
        TestActors.Probe probe = new TestActors.Probe();
        Loom loom = start(store, probe);
        Map<String, Long> valueOf = new HashMap<>();
        Map<String, String> keyOf = new HashMap<>();
        Map<String, Integer> kindOf = new HashMap<>();
        Map<String, ActorRef> targetOf = new HashMap<>();
        List<String> accepted = new ArrayList<>();
        int outage = 0;
        long counter = 0;
        for (Action a : scenario) {
            switch (a) {
                case Crash c -> {
                    loom.halt();
                    loom = start(store, probe);
                }
                case Outage o -> {
                    outage = o.sends();
                    store.setAvailable(false);
                }
                case Send s -> {
                    ActorRef target = ActorRef.of("tally", "a" + s.actor());
                    long value = ++counter;
                    Object msg = switch (s.kind()) {
                        case 0 -> new TestActors.Add(value);
                        case 3 -> new TestActors.AlwaysFail("permanent");
                        default -> new TestActors.FailTimes(s.kind(), value);
                    };
                    String key = s.key() >= 0 ? "k" + s.key() : null;
                    try {
                        Accepted sent = loom.send(target, msg, key == null ? SendOptions.none() : SendOptions.none().withIdempotencyKey(key));
                        String id = sent.messageId();
                        if (sent.deduplicated()) {
                            // the first message with the key for this target, accepted earlier in the scenario
                            assertThat(keyOf.get(id)).as("key of the message %s deduplicated against", id).isEqualTo(key);
                            assertThat(targetOf.get(id)).isEqualTo(target);
                        } else {
                            accepted.add(id);
                            valueOf.put(id, value);
                            kindOf.put(id, s.kind());
                            targetOf.put(id, target);
                            if (key != null) {
                                keyOf.put(id, key);
                            }
                        }
                    } catch (StoreException refused) {
                        assertThat(outage).as("a send refused while the store is available: %s", refused).isPositive();
                    }
                    if (outage > 0 && --outage == 0) {
                        store.setAvailable(true);
                        loom.breakers().reset("store");
                    }
                }
            }
        }
        store.setAvailable(true);
        loom.breakers().reset("store");
        Loom last = loom;
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(progress(store, last))
                .as("the node drains everything it accepted").isEqualTo(QUIET));

        Map<String, Integer> committed = new HashMap<>();
        Map<String, Set<String>> keysCommitted = new HashMap<>();
        for (int i = 0; i < 4; i++) {
            ActorRef ref = ActorRef.of("tally", "a" + i);
            List<JournalEntry> journal = last.journal(ref, 1, 10_000);
            // invariant 3: contiguous seqs from 1, and state = fold of the journal
            for (int j = 0; j < journal.size(); j++) {
                assertThat(journal.get(j).seq()).isEqualTo(j + 1);
            }
            assertThat(last.state(ref).seq()).isEqualTo(journal.size());
            assertThat(last.stateAt(ref, journal.size()).state().toString()).isEqualTo(last.state(ref).state().toString());
            // invariant 5: values (increasing in send order from the one sender) appear in order
            List<Long> seen = last.state(ref).as(TestActors.Tally.class).seen();
            assertThat(seen).isSorted();
            for (JournalEntry e : journal) {
                committed.merge(e.messageId(), 1, Integer::sum);
                if (e.idempotencyKey() != null) {
                    assertThat(keysCommitted.computeIfAbsent(ref.toString(), k -> new HashSet<>()).add(e.idempotencyKey()))
                            .as("key %s committed twice for %s", e.idempotencyKey(), ref).isTrue();
                }
            }
        }
        // invariant 2: each message's turn committed at most once
        assertThat(committed.values()).allMatch(n -> n == 1);
        Set<String> dead = new HashSet<>();
        for (DeadLetter dl : last.deadLetters().list(DeadLetterQuery.all(10_000))) {
            dead.add(dl.message().messageId());
        }
        // invariant 1: every accepted message is committed, dead-lettered, or a duplicate of a committed key
        for (String id : accepted) {
            boolean done = committed.containsKey(id) || dead.contains(id)
                    || (keyOf.containsKey(id) && keysCommitted.getOrDefault(targetOf.get(id).toString(), Set.of())
                    .contains(keyOf.get(id)));
            assertThat(done).as("accepted message %s (kind %s) was lost", id, kindOf.get(id)).isTrue();
            if (kindOf.get(id) == 3) {
                assertThat(committed).doesNotContainKey(id);
            }
        }
        assertThat(dead).allMatch(id -> kindOf.get(id) == 3);
    }

    private Loom start(InMemoryStore store, TestActors.Probe probe) {
        return nodes.start(nodes.builder(store, TestActors.tally(probe)).nodeId("node")
                .leaseTtl(Duration.ofSeconds(30)));
    }

    private static final String QUIET = "0 turns in flight, 0 messages queued";

    /** What is still to do, with what a failure needs to explain why it did not drain. */
    private static String progress(InMemoryStore store, Loom loom) {
        long queued = store.messages().stats().stream().mapToLong(QueueStats::depth).sum();
        String quiet = loom.inFlightTurns() + " turns in flight, " + queued + " messages queued";
        return quiet.equals(QUIET) ? quiet : quiet + "; partitions held " + loom.heldPartitions()
                + ", store breaker " + loom.breakers().find(Breakers.STORE).map(BreakerView::state).orElse("absent")
                + ", dead letters " + loom.deadLetters().list(DeadLetterQuery.all(10_000)).size();
    }
}
