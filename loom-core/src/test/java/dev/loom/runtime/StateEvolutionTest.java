package dev.loom.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.loom.actor.ActorRef;
import dev.loom.actor.ActorType;
import dev.loom.actor.RetryPolicy;
import dev.loom.spi.DeadLetter;
import dev.loom.spi.DeadLetterQuery;
import dev.loom.store.memory.InMemoryStore;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A state class changed between deployments, against the journal its previous version wrote: the changes
 * "Evolving actors" in docs/ARCHITECTURE.md allows fold (with and without a snapshot in between), and the ones it
 * does not fail with an {@link IncompatibleStateException} naming the actor, the seq and the field.
 */
class StateEvolutionTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final RetryPolicy ONCE = new RetryPolicy(1, Duration.ofMillis(5), Duration.ofMillis(5), 2.0);

    private final InMemoryStore store = new InMemoryStore(4);
    private final Nodes nodes = new Nodes();

    @AfterEach
    void stop() {
        nodes.close();
    }

    /** The first deployment's state: a name, a count, and a field the next version drops. */
    public record ProfileV1(String name, long visits, String legacy) {
    }

    public record Visit(String name) {
    }

    /**
     * The next deployment's: {@code name} renamed in Java but kept as {@code "name"} in JSON, {@code legacy} removed
     * and ignored, {@code tier} added with a default for states written before it existed.
     */
    @JsonIgnoreProperties("legacy")
    public record ProfileV2(@JsonProperty("name") String displayName, long visits, String tier) {
        public ProfileV2 {
            tier = tier == null ? "free" : tier;
        }
    }

    private static ActorType<ProfileV1, Visit> profileV1(int snapshotEvery) {
        return ActorType.builder("profile", ProfileV1.class, Visit.class)
                .initialState(new ProfileV1("", 0, ""))
                .snapshotEvery(snapshotEvery)
                .handler((ctx, s, v) -> new ProfileV1(v.name(), s.visits() + 1, "v1-" + v.name()))
                .build();
    }

    private static ActorType<ProfileV2, Visit> profileV2(int snapshotEvery) {
        return ActorType.builder("profile", ProfileV2.class, Visit.class)
                .initialState(new ProfileV2("", 0, "free"))
                .snapshotEvery(snapshotEvery)
                .handler((ctx, s, v) -> {
                    ProfileV2 next = new ProfileV2(v.name(), s.visits() + 1, s.visits() + 1 >= 4 ? "gold" : s.tier());
                    ctx.reply(next);
                    return next;
                })
                .build();
    }

    private Loom run(ActorType<?, ?> type) {
        return nodes.start(nodes.builder(store, type).nodeId("n"));
    }

    private static void visit(Loom loom, ActorRef a, long seqAfter, String... names) {
        for (String n : names) {
            loom.send(a, new Visit(n));
        }
        await().atMost(WAIT).until(() -> loom.state(a).seq() == seqAfter);
    }

    @Test
    void addedRenamedAndRemovedFieldsFoldFromTheInitialState() {
        ActorRef a = ActorRef.of("profile", "p1");
        Loom v1 = run(profileV1(0));
        visit(v1, a, 3, "ann", "bob", "cy");
        v1.shutdown(WAIT);

        Loom v2 = run(profileV2(0));
        assertThat(v2.state(a).as(ProfileV2.class)).isEqualTo(new ProfileV2("cy", 3, "free"));
        ProfileV2 replied = v2.ask(a, new Visit("dee"), WAIT).as(ProfileV2.class);
        assertThat(replied).as("the live actor activated from the old journal").isEqualTo(new ProfileV2("dee", 4, "gold"));
        v2.shutdown(WAIT);

        // The journal now mixes both versions' patches; a fresh activation folds all of them.
        Loom again = run(profileV2(0));
        assertThat(again.state(a).as(ProfileV2.class)).isEqualTo(new ProfileV2("dee", 4, "gold"));
        assertThat(again.stateAt(a, 2).as(ProfileV2.class)).isEqualTo(new ProfileV2("bob", 2, "free"));
    }

    @Test
    void anAddedFieldWrittenAfterAnOldSnapshotFolds() {
        ActorRef a = ActorRef.of("profile", "p2");
        Loom v1 = run(profileV1(2));
        visit(v1, a, 3, "ann", "bob", "cy");
        assertThat(store.snapshots().latest(a)).hasValueSatisfying(s -> assertThat(s.state()).contains("legacy")
                .doesNotContain("tier"));
        v1.shutdown(WAIT);

        // Version 2 writes `tier` on top of a snapshot that has no such field.
        Loom v2 = run(profileV2(0));
        visit(v2, a, 4, "dee");
        v2.shutdown(WAIT);

        Loom again = run(profileV2(0));
        assertThat(again.state(a).as(ProfileV2.class)).isEqualTo(new ProfileV2("dee", 4, "gold"));
    }

    public record ScoreV1(long score) {
    }

    public record ScoreV2(List<String> score) {
    }

    public record Hit(long points) {
    }

    @Test
    void aChangedFieldTypeNamesTheActorTheSeqThatWroteItAndTheField() {
        ActorRef a = ActorRef.of("score", "s1");
        Loom v1 = run(ActorType.builder("score", ScoreV1.class, Hit.class).initialState(new ScoreV1(0))
                .handler((ctx, s, h) -> h.points() == 0 ? s : new ScoreV1(s.score() + h.points())).build());
        v1.send(a, new Hit(5));
        v1.send(a, new Hit(2));
        v1.send(a, new Hit(0));
        await().atMost(WAIT).until(() -> v1.state(a).seq() == 3);
        v1.shutdown(WAIT);

        Loom v2 = run(ActorType.builder("score", ScoreV2.class, Hit.class).initialState(new ScoreV2(List.of()))
                .retry(ONCE).handler((ctx, s, h) -> s).build());
        assertThatThrownBy(() -> v2.state(a))
                .isInstanceOfSatisfying(IncompatibleStateException.class, e -> {
                    assertThat(e.actor()).isEqualTo(a);
                    assertThat(e.seq()).as("entry 3 changed nothing; entry 2 last wrote score").isEqualTo(2);
                    assertThat(e.field()).contains("score");
                })
                .hasMessageContaining("the state of score/s1 (through seq 3) no longer reads as " + ScoreV2.class.getName())
                .hasMessageContaining("field 'score', written by journal entry seq 2 (message type Hit)")
                .hasMessageContaining("Evolving actors");

        // A message to it cannot activate the actor: it is dead-lettered with the same explanation, nothing lost.
        v2.send(a, new Hit(1));
        await().atMost(WAIT).until(() -> v2.deadLetters().count(DeadLetterQuery.all(10)) == 1);
        DeadLetter letter = v2.deadLetters().list(DeadLetterQuery.all(10)).getFirst();
        assertThat(letter.error().message()).contains("cannot activate score/s1")
                .contains("field 'score', written by journal entry seq 2");
        assertThat(store.journal().lastSeq(a)).isEqualTo(3);
    }

    public record NamedV1(String name) {
    }

    public record NamedV2(String title) {
    }

    @Test
    void aFieldRenamedWithoutKeepingItsJsonNameIsNamed() {
        ActorRef a = ActorRef.of("named", "n1");
        Loom v1 = run(ActorType.builder("named", NamedV1.class, Visit.class).initialState(new NamedV1(""))
                .handler((ctx, s, v) -> new NamedV1(v.name())).build());
        visit(v1, a, 2, "ann", "bob");
        v1.shutdown(WAIT);

        Loom v2 = run(ActorType.builder("named", NamedV2.class, Visit.class).initialState(new NamedV2(""))
                .handler((ctx, s, v) -> new NamedV2(v.name())).build());
        assertThatThrownBy(() -> v2.state(a))
                .isInstanceOfSatisfying(IncompatibleStateException.class, e -> {
                    assertThat(e.seq()).isEqualTo(2);
                    assertThat(e.field()).contains("name");
                })
                .hasMessageContaining("field 'name', written by journal entry seq 2 (message type Visit)")
                .hasMessageContaining("Unrecognized field \"name\"");
    }

    public record Address(String city) {
    }

    public record ShippingV1(Address address) {
    }

    public record ShippingV2(String note) {
    }

    @Test
    void aPatchIntoAFieldThatNoLongerExistsNamesTheEntryAndThePath() {
        ActorRef a = ActorRef.of("shipping", "o1");
        Loom v1 = run(ActorType.builder("shipping", ShippingV1.class, Visit.class)
                .initialState(new ShippingV1(new Address(""))).handler((ctx, s, v) -> new ShippingV1(new Address(v.name())))
                .build());
        visit(v1, a, 1, "Paris");
        v1.shutdown(WAIT);

        Loom v2 = run(ActorType.builder("shipping", ShippingV2.class, Visit.class).initialState(new ShippingV2(""))
                .handler((ctx, s, v) -> s).build());
        assertThatThrownBy(() -> v2.state(a))
                .isInstanceOfSatisfying(IncompatibleStateException.class, e -> {
                    assertThat(e.seq()).isEqualTo(1);
                    assertThat(e.field()).contains("/address/city");
                })
                .hasMessageContaining("journal entry seq 1 (message type Visit) of shipping/o1 does not apply to its"
                        + " state at field '/address/city'");
    }

    public record LevelV1(long xp) {
    }

    public record LevelV2(long xp, long level) {
    }

    @Test
    void anAddedPrimitiveMissingFromAnOldSnapshotNamesTheSnapshot() {
        ActorRef a = ActorRef.of("level", "l1");
        Loom v1 = run(ActorType.builder("level", LevelV1.class, Hit.class).initialState(new LevelV1(0)).snapshotEvery(2)
                .handler((ctx, s, h) -> new LevelV1(s.xp() + h.points())).build());
        v1.send(a, new Hit(3));
        v1.send(a, new Hit(4));
        await().atMost(WAIT).until(() -> store.snapshots().latest(a).isPresent());
        v1.shutdown(WAIT);

        Loom v2 = run(ActorType.builder("level", LevelV2.class, Hit.class).initialState(new LevelV2(0, 1))
                .handler((ctx, s, h) -> s).build());
        assertThatThrownBy(() -> v2.state(a))
                .isInstanceOfSatisfying(IncompatibleStateException.class, e -> {
                    assertThat(e.seq()).isEqualTo(2);
                    assertThat(e.field()).contains("level");
                })
                .hasMessageContaining("field 'level', as in the snapshot at seq 2");
    }
}
