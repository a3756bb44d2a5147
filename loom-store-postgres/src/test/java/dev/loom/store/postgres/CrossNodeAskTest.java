package dev.loom.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.loom.actor.ActorRef;
import dev.loom.actor.ActorType;
import dev.loom.actor.RetryPolicy;
import dev.loom.actor.SendOptions;
import dev.loom.partition.Partitioner;
import dev.loom.runtime.AskTimeoutException;
import dev.loom.runtime.Loom;
import dev.loom.runtime.MessageDeadLetteredException;
import dev.loom.runtime.Reply;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two nodes on one PostgreSQL schema: an ask sent through node A to an actor whose partition node B holds gets the
 * reply B's turn committed (read from the idempotency record after the reply hint), with and without an idempotency
 * key; a message B dead-letters fails A's ask as it would locally; a timeout leaves the message accepted. The last
 * test prints local and cross-node ask latencies (p50/p99) and asserts only that every reply was right.
 */
class CrossNodeAskTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Duration ASK = Duration.ofSeconds(10);
    private static final int PARTITIONS = 8;

    private final TestPostgres pg = TestPostgres.get();
    private final String schema = "asks_" + ProcessHandle.current().pid() + "_" + System.nanoTime();
    private final List<AutoCloseable> open = new ArrayList<>();
    private Loom a;
    private Loom b;

    /** Adds {@code by}; {@code by < 0} fails the turn, {@code by == 0} takes {@code slowMillis} first. */
    public record Add(int by, long slowMillis) {
    }

    public record Count(int total) {
    }

    private static ActorType<Count, Add> counter() {
        return ActorType.builder("counter", Count.class, Add.class).initialState(new Count(0))
                .retry(new RetryPolicy(1, Duration.ofMillis(10), Duration.ofMillis(10), 1.0))
                .handler((ctx, s, add) -> {
                    if (add.by() < 0) {
                        throw new IllegalArgumentException("cannot add " + add.by());
                    }
                    if (add.slowMillis() > 0) {
                        Thread.sleep(add.slowMillis());
                    }
                    Count next = new Count(s.total() + add.by());
                    ctx.reply(next);
                    return next;
                }).build();
    }

    @BeforeEach
    void twoNodes() {
        a = node("node-a");
        b = node("node-b");
        await().atMost(WAIT).until(() -> a.heldPartitions().size() == PARTITIONS / 2
                && b.heldPartitions().size() == PARTITIONS / 2);
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open.reversed()) {
            c.close();
        }
        pg.dropSchema(schema);
    }

    private Loom node(String id) {
        PostgresStore store = PostgresStore.open(PostgresStoreOptions.of(pg.url(), TestPostgres.USER, TestPostgres.PASSWORD)
                .withSchema(schema).withPoolSize(4).withPartitions(PARTITIONS));
        open.add(store);
        await().atMost(WAIT).until(store::listening);
        Loom loom = Loom.builder().store(store).actor(counter()).nodeId(id).leaseTtl(Duration.ofSeconds(3))
                .drainTimeout(Duration.ofSeconds(5)).build().start();
        open.add(() -> loom.shutdown(Duration.ofSeconds(5)));
        return loom;
    }

    @Test
    void anAskThroughOneNodeGetsTheReplyOfTheTurnAnotherNodeRan() {
        ActorRef onB = ActorRef.of("counter", idHeldBy(b.heldPartitions(), "b"));

        Reply first = a.ask(onB, new Add(2, 0), ASK);
        Reply second = a.ask(onB, new Add(3, 0), ASK);

        assertThat(first.as(Count.class)).isEqualTo(new Count(2));
        assertThat(second.as(Count.class)).isEqualTo(new Count(5));
        assertThat(first.deduplicated()).isFalse();
        assertThat(b.journal(onB, 1, 10)).extracting(e -> e.messageId())
                .containsExactly(first.messageId(), second.messageId());
    }

    @Test
    void aKeyedAskRepeatedOnEitherNodeReturnsTheStoredReply() {
        ActorRef onB = ActorRef.of("counter", idHeldBy(b.heldPartitions(), "keyed"));
        SendOptions key = SendOptions.none().withIdempotencyKey("add-once");

        Reply first = a.ask(onB, new Add(7, 0), key, ASK);
        Reply again = a.ask(onB, new Add(7, 0), key, ASK);
        Reply onHolder = b.ask(onB, new Add(7, 0), key, ASK);

        assertThat(first.as(Count.class)).isEqualTo(new Count(7));
        assertThat(first.deduplicated()).isFalse();
        assertThat(List.of(again, onHolder)).allSatisfy(r -> {
            assertThat(r.deduplicated()).isTrue();
            assertThat(r.as(Count.class)).isEqualTo(new Count(7));
        });
        assertThat(b.journal(onB, 1, 10)).hasSize(1);
    }

    @Test
    void aMessageDeadLetteredOnTheHolderFailsTheAskOnTheAskingNode() {
        ActorRef onB = ActorRef.of("counter", idHeldBy(b.heldPartitions(), "failing"));

        assertThatThrownBy(() -> a.ask(onB, new Add(-1, 0), ASK))
                .isInstanceOf(MessageDeadLetteredException.class)
                .hasMessageContaining("dead-lettered as dl-")
                .hasMessageContaining("cannot add -1");
    }

    @Test
    void aTimedOutCrossNodeAskLeavesTheMessageAccepted() {
        ActorRef onB = ActorRef.of("counter", idHeldBy(b.heldPartitions(), "slow"));

        assertThatThrownBy(() -> a.ask(onB, new Add(0, 1_500), Duration.ofMillis(300)))
                .isInstanceOf(AskTimeoutException.class)
                .hasMessageContaining("will still be handled");
        await().atMost(WAIT).until(() -> b.journal(onB, 1, 10).size() == 1);
    }

    @Test
    void printsLocalAndCrossNodeAskLatencies() {
        ActorRef onA = ActorRef.of("counter", idHeldBy(a.heldPartitions(), "local"));
        ActorRef onB = ActorRef.of("counter", idHeldBy(b.heldPartitions(), "remote"));
        int warmup = 50;
        int rounds = 400;
        long[] local = time(a, onA, warmup, rounds);
        long[] remote = time(a, onB, warmup, rounds);
        System.out.printf(Locale.ROOT, "ask latency over %d sequential asks through node A (embedded PostgreSQL):"
                        + " local p50 %.2f ms p99 %.2f ms; cross-node p50 %.2f ms p99 %.2f ms%n", rounds,
                percentile(local, 50), percentile(local, 99), percentile(remote, 50), percentile(remote, 99));
        assertThat(b.state(onB).state().get("total").asInt()).isEqualTo(warmup + rounds);
    }

    private static long[] time(Loom via, ActorRef target, int warmup, int rounds) {
        long[] nanos = new long[rounds];
        for (int i = 0; i < warmup + rounds; i++) {
            long start = System.nanoTime();
            Reply r = via.ask(target, new Add(1, 0), ASK);
            long took = System.nanoTime() - start;
            assertThat(r.as(Count.class).total()).isEqualTo(i + 1);
            if (i >= warmup) {
                nanos[i - warmup] = took;
            }
        }
        Arrays.sort(nanos);
        return nanos;
    }

    private static double percentile(long[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)] / 1e6;
    }

    /** An actor id in one of {@code held}. */
    private static String idHeldBy(Set<Integer> held, String prefix) {
        return IntStream.range(0, 10_000).mapToObj(i -> prefix + "-" + i)
                .filter(id -> held.contains(Partitioner.partitionOf(ActorRef.of("counter", id), PARTITIONS)))
                .findFirst().orElseThrow();
    }
}
