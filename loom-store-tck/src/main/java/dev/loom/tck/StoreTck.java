package dev.loom.tck;

import dev.loom.spi.Store;
import org.junit.jupiter.api.Nested;

/**
 * The whole conformance suite in one class: a store subclasses it once, implements {@link #newStore(int)}
 * (and, if durable, {@link #durable()} and {@link #reopen(Store)}), and JUnit runs every TCK class as a
 * nested test class that delegates those three methods here.
 *
 * <p>Alternatively, a store may subclass each abstract {@code *Tck} class separately (the set below); it
 * must run all of them to conform.
 */
public abstract class StoreTck {
    /** A new, empty store with {@code partitions} partitions (each call: separate data). */
    protected abstract Store newStore(int partitions);

    /** Whether the store keeps its data across close and {@link #reopen(Store)}. */
    protected boolean durable() {
        return false;
    }

    /** A store over the same data as {@code closed}; called only when {@link #durable()} is true. */
    protected Store reopen(Store closed) {
        throw new UnsupportedOperationException(getClass().getName() + " is durable() but does not override reopen");
    }

    @Nested
    class Journal extends JournalTck {
        @Override
        protected Store newStore(int partitions) {
            return StoreTck.this.newStore(partitions);
        }

        @Override
        protected boolean durable() {
            return StoreTck.this.durable();
        }

        @Override
        protected Store reopen(Store closed) {
            return StoreTck.this.reopen(closed);
        }
    }

    @Nested
    class MessageQueue extends MessageQueueTck {
        @Override
        protected Store newStore(int partitions) {
            return StoreTck.this.newStore(partitions);
        }

        @Override
        protected boolean durable() {
            return StoreTck.this.durable();
        }

        @Override
        protected Store reopen(Store closed) {
            return StoreTck.this.reopen(closed);
        }
    }

    @Nested
    class LeaseFencing extends LeaseFencingTck {
        @Override
        protected Store newStore(int partitions) {
            return StoreTck.this.newStore(partitions);
        }

        @Override
        protected boolean durable() {
            return StoreTck.this.durable();
        }

        @Override
        protected Store reopen(Store closed) {
            return StoreTck.this.reopen(closed);
        }
    }

    @Nested
    class SnapshotTrim extends SnapshotTrimTck {
        @Override
        protected Store newStore(int partitions) {
            return StoreTck.this.newStore(partitions);
        }

        @Override
        protected boolean durable() {
            return StoreTck.this.durable();
        }

        @Override
        protected Store reopen(Store closed) {
            return StoreTck.this.reopen(closed);
        }
    }

    @Nested
    class Idempotency extends IdempotencyTck {
        @Override
        protected Store newStore(int partitions) {
            return StoreTck.this.newStore(partitions);
        }

        @Override
        protected boolean durable() {
            return StoreTck.this.durable();
        }

        @Override
        protected Store reopen(Store closed) {
            return StoreTck.this.reopen(closed);
        }
    }

    @Nested
    class KnownKeys extends KnownKeyTck {
        @Override
        protected Store newStore(int partitions) {
            return StoreTck.this.newStore(partitions);
        }

        @Override
        protected boolean durable() {
            return StoreTck.this.durable();
        }

        @Override
        protected Store reopen(Store closed) {
            return StoreTck.this.reopen(closed);
        }
    }

    @Nested
    class DeadLetters extends DeadLetterTck {
        @Override
        protected Store newStore(int partitions) {
            return StoreTck.this.newStore(partitions);
        }

        @Override
        protected boolean durable() {
            return StoreTck.this.durable();
        }

        @Override
        protected Store reopen(Store closed) {
            return StoreTck.this.reopen(closed);
        }
    }

    @Nested
    class Timers extends TimerTck {
        @Override
        protected Store newStore(int partitions) {
            return StoreTck.this.newStore(partitions);
        }

        @Override
        protected boolean durable() {
            return StoreTck.this.durable();
        }

        @Override
        protected Store reopen(Store closed) {
            return StoreTck.this.reopen(closed);
        }
    }

    @Nested
    class CrashAtomicity extends CrashAtomicityTck {
        @Override
        protected Store newStore(int partitions) {
            return StoreTck.this.newStore(partitions);
        }

        @Override
        protected boolean durable() {
            return StoreTck.this.durable();
        }

        @Override
        protected Store reopen(Store closed) {
            return StoreTck.this.reopen(closed);
        }
    }

    @Nested
    class Concurrency extends ConcurrencyTck {
        @Override
        protected Store newStore(int partitions) {
            return StoreTck.this.newStore(partitions);
        }

        @Override
        protected boolean durable() {
            return StoreTck.this.durable();
        }

        @Override
        protected Store reopen(Store closed) {
            return StoreTck.this.reopen(closed);
        }
    }

    @Nested
    class Backup extends BackupTck {
        @Override
        protected Store newStore(int partitions) {
            return StoreTck.this.newStore(partitions);
        }

        @Override
        protected boolean durable() {
            return StoreTck.this.durable();
        }

        @Override
        protected Store reopen(Store closed) {
            return StoreTck.this.reopen(closed);
        }
    }
}
