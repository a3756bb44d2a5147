package dev.loom.spi;

import java.time.Instant;
import java.util.Iterator;
import java.util.Objects;

/**
 * One record of a backup stream ({@link BackupStore}): a {@link Header} first, then the store's durable
 * contents, one item per record. Leases and cluster membership are never part of a backup: they describe
 * running nodes, not data.
 */
public sealed interface BackupRecord {
    /**
     * The first record of every backup stream.
     *
     * @param store      the exporting engine's {@link Store#name()}
     * @param partitions the exporting store's partition count; an import requires the same count
     * @param version    the record format version ({@link BackupStore#FORMAT_VERSION} when written by this build)
     * @param takenAt    when the consistent read began
     * @param counts     how many records of each kind follow; an import checks that exactly these arrive
     */
    record Header(String store, int partitions, int version, Instant takenAt, BackupCounts counts)
            implements BackupRecord {
        public Header {
            Objects.requireNonNull(store, "store");
            Objects.requireNonNull(takenAt, "takenAt");
            Objects.requireNonNull(counts, "counts");
            if (partitions < 1) {
                throw new IllegalArgumentException("partitions must be >= 1: " + partitions);
            }
        }

        /**
         * Takes the first record of {@code source}, which must be a header whose version this build reads and
         * whose partition count equals {@code partitions}.
         *
         * @throws BackupRefusedException if the stream is empty, does not start with a header, has another version or
         *                        another partition count; the message says which
         */
        public static Header first(Iterator<BackupRecord> source, int partitions) {
            if (!source.hasNext()) {
                throw new BackupRefusedException("the backup is empty: it has no header record");
            }
            BackupRecord first = source.next();
            if (!(first instanceof Header header)) {
                throw new BackupRefusedException("the backup does not start with a header record (found "
                        + first.getClass().getSimpleName() + ")");
            }
            if (header.version() != BackupStore.FORMAT_VERSION) {
                throw new BackupRefusedException("the backup has format version " + header.version()
                        + "; this Loom reads version " + BackupStore.FORMAT_VERSION);
            }
            if (header.partitions() != partitions) {
                throw new BackupRefusedException("the backup was taken from a store with " + header.partitions()
                        + " partitions but this store has " + partitions + "; actor ids hash to partitions, so a"
                        + " backup can only be imported into a store created with the same partition count");
            }
            return header;
        }

        /**
         * Checks that the records that followed this header are exactly the ones it announced.
         *
         * @throws BackupRefusedException if they are not (the stream was cut short or altered)
         */
        public void requireCounts(BackupCounts received) {
            if (!counts.equals(received)) {
                throw new BackupRefusedException("the backup announced " + counts.describe() + " but contained "
                        + received.describe());
            }
        }
    }

    /** A stored snapshot (every stored snapshot of an actor is exported, not only the latest). */
    record SnapshotItem(Snapshot snapshot) implements BackupRecord {
        public SnapshotItem {
            Objects.requireNonNull(snapshot, "snapshot");
        }
    }

    /** A stored journal entry (entries removed by trimming are gone and not exported). */
    record JournalItem(JournalEntry entry) implements BackupRecord {
        public JournalItem {
            Objects.requireNonNull(entry, "entry");
        }
    }

    /** A queued message with its seq and delivery bookkeeping (attempts, errors, recorded steps). */
    record MessageItem(StoredMessage message) implements BackupRecord {
        public MessageItem {
            Objects.requireNonNull(message, "message");
        }
    }

    /** A pending timer or reminder, with its id. */
    record TimerItem(Timer timer) implements BackupRecord {
        public TimerItem {
            Objects.requireNonNull(timer, "timer");
        }
    }

    /** A stored idempotency record (including one that expired but was not purged yet). */
    record IdempotencyItem(IdempotencyRecord record) implements BackupRecord {
        public IdempotencyItem {
            Objects.requireNonNull(record, "record");
        }
    }

    /** A dead letter with its recorded steps. */
    record DeadLetterItem(DeadLetter deadLetter) implements BackupRecord {
        public DeadLetterItem {
            Objects.requireNonNull(deadLetter, "deadLetter");
        }
    }
}
