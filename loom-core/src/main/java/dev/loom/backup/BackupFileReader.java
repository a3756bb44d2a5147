package dev.loom.backup;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.loom.json.Json;
import dev.loom.json.SerializationException;
import dev.loom.spi.BackupCounts;
import dev.loom.spi.BackupRecord;
import dev.loom.spi.BackupStore;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Reads a backup file written by {@link BackupFileWriter}, as the record stream an import takes
 * ({@link dev.loom.spi.BackupStore#importFrom}). The header is read and checked when the reader is created;
 * each record is read when asked for; reaching the trailer checks the SHA-256 of every line before it and the
 * counts, so an import that consumes the whole stream never commits a truncated or edited file.
 *
 * <p>Every problem throws {@link BackupFormatException} with a message naming the file and line: not a backup
 * file, a version this build does not read, a line that is not JSON or not a record, a missing trailer
 * (truncated), a checksum or count mismatch (edited), lines after the trailer.
 */
public final class BackupFileReader implements Iterator<BackupRecord>, AutoCloseable {
    private final String name;
    private final BufferedReader in;
    private final MessageDigest sha256;
    private final BackupRecord.Header header;
    private boolean headerTaken;
    private BackupRecord pending;
    private boolean ended;
    private long line;
    private BackupCounts read = BackupCounts.ZERO;

    /**
     * Opens the stream and reads its header.
     *
     * @param in   the file's bytes (closed by {@link #close()})
     * @param name the file's name for messages
     * @throws BackupFormatException if the first line is not a backup header this build reads
     */
    public BackupFileReader(InputStream in, String name) {
        this.name = name;
        this.in = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)));
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
        this.header = readHeader();
    }

    /** The file's header. */
    public BackupRecord.Header header() {
        return header;
    }

    /** Records read so far (the header not counted). */
    public BackupCounts recordsRead() {
        return read;
    }

    @Override
    public boolean hasNext() {
        if (!headerTaken) {
            return true;
        }
        if (pending == null && !ended) {
            pending = readRecord();
        }
        return pending != null;
    }

    @Override
    public BackupRecord next() {
        if (!headerTaken) {
            headerTaken = true;
            return header;
        }
        if (!hasNext()) {
            throw new NoSuchElementException("the backup " + name + " has no more records");
        }
        BackupRecord r = pending;
        pending = null;
        read = read.plus(r);
        return r;
    }

    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException e) {
            throw new BackupFormatException("cannot close " + name + ": " + e.getMessage(), e);
        }
    }

    private BackupRecord.Header readHeader() {
        String text = nextLine();
        if (text == null) {
            throw error("the file is empty; a Loom backup starts with a header line");
        }
        JsonNode n = parse(text);
        if (!BackupLines.FORMAT.equals(n.path("format").asText(null))) {
            throw error("not a Loom backup file (the first line must be a header with \"format\":\""
                    + BackupLines.FORMAT + "\")");
        }
        int version = n.path("version").asInt(-1);
        if (version != BackupStore.FORMAT_VERSION) {
            throw error("backup format version " + n.path("version") + " is not supported; this Loom reads version "
                    + BackupStore.FORMAT_VERSION + (version > BackupStore.FORMAT_VERSION
                    ? " (the file was written by a newer Loom; import it with that version)" : ""));
        }
        try {
            BackupRecord.Header h = new BackupRecord.Header(text(n, "store"), n.path("partitions").asInt(0), version,
                    Instant.parse(text(n, "createdAt")), counts(n));
            hash(text);
            return h;
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw error("the header is malformed: " + e.getMessage());
        }
    }

    private BackupRecord readRecord() {
        String text = nextLine();
        if (text == null) {
            throw error("the file ends without its trailer line: it is truncated (the header announced "
                    + header.counts().describe() + "; " + read.describe() + " were read)");
        }
        JsonNode n = parse(text);
        if (n.has("trailer")) {
            checkTrailer(n);
            ended = true;
            if (nextLine() != null) {
                throw error("there is data after the trailer line");
            }
            return null;
        }
        try {
            BackupRecord r = BackupLines.readItem(n);
            hash(text);
            return r;
        } catch (IllegalArgumentException | SerializationException e) {
            throw error("not a valid backup record: " + e.getMessage());
        }
    }

    private void checkTrailer(JsonNode n) {
        String expected = n.path("sha256").asText("");
        String actual = HexFormat.of().formatHex(sha256.digest());
        if (!expected.equals(actual)) {
            throw error("checksum mismatch: the file was modified or corrupted after it was written (trailer says sha256 "
                    + expected + ", the lines before it hash to " + actual + ")");
        }
        BackupCounts trailerCounts;
        try {
            trailerCounts = counts(n);
        } catch (IllegalArgumentException e) {
            throw error("the trailer is malformed: " + e.getMessage());
        }
        if (!trailerCounts.equals(read) || !header.counts().equals(read)) {
            throw error("record counts do not match: header announced " + header.counts().describe() + ", trailer says "
                    + trailerCounts.describe() + ", the file holds " + read.describe());
        }
    }

    private String nextLine() {
        try {
            String text = in.readLine();
            if (text != null) {
                line++;
            }
            return text;
        } catch (IOException e) {
            throw new BackupFormatException(name + " line " + (line + 1) + ": cannot read: " + e.getMessage(), e);
        }
    }

    private JsonNode parse(String text) {
        try {
            JsonNode n = Json.mapper().readTree(text);
            if (n == null || !n.isObject()) {
                throw error("not a JSON object: " + abbreviate(text));
            }
            return n;
        } catch (JsonProcessingException e) {
            throw error("not valid JSON (" + e.getOriginalMessage() + "): " + abbreviate(text));
        }
    }

    private void hash(String text) {
        sha256.update((text + "\n").getBytes(StandardCharsets.UTF_8));
    }

    private static BackupCounts counts(JsonNode n) {
        return BackupLines.readCounts(n.get("counts"));
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException("\"" + field + "\" is missing");
        }
        return v.asText();
    }

    private BackupFormatException error(String what) {
        return new BackupFormatException(name + " line " + line + ": " + what);
    }

    private static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }
}
