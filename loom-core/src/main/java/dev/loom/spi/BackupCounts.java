package dev.loom.spi;

/**
 * How many records of each kind a backup holds (its header record and trailer are not counted).
 *
 * @param snapshots          actor snapshots
 * @param journalEntries     journal entries
 * @param messages           queued messages (with their delivery bookkeeping)
 * @param timers             timers, reminders included
 * @param idempotencyRecords idempotency records (expired ones not yet purged included)
 * @param deadLetters        dead letters
 */
public record BackupCounts(long snapshots, long journalEntries, long messages, long timers, long idempotencyRecords,
                           long deadLetters) {
    /** No records at all. */
    public static final BackupCounts ZERO = new BackupCounts(0, 0, 0, 0, 0, 0);

    public BackupCounts {
        if (snapshots < 0 || journalEntries < 0 || messages < 0 || timers < 0 || idempotencyRecords < 0
                || deadLetters < 0) {
            throw new IllegalArgumentException("backup counts must not be negative");
        }
    }

    /** These counts with one more record of {@code record}'s kind (a header adds nothing). */
    public BackupCounts plus(BackupRecord record) {
        return switch (record) {
            case BackupRecord.Header h -> this;
            case BackupRecord.SnapshotItem s -> new BackupCounts(snapshots + 1, journalEntries, messages, timers,
                    idempotencyRecords, deadLetters);
            case BackupRecord.JournalItem j -> new BackupCounts(snapshots, journalEntries + 1, messages, timers,
                    idempotencyRecords, deadLetters);
            case BackupRecord.MessageItem m -> new BackupCounts(snapshots, journalEntries, messages + 1, timers,
                    idempotencyRecords, deadLetters);
            case BackupRecord.TimerItem t -> new BackupCounts(snapshots, journalEntries, messages, timers + 1,
                    idempotencyRecords, deadLetters);
            case BackupRecord.IdempotencyItem i -> new BackupCounts(snapshots, journalEntries, messages, timers,
                    idempotencyRecords + 1, deadLetters);
            case BackupRecord.DeadLetterItem d -> new BackupCounts(snapshots, journalEntries, messages, timers,
                    idempotencyRecords, deadLetters + 1);
        };
    }

    /** All records counted. */
    public long total() {
        return snapshots + journalEntries + messages + timers + idempotencyRecords + deadLetters;
    }

    /** Whether no record is counted (not named {@code isEmpty}, which JSON mappers would take for a property). */
    public boolean hasNoRecords() {
        return total() == 0;
    }

    /** A short human description, e.g. {@code 3 snapshots, 10 journal entries, ...}. */
    public String describe() {
        return snapshots + " snapshots, " + journalEntries + " journal entries, " + messages + " queued messages, "
                + timers + " timers, " + idempotencyRecords + " idempotency records, " + deadLetters + " dead letters";
    }
}
