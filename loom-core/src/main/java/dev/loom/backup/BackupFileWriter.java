package dev.loom.backup;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loom.json.Json;
import dev.loom.spi.BackupCounts;
import dev.loom.spi.BackupRecord;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.Consumer;

/**
 * Writes a backup stream ({@link dev.loom.spi.BackupStore#export}) as a backup file: versioned JSON Lines,
 * a header line, one line per record, and a trailer line with the counts and the SHA-256 of every line
 * before it, which lets a reader detect a truncated or edited file. Use it as the export's sink, then call
 * {@link #finish()}; a file without the trailer is, by design, unreadable.
 *
 * <p>Not thread-safe; the caller owns (and closes) the output stream.
 */
public final class BackupFileWriter implements Consumer<BackupRecord> {
    private final OutputStream out;
    private final MessageDigest sha256;
    private BackupRecord.Header header;
    private BackupCounts written = BackupCounts.ZERO;
    private boolean finished;

    public BackupFileWriter(OutputStream out) {
        this.out = out;
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }

    /**
     * Writes one record as a line; the first must be the header.
     *
     * @throws IllegalStateException if the first record is not a header, a second header comes, or the file is finished
     * @throws UncheckedIOException  if the output fails
     */
    @Override
    public void accept(BackupRecord record) {
        if (finished) {
            throw new IllegalStateException("the backup file is already finished");
        }
        if (record instanceof BackupRecord.Header h) {
            if (header != null) {
                throw new IllegalStateException("a backup stream has one header; a second one came");
            }
            header = h;
            line(BackupLines.header(h), true);
            return;
        }
        if (header == null) {
            throw new IllegalStateException("a backup stream starts with its header; got a " + BackupLines.kind(record));
        }
        line(BackupLines.item(record), true);
        written = written.plus(record);
    }

    /** Records written so far (the header not counted). */
    public BackupCounts written() {
        return written;
    }

    /**
     * Writes the trailer and flushes.
     *
     * @throws IllegalStateException if no header was written or the records written differ from the header's counts
     */
    public void finish() {
        if (header == null) {
            throw new IllegalStateException("nothing to finish: no header was written");
        }
        if (!header.counts().equals(written)) {
            throw new IllegalStateException("the export announced " + header.counts().describe() + " but delivered "
                    + written.describe());
        }
        line(BackupLines.trailer(written, HexFormat.of().formatHex(sha256.digest())), false);
        finished = true;
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the backup file: " + e.getMessage(), e);
        }
    }

    private void line(JsonNode node, boolean hashed) {
        byte[] bytes = (Json.write(node) + "\n").getBytes(StandardCharsets.UTF_8);
        if (hashed) {
            sha256.update(bytes);
        }
        try {
            out.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the backup file: " + e.getMessage(), e);
        }
    }
}
