package dev.loom.tck;

import dev.loom.spi.Store;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Nested;

/**
 * The whole conformance suite in one class: a store subclasses it once, implements
 * {@link #newStore(TestIsolation)} (or {@link #newStore(int)}), declares its {@link #capabilities()} with the
 * methods they need ({@link #reopen(Store)}, {@link #openShared(Store)}), and JUnit runs every TCK class as a
 * nested test class that delegates those methods here.
 *
 * <p>Alternatively, a store may subclass each abstract {@code *Tck} class separately (the set below); it
 * must run all of them to conform.
 */
public abstract class StoreTck {
    /**
     * A new, empty store with {@code partitions} partitions (each call: separate data). Implement this or
     * {@link #newStore(TestIsolation)}.
     */
    protected Store newStore(int partitions) {
        throw new UnsupportedOperationException(getClass().getName()
                + " implements neither newStore(TestIsolation) nor newStore(int)");
    }

    /** See {@link StoreTckBase#newStore(TestIsolation)}; the default calls {@link #newStore(int)}. */
    protected Store newStore(TestIsolation isolation) {
        return newStore(isolation.partitions());
    }

    /** See {@link StoreTckBase#discard(TestIsolation)}; the default does nothing. */
    protected void discard(TestIsolation isolation) {
    }

    /** Whether the store keeps its data across close and {@link #reopen(Store)}. */
    protected boolean durable() {
        return false;
    }

    /** See {@link StoreTckBase#capabilities()}; the default is {@code durable} when {@link #durable()} is true. */
    protected Set<TckCapability> capabilities() {
        return durable() ? EnumSet.of(TckCapability.DURABLE) : EnumSet.noneOf(TckCapability.class);
    }

    /** A store over the same data as {@code closed}; called only with {@link TckCapability#DURABLE}. */
    protected Store reopen(Store closed) {
        throw new UnsupportedOperationException(getClass().getName() + " is durable() but does not override reopen");
    }

    /** A second store over the data of {@code open}; called only with {@link TckCapability#SHARED_HANDLES}. */
    protected Store openShared(Store open) {
        throw new UnsupportedOperationException(getClass().getName()
                + " declares sharedHandles but does not override openShared");
    }

    @Nested
    class Journal extends JournalTck {
        @Override
        protected Store newStore(TestIsolation isolation) {
            return StoreTck.this.newStore(isolation);
        }

        @Override
        protected void discard(TestIsolation isolation) {
            StoreTck.this.discard(isolation);
        }

        @Override
        protected Set<TckCapability> capabilities() {
            return StoreTck.this.capabilities();
        }

        @Override
        protected Store reopen(Store closed) {
            return StoreTck.this.reopen(closed);
        }

        @Override
        protected Store openShared(Store open) {
            return StoreTck.this.openShared(open);
        }
    }

    @Nested
    class MessageQueue extends MessageQueueTck {
        @Override
        protected Store newStore(TestIsolation isolation) {
            return StoreTck.this.newStore(isolation);
        }

        @Override
        protected void discard(TestIsolation isolation) {
            StoreTck.this.discard(isolation);
        }

        @Override
        protected Set<TckCapability> capabilities() {
            return StoreTck.this.capabilities();
        }

        @Override
        protected Store reopen(Store closed) {
            return StoreTck.this.reopen(closed);
        }

        @Override
        protected Store openShared(Store open) {
            return StoreTck.this.openShared(open);
        }
    }

    @Nested
    class SettlementSends extends SettlementSendsTck {
        @Override
        protected Store newStore(TestIsolation isolation) {
            return StoreTck.this.newStore(isolation);
        }

        @Override
        protected void discard(TestIsolation isolation) {
            StoreTck.this.discard(isolation);
        }

        @Override
        protected Set<TckCapability> capabilities() {
            return StoreTck.this.capabilities();
        }

        @Override
        protected Store reopen(Store closed) {
            return StoreTck.this.reopen(closed);
        }

        @Override
        protected Store openShared(Store open) {
            return StoreTck.this.openShared(open);
        }
    }

    @Nested
    class LeaseFencing extends LeaseFencingTck {
        @Override
        protected Store newStore(TestIsolation isolation) {
            return StoreTck.this.newStore(isolation);
        }

        @Override
        protected void discard(TestIsolation isolation) {
            StoreTck.this.discard(isolation);
        }

        @Override
        protected Set<TckCapability> capabilities() {
            return StoreTck.this.capabilities();
        }

        @Override
        protected Store reopen(Store closed) {
            return StoreTck.this.reopen(closed);
        }

        @Override
        protected Store openShared(Store open) {
            return StoreTck.this.openShared(open);
        }
    }

    @Nested
    class SnapshotTrim extends SnapshotTrimTck {
        @Override
        protected Store newStore(TestIsolation isolation) {
            return StoreTck.this.newStore(isolation);
        }

        @Override
        protected void discard(TestIsolation isolation) {
            StoreTck.this.discard(isolation);
        }

        @Override
        protected Set<TckCapability> capabilities() {
            return StoreTck.this.capabilities();
        }

        @Override
        protected Store reopen(Store closed) {
            return StoreTck.this.reopen(closed);
        }

        @Override
        protected Store openShared(Store open) {
            return StoreTck.this.openShared(open);
        }
    }

    @Nested
    class Idempotency extends IdempotencyTck {
        @Override
        protected Store newStore(TestIsolation isolation) {
            return StoreTck.this.newStore(isolation);
        }

        @Override
        protected void discard(TestIsolation isolation) {
            StoreTck.this.discard(isolation);
        }

        @Override
        protected Set<TckCapability> capabilities() {
            return StoreTck.this.capabilities();
        }

        @Override
        protected Store reopen(Store closed) {
            return StoreTck.this.reopen(closed);
        }

        @Override
        protected Store openShared(Store open) {
            return StoreTck.this.openShared(open);
        }
    }

    @Nested
    class KnownKeys extends KnownKeyTck {
        @Override
        protected Store newStore(TestIsolation isolation) {
            return StoreTck.this.newStore(isolation);
        }

        @Override
        protected void discard(TestIsolation isolation) {
            StoreTck.this.discard(isolation);
        }

        @Override
        protected Set<TckCapability> capabilities() {
            return StoreTck.this.capabilities();
        }

        @Override
        protected Store reopen(Store closed) {
            return StoreTck.this.reopen(closed);
        }

        @Override
        protected Store openShared(Store open) {
            return StoreTck.this.openShared(open);
        }
    }

    @Nested
    class DeadLetters extends DeadLetterTck {
        @Override
        protected Store newStore(TestIsolation isolation) {
            return StoreTck.this.newStore(isolation);
        }

        @Override
        protected void discard(TestIsolation isolation) {
            StoreTck.this.discard(isolation);
        }

        @Override
        protected Set<TckCapability> capabilities() {
            return StoreTck.this.capabilities();
        }

        @Override
        protected Store reopen(Store closed) {
            return StoreTck.this.reopen(closed);
        }

        @Override
        protected Store openShared(Store open) {
            return StoreTck.this.openShared(open);
        }
    }

    @Nested
    class Timers extends TimerTck {
        @Override
        protected Store newStore(TestIsolation isolation) {
            return StoreTck.this.newStore(isolation);
        }

        @Override
        protected void discard(TestIsolation isolation) {
            StoreTck.this.discard(isolation);
        }

        @Override
        protected Set<TckCapability> capabilities() {
            return StoreTck.this.capabilities();
        }

        @Override
        protected Store reopen(Store closed) {
            return StoreTck.this.reopen(closed);
        }

        @Override
        protected Store openShared(Store open) {
            return StoreTck.this.openShared(open);
        }
    }

    @Nested
    class CrashAtomicity extends CrashAtomicityTck {
        @Override
        protected Store newStore(TestIsolation isolation) {
            return StoreTck.this.newStore(isolation);
        }

        @Override
        protected void discard(TestIsolation isolation) {
            StoreTck.this.discard(isolation);
        }

        @Override
        protected Set<TckCapability> capabilities() {
            return StoreTck.this.capabilities();
        }

        @Override
        protected Store reopen(Store closed) {
            return StoreTck.this.reopen(closed);
        }

        @Override
        protected Store openShared(Store open) {
            return StoreTck.this.openShared(open);
        }
    }

    @Nested
    class Concurrency extends ConcurrencyTck {
        @Override
        protected Store newStore(TestIsolation isolation) {
            return StoreTck.this.newStore(isolation);
        }

        @Override
        protected void discard(TestIsolation isolation) {
            StoreTck.this.discard(isolation);
        }

        @Override
        protected Set<TckCapability> capabilities() {
            return StoreTck.this.capabilities();
        }

        @Override
        protected Store reopen(Store closed) {
            return StoreTck.this.reopen(closed);
        }

        @Override
        protected Store openShared(Store open) {
            return StoreTck.this.openShared(open);
        }
    }

    @Nested
    class Backup extends BackupTck {
        @Override
        protected Store newStore(TestIsolation isolation) {
            return StoreTck.this.newStore(isolation);
        }

        @Override
        protected void discard(TestIsolation isolation) {
            StoreTck.this.discard(isolation);
        }

        @Override
        protected Set<TckCapability> capabilities() {
            return StoreTck.this.capabilities();
        }

        @Override
        protected Store reopen(Store closed) {
            return StoreTck.this.reopen(closed);
        }

        @Override
        protected Store openShared(Store open) {
            return StoreTck.this.openShared(open);
        }
    }

    @Nested
    class GroupCommitThroughput extends GroupCommitThroughputTck {
        @Override
        protected Store newStore(TestIsolation isolation) {
            return StoreTck.this.newStore(isolation);
        }

        @Override
        protected void discard(TestIsolation isolation) {
            StoreTck.this.discard(isolation);
        }

        @Override
        protected Set<TckCapability> capabilities() {
            return StoreTck.this.capabilities();
        }

        @Override
        protected Store reopen(Store closed) {
            return StoreTck.this.reopen(closed);
        }

        @Override
        protected Store openShared(Store open) {
            return StoreTck.this.openShared(open);
        }
    }
}
