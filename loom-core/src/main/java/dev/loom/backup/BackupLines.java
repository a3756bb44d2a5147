package dev.loom.backup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loom.json.Json;
import dev.loom.spi.BackupCounts;
import dev.loom.spi.BackupRecord;
import dev.loom.spi.DeadLetter;
import dev.loom.spi.IdempotencyRecord;
import dev.loom.spi.JournalEntry;
import dev.loom.spi.Snapshot;
import dev.loom.spi.StoredMessage;
import dev.loom.spi.Timer;

/**
 * The JSON of each line of a backup file. The first line is the header
 * {@code {"format":"loom-backup","version":1,"store":...,"partitions":N,"createdAt":...,"counts":{...}}}, each
 * following line one record {@code {"kind":"journal","value":{...}}}, the last line the trailer
 * {@code {"trailer":"loom-backup","counts":{...},"sha256":"..."}}.
 */
final class BackupLines {
    static final String FORMAT = "loom-backup";

    private BackupLines() {
    }

    static ObjectNode header(BackupRecord.Header h) {
        ObjectNode n = Json.mapper().createObjectNode();
        n.put("format", FORMAT);
        n.put("version", h.version());
        n.put("store", h.store());
        n.put("partitions", h.partitions());
        n.put("createdAt", h.takenAt().toString());
        n.set("counts", counts(h.counts()));
        return n;
    }

    static ObjectNode trailer(BackupCounts counts, String sha256) {
        ObjectNode n = Json.mapper().createObjectNode();
        n.put("trailer", FORMAT);
        n.set("counts", counts(counts));
        n.put("sha256", sha256);
        return n;
    }

    static ObjectNode counts(BackupCounts c) {
        ObjectNode n = Json.mapper().createObjectNode();
        n.put("snapshots", c.snapshots());
        n.put("journalEntries", c.journalEntries());
        n.put("messages", c.messages());
        n.put("timers", c.timers());
        n.put("idempotencyRecords", c.idempotencyRecords());
        n.put("deadLetters", c.deadLetters());
        return n;
    }

    /**
     * @throws IllegalArgumentException if a count is missing, not a whole number or negative
     */
    static BackupCounts readCounts(JsonNode n) {
        if (n == null || !n.isObject()) {
            throw new IllegalArgumentException("\"counts\" is missing");
        }
        return new BackupCounts(count(n, "snapshots"), count(n, "journalEntries"), count(n, "messages"),
                count(n, "timers"), count(n, "idempotencyRecords"), count(n, "deadLetters"));
    }

    private static long count(JsonNode counts, String field) {
        JsonNode v = counts.get(field);
        if (v == null || !v.canConvertToExactIntegral() || !v.canConvertToLong()) {
            throw new IllegalArgumentException("\"counts\" has no whole number \"" + field + "\"");
        }
        return v.asLong();
    }

    static ObjectNode item(BackupRecord record) {
        ObjectNode n = Json.mapper().createObjectNode();
        Object value = switch (record) {
            case BackupRecord.Header h -> throw new IllegalArgumentException("a header is not an item");
            case BackupRecord.SnapshotItem s -> s.snapshot();
            case BackupRecord.JournalItem j -> j.entry();
            case BackupRecord.MessageItem m -> m.message();
            case BackupRecord.TimerItem t -> t.timer();
            case BackupRecord.IdempotencyItem i -> i.record();
            case BackupRecord.DeadLetterItem d -> d.deadLetter();
        };
        n.put("kind", kind(record));
        n.set("value", Json.toTree(value));
        return n;
    }

    static String kind(BackupRecord record) {
        return switch (record) {
            case BackupRecord.Header h -> "header";
            case BackupRecord.SnapshotItem s -> "snapshot";
            case BackupRecord.JournalItem j -> "journal";
            case BackupRecord.MessageItem m -> "message";
            case BackupRecord.TimerItem t -> "timer";
            case BackupRecord.IdempotencyItem i -> "idempotency";
            case BackupRecord.DeadLetterItem d -> "deadLetter";
        };
    }

    /**
     * The record of an item line.
     *
     * @throws IllegalArgumentException naming what is wrong (unknown kind, missing or malformed value)
     */
    static BackupRecord readItem(JsonNode n) {
        JsonNode kind = n.get("kind");
        JsonNode value = n.get("value");
        if (kind == null || !kind.isTextual()) {
            throw new IllegalArgumentException("the line has no \"kind\"");
        }
        if (value == null || !value.isObject()) {
            throw new IllegalArgumentException("the " + kind.asText() + " line has no \"value\" object");
        }
        return switch (kind.asText()) {
            case "snapshot" -> new BackupRecord.SnapshotItem(Json.fromTree(value, Snapshot.class));
            case "journal" -> new BackupRecord.JournalItem(Json.fromTree(value, JournalEntry.class));
            case "message" -> new BackupRecord.MessageItem(Json.fromTree(value, StoredMessage.class));
            case "timer" -> new BackupRecord.TimerItem(Json.fromTree(value, Timer.class));
            case "idempotency" -> new BackupRecord.IdempotencyItem(Json.fromTree(value, IdempotencyRecord.class));
            case "deadLetter" -> new BackupRecord.DeadLetterItem(Json.fromTree(value, DeadLetter.class));
            default -> throw new IllegalArgumentException("unknown record kind '" + kind.asText() + "'");
        };
    }
}
