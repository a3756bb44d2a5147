package dev.loom.client;

/**
 * What an import restored.
 *
 * @param imported records of each kind
 * @param total    all records
 */
public record BackupImported(Counts imported, long total) {
    /**
     * @param snapshots          actor snapshots
     * @param journalEntries     journal entries
     * @param messages           queued messages
     * @param timers             pending timers
     * @param idempotencyRecords idempotency records
     * @param deadLetters        dead letters
     */
    public record Counts(long snapshots, long journalEntries, long messages, long timers, long idempotencyRecords,
                         long deadLetters) {
    }
}
