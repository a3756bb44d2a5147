package dev.loom.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loom.actor.ActorRef;
import dev.loom.spi.Envelope;
import dev.loom.spi.Lease;
import dev.loom.spi.Store;
import dev.loom.spi.StoredMessage;
import dev.loom.spi.Write;
import dev.loom.spi.WriteResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;

/**
 * What every TCK class needs from the store under test, and the shared set-up: a fresh store of
 * {@link #PARTITIONS} partitions before each test, closed after it.
 *
 * <p>A store runs the TCK by subclassing each abstract {@code *Tck} class (or {@link StoreTck}, which nests
 * them all) and implementing {@link #newStore(TestIsolation)} (or, for stores whose instances are cheap and
 * separate anyway, {@link #newStore(int)}). It declares its {@link #capabilities()}: a durable store also
 * overrides {@link #reopen(Store)}, which enables the tests that close and reopen a store, and a store several
 * handles may share overrides {@link #openShared(Store)}. Tests that need a capability the store lacks are
 * skipped with an assumption naming the flag.
 */
public abstract class StoreTckBase {
    /** Partitions of the store each test gets. */
    public static final int PARTITIONS = 8;
    /** Lease time-to-live the tests use. */
    public static final Duration TTL = Duration.ofSeconds(30);
    public static final String NODE_A = "node-a";
    public static final String NODE_B = "node-b";

    /** Distinguishes the namespaces of this JVM's run from those a crashed earlier run left on a shared server. */
    private static final String RUN = Long.toString(ThreadLocalRandom.current().nextLong(36L * 36 * 36 * 36, 36L * 36 * 36 * 36 * 36), 36);
    private static final AtomicLong NAMESPACES = new AtomicLong();

    protected final TckData data = new TckData(PARTITIONS);
    /** The store under test; replaced by {@link #reopenStore()}. */
    protected Store store;
    private final Map<Integer, Lease> held = new ConcurrentHashMap<>();
    private final List<TestIsolation> isolations = new ArrayList<>();
    private String testName = "unnamed";

    /**
     * A new, empty store with {@code partitions} partitions (each call: separate data). Implement this or
     * {@link #newStore(TestIsolation)}.
     */
    protected Store newStore(int partitions) {
        throw new UnsupportedOperationException(getClass().getName()
                + " implements neither newStore(TestIsolation) nor newStore(int)");
    }

    /**
     * A new, empty store for {@code isolation}: {@link TestIsolation#partitions()} partitions and data apart from
     * every other store the TCK opened. A store on a shared server creates {@link TestIsolation#namespace()}
     * (schema, key prefix) here and drops it in {@link #discard(TestIsolation)}. The default calls
     * {@link #newStore(int)}.
     */
    protected Store newStore(TestIsolation isolation) {
        return newStore(isolation.partitions());
    }

    /**
     * Called after each test, once the stores are closed, for every isolation the test used: drop the
     * namespace. The default does nothing (fresh instances and files need no clean-up).
     */
    protected void discard(TestIsolation isolation) {
    }

    /** Whether the store keeps its data across {@link Store#close()} and {@link #reopen(Store)}. */
    protected boolean durable() {
        return false;
    }

    /**
     * What the store can do beyond the contract; the default is {@link TckCapability#DURABLE} when
     * {@link #durable()} is true. A store built by a {@link dev.loom.spi.StoreProvider} can return
     * {@link TckCapability#of(dev.loom.spi.StoreCapabilities)}.
     */
    protected Set<TckCapability> capabilities() {
        return durable() ? EnumSet.of(TckCapability.DURABLE) : EnumSet.noneOf(TckCapability.class);
    }

    /**
     * A second store over the same data as {@code open}, which stays open (another process on the file,
     * another node on the server). Called only when {@link #capabilities()} has {@link TckCapability#SHARED_HANDLES};
     * the test closes it.
     */
    protected Store openShared(Store open) {
        throw new UnsupportedOperationException(getClass().getName()
                + " declares sharedHandles but does not override openShared");
    }

    /**
     * A store over the same data as {@code closed}, which the TCK has just closed. Called only when
     * {@link #durable()} is true.
     */
    protected Store reopen(Store closed) {
        throw new UnsupportedOperationException(getClass().getName() + " is durable() but does not override reopen");
    }

    @BeforeEach
    void openStore(TestInfo test) {
        testName = getClass().getSimpleName() + "." + test.getTestMethod().map(m -> m.getName()).orElse("test");
        store = freshStore(PARTITIONS);
        assertThat(store.partitions()).as("partitions of the new store").isEqualTo(PARTITIONS);
    }

    @AfterEach
    void closeStore() {
        try {
            if (store != null) {
                store.close();
            }
        } finally {
            isolations.forEach(this::discard);
            isolations.clear();
        }
    }

    /** A new, empty store in a namespace of its own (see {@link #newStore(TestIsolation)}). */
    protected Store freshStore(int partitions) {
        TestIsolation isolation = new TestIsolation(partitions,
                TestIsolation.namespace(RUN, NAMESPACES.incrementAndGet(), testName), testName);
        isolations.add(isolation);
        return newStore(isolation);
    }

    /** Skips the calling test unless the store has {@code capability}; the skip message names the flag. */
    protected void assumeCapability(TckCapability capability, String needs) {
        Assumptions.assumeTrue(capabilities().contains(capability),
                () -> "store lacks capability " + capability.flag() + " (TckCapability." + capability.name() + "): "
                        + needs + "; test skipped");
    }

    /** Skips the calling test unless the store is durable. */
    protected void assumeDurable() {
        assumeCapability(TckCapability.DURABLE, "reopen tests close the store and open it again over the same data");
    }

    /** Closes the store and continues the test on a store reopened over its data. */
    protected void reopenStore() {
        assumeDurable();
        Store closed = store;
        closed.close();
        store = reopen(closed);
    }

    /**
     * The lease {@link #NODE_A} holds on {@code partition} in this test, acquired at {@link TckData#T0} on
     * first use.
     */
    protected Lease lease(int partition) {
        return held.computeIfAbsent(partition, p -> store.leases().acquire(p, NODE_A, TTL, TckData.T0)
                .orElseThrow(() -> new AssertionError("acquire of never-leased partition " + p + " failed")));
    }

    /** The lease {@link #NODE_A} holds on {@code actor}'s partition (see {@link #lease(int)}). */
    protected Lease leaseFor(ActorRef actor) {
        return lease(data.partitionOf(actor));
    }

    /** Commits one write and returns its result. */
    protected WriteResult commit(Write write) {
        List<WriteResult> results = store.commit(List.of(write));
        assertThat(results).as("results of a one-write commit").hasSize(1);
        return results.get(0);
    }

    /** Commits one write and asserts it was applied. */
    protected void commitApplied(Write write) {
        assertThat(commit(write)).as("result of %s", write.getClass().getSimpleName()).isEqualTo(WriteResult.APPLIED);
    }

    /** Enqueues one message and returns it as stored. */
    protected StoredMessage enqueue(Envelope message) {
        long seq = store.messages().enqueue(List.of(message)).get(0);
        return queued(message.partition(), seq);
    }

    /** Enqueues a fresh message for {@code target} and returns it as stored. */
    protected StoredMessage enqueueFor(ActorRef target) {
        return enqueue(data.message(target));
    }

    /** The stored message with {@code seq} in {@code partition}; fails the test when it is not queued. */
    protected StoredMessage queued(int partition, long seq) {
        return store.messages().fetch(partition, seq - 1, 1).stream().filter(m -> m.seq() == seq).findFirst()
                .orElseThrow(() -> new AssertionError("message seq " + seq + " not queued in partition " + partition));
    }

    /** Whether a message with {@code seq} is queued in {@code partition}. */
    protected boolean isQueued(int partition, long seq) {
        return store.messages().fetch(partition, seq - 1, 1).stream().anyMatch(m -> m.seq() == seq);
    }

    /** Message ids queued for {@code actor}. */
    protected List<String> queuedIds(ActorRef actor) {
        return store.messages().forActor(actor, 10_000).stream().map(m -> m.envelope().messageId()).toList();
    }

    /** Commits {@code turns} more turns of {@code actor} (seqs after its last), each handling a fresh message. */
    protected void commitTurns(Lease lease, ActorRef actor, int turns) {
        long first = store.journal().lastSeq(actor) + 1;
        for (long seq = first; seq < first + turns; seq++) {
            commitApplied(data.turn(lease, enqueueFor(actor), seq).build());
        }
    }
}
