package dev.loom.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loom.actor.ActorRef;
import dev.loom.actor.MissedFirePolicy;
import dev.loom.json.Json;
import dev.loom.spi.BackupCounts;
import dev.loom.spi.BackupRecord;
import dev.loom.spi.DeadLetter;
import dev.loom.spi.Delivery;
import dev.loom.spi.Envelope;
import dev.loom.spi.ErrorInfo;
import dev.loom.spi.IdempotencyRecord;
import dev.loom.spi.JournalEntry;
import dev.loom.spi.Reminder;
import dev.loom.spi.Snapshot;
import dev.loom.spi.StepRecord;
import dev.loom.spi.StoredMessage;
import dev.loom.spi.Timer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class BackupFileTest {
    private static final Instant T = Instant.parse("2030-01-01T00:00:00.123456789Z");
    private static final ActorRef A = ActorRef.of("account", "a-1");

    private static List<BackupRecord> records() {
        Envelope e = new Envelope("m-1", A, 3, "Deposit", "{\"amount\":5}", "key-1", "client", null, T);
        Envelope bare = new Envelope("m-2", A, 3, "Deposit", "{}", null, null, null, T.plusSeconds(1));
        StepRecord step = new StepRecord(0, "charge", "\"ok\"", "java.lang.String", T);
        ErrorInfo error = new ErrorInfo("java.io.IOException", null, "java.io.IOException\n\tat x");
        List<BackupRecord> items = List.of(
                new BackupRecord.SnapshotItem(new Snapshot(A, 3, "{\"balance\":3}", T)),
                new BackupRecord.JournalItem(new JournalEntry(A, 4, "m-0", "Deposit", null, "[]", null, T)),
                new BackupRecord.MessageItem(new StoredMessage(17, e, new Delivery(2, T.plusSeconds(9), T, T.plusSeconds(1),
                        error, List.of(step)))),
                new BackupRecord.MessageItem(new StoredMessage(18, bare, Delivery.fresh())),
                new BackupRecord.TimerItem(new Timer(5, bare, T.plusSeconds(60),
                        new Reminder("tick", Duration.ofMillis(1500), MissedFirePolicy.SKIP))),
                new BackupRecord.TimerItem(new Timer(6, e, T.plusSeconds(30), null)),
                new BackupRecord.IdempotencyItem(new IdempotencyRecord(A, "key-1", "m-1", "null", T, T.plusSeconds(86_400))),
                new BackupRecord.DeadLetterItem(new DeadLetter("dl-1", "account", A, e, List.of(step), error, 3, T,
                        T.plusSeconds(2))));
        BackupCounts counts = BackupCounts.ZERO;
        for (BackupRecord r : items) {
            counts = counts.plus(r);
        }
        List<BackupRecord> all = new ArrayList<>();
        all.add(new BackupRecord.Header("sqlite", 8, 1, T, counts));
        all.addAll(items);
        return all;
    }

    private static String write(List<BackupRecord> records) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BackupFileWriter writer = new BackupFileWriter(out);
        records.forEach(writer);
        writer.finish();
        return out.toString(StandardCharsets.UTF_8);
    }

    private static List<BackupRecord> read(String text) {
        List<BackupRecord> got = new ArrayList<>();
        try (BackupFileReader reader = new BackupFileReader(
                new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "backup.jsonl")) {
            reader.forEachRemaining(got::add);
        }
        return got;
    }

    private static String[] lines(String text) {
        return text.split("\n");
    }

    private static String join(String[] lines) {
        return String.join("\n", lines) + "\n";
    }

    @Test
    void everyKindOfRecordRoundTripsExactlyThroughTheFile() {
        List<BackupRecord> records = records();
        String text = write(records);

        assertThat(read(text)).isEqualTo(records);
        String[] lines = lines(text);
        assertThat(lines).hasSize(records.size() + 1);
        assertThat(lines[0]).startsWith("{\"format\":\"loom-backup\",\"version\":1,\"store\":\"sqlite\",\"partitions\":8,"
                + "\"createdAt\":\"2030-01-01T00:00:00.123456789Z\"");
        assertThat(lines[lines.length - 1]).startsWith("{\"trailer\":\"loom-backup\",\"counts\":{").contains("\"sha256\":\"");
    }

    @Test
    void aFileWithoutItsTrailerIsReportedAsTruncated() {
        String[] lines = lines(write(records()));
        String cut = join(Arrays.copyOf(lines, lines.length - 1));

        assertThatThrownBy(() -> read(cut)).isInstanceOf(BackupFormatException.class)
                .hasMessageContaining("backup.jsonl line " + (lines.length - 1))
                .hasMessageContaining("truncated");
    }

    @Test
    void aFileCutInTheMiddleOfALineNamesThatLine() {
        String text = write(records());
        String cut = text.substring(0, text.indexOf("\"timer\"") + 20);
        int brokenLine = (int) cut.chars().filter(c -> c == '\n').count() + 1;

        assertThatThrownBy(() -> read(cut)).isInstanceOf(BackupFormatException.class)
                .hasMessageContaining("line " + brokenLine + ": not valid JSON");
    }

    @Test
    void anotherVersionIsRefusedOnTheFirstLine() {
        String[] lines = lines(write(records()));
        lines[0] = lines[0].replace("\"version\":1", "\"version\":2");

        assertThatThrownBy(() -> read(join(lines))).isInstanceOf(BackupFormatException.class)
                .hasMessageContaining("backup.jsonl line 1: backup format version 2 is not supported")
                .hasMessageContaining("newer Loom");
    }

    @Test
    void anEditedRecordFailsTheChecksum() {
        String[] lines = lines(write(records()));
        lines[3] = lines[3].replace("\"attempts\":2", "\"attempts\":0");
        assertThat(lines[3]).contains("\"attempts\":0");

        assertThatThrownBy(() -> read(join(lines))).isInstanceOf(BackupFormatException.class)
                .hasMessageContaining("line " + lines.length + ": checksum mismatch");
    }

    @Test
    void aRemovedRecordLineFailsTheChecksum() {
        List<String> lines = new ArrayList<>(List.of(lines(write(records()))));
        lines.remove(2);

        assertThatThrownBy(() -> read(join(lines.toArray(String[]::new)))).isInstanceOf(BackupFormatException.class)
                .hasMessageContaining("checksum mismatch");
    }

    @Test
    void aGarbageLineIsNamed() {
        List<String> lines = new ArrayList<>(List.of(lines(write(records()))));
        lines.add(4, "this is not json");

        assertThatThrownBy(() -> read(join(lines.toArray(String[]::new)))).isInstanceOf(BackupFormatException.class)
                .hasMessageContaining("backup.jsonl line 5: not valid JSON");
    }

    @Test
    void anIdempotencyLineWrittenBeforeMessageIdsReadsWithoutOne() {
        String old = "{\"kind\":\"idempotency\",\"value\":{\"actor\":{\"type\":\"account\",\"id\":\"a-1\"},"
                + "\"key\":\"key-1\",\"reply\":\"null\",\"committedAt\":\"2030-01-01T00:00:00Z\","
                + "\"expiresAt\":\"2030-01-02T00:00:00Z\"}}";

        BackupRecord read = BackupLines.readItem(Json.parse(old));

        assertThat(read).isEqualTo(new BackupRecord.IdempotencyItem(new IdempotencyRecord(ActorRef.of("account", "a-1"),
                "key-1", null, "null", Instant.parse("2030-01-01T00:00:00Z"), Instant.parse("2030-01-02T00:00:00Z"))));
        assertThat(BackupLines.item(read).path("value").has("messageId")).as("written back").isTrue();
    }

    @Test
    void anUnknownRecordKindOrAMalformedValueIsNamed() {
        String[] lines = lines(write(records()));
        String[] unknown = lines.clone();
        unknown[2] = "{\"kind\":\"lease\",\"value\":{}}";
        assertThatThrownBy(() -> read(join(unknown))).hasMessageContaining("line 3: not a valid backup record: unknown"
                + " record kind 'lease'");

        String[] malformed = lines.clone();
        malformed[2] = "{\"kind\":\"journal\",\"value\":{\"seq\":\"many\"}}";
        assertThatThrownBy(() -> read(join(malformed))).isInstanceOf(BackupFormatException.class)
                .hasMessageContaining("line 3: not a valid backup record");
    }

    @Test
    void dataAfterTheTrailerAndForeignFilesAreRefused() {
        String text = write(records());
        assertThatThrownBy(() -> read(text + "{\"kind\":\"journal\"}\n")).hasMessageContaining("data after the trailer");
        assertThatThrownBy(() -> read("")).hasMessageContaining("line 0: the file is empty");
        assertThatThrownBy(() -> read("{\"hello\":1}\n")).hasMessageContaining("line 1: not a Loom backup file");
        assertThatThrownBy(() -> read("PK\u0003\u0004 zip\n")).hasMessageContaining("line 1: not valid JSON");
    }

    @Test
    void theWriterKeepsTheStreamWellFormed() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BackupFileWriter writer = new BackupFileWriter(out);
        List<BackupRecord> records = records();
        assertThatThrownBy(() -> writer.accept(records.get(1))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("starts with its header");
        writer.accept(records.get(0));
        writer.accept(records.get(1));
        assertThatThrownBy(writer::finish).isInstanceOf(IllegalStateException.class).hasMessageContaining("announced");
        assertThat(writer.written()).isEqualTo(BackupCounts.ZERO.plus(records.get(1)));
    }
}
