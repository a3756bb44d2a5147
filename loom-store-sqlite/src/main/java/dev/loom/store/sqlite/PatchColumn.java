package dev.loom.store.sqlite;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * A journal entry's patch as stored in the {@code patch} column: TEXT as the runtime wrote it, or, from
 * {@value #COMPRESS_FROM} characters on and when it comes out smaller, a BLOB of its UTF-8 bytes in zlib format
 * (since schema 3). Large patches are JSON with repeated paths, field names and timestamps that deflate to about a
 * quarter, and every byte of a journal row is written twice (WAL, then checkpoint) and synced in the group commit;
 * small ones (a counter's {@code replace}) would not shrink enough to pay for the work. Rows written before schema 3
 * are TEXT and read as before. zlib's checksum makes a damaged BLOB fail loudly instead of decoding to wrong JSON.
 */
final class PatchColumn {
    /** Patches shorter than this many characters are stored as TEXT. */
    static final int COMPRESS_FROM = 256;

    private PatchColumn() {
    }

    /**
     * The value to bind for {@code patch}: the text itself, or its compressed bytes.
     *
     * @param deflater a deflater the caller owns (reset here before use); not shared between threads
     */
    static Object write(String patch, Deflater deflater) {
        if (patch.length() < COMPRESS_FROM) {
            return patch;
        }
        byte[] text = patch.getBytes(StandardCharsets.UTF_8);
        deflater.reset();
        deflater.setInput(text);
        deflater.finish();
        byte[] out = new byte[text.length];
        int length = 0;
        while (!deflater.finished() && length < out.length) {
            length += deflater.deflate(out, length, out.length - length);
        }
        if (!deflater.finished()) {
            return patch;
        }
        return Arrays.copyOf(out, length);
    }

    /** A deflater for {@link #write}: the fastest level, which gives nearly the best ratio on patches. */
    static Deflater newDeflater() {
        return new Deflater(Deflater.BEST_SPEED);
    }

    /** How many idle deflaters {@link #borrowDeflater} keeps (each holds about 256 KB of zlib's native memory). */
    private static final int POOLED = 16;
    private static final Queue<Deflater> IDLE = new ConcurrentLinkedQueue<>();
    private static final AtomicInteger IDLE_COUNT = new AtomicInteger();

    /**
     * A deflater for {@link #write} from a small shared pool: commits run on short-lived virtual threads, and
     * without the pool every commit with a large patch set zlib up anew (allocating its window and hash tables) and
     * freed it again. Give it back with {@link #returnDeflater}.
     */
    static Deflater borrowDeflater() {
        Deflater d = IDLE.poll();
        if (d == null) {
            return newDeflater();
        }
        IDLE_COUNT.decrementAndGet();
        return d;
    }

    /** Keeps {@code deflater} for the next {@link #borrowDeflater}, or frees it when the pool is full. */
    static void returnDeflater(Deflater deflater) {
        if (IDLE_COUNT.incrementAndGet() <= POOLED) {
            IDLE.offer(deflater);
        } else {
            IDLE_COUNT.decrementAndGet();
            deflater.end();
        }
    }

    /**
     * Reads the column at {@code index} of the current row.
     *
     * @throws SQLException if the stored value is neither TEXT nor a readable compressed patch (a damaged file)
     */
    static String read(ResultSet rs, int index) throws SQLException {
        Object value = rs.getObject(index);
        return switch (value) {
            case String text -> text;
            case byte[] compressed -> inflate(compressed);
            case null -> throw new SQLException("a journal entry has no patch (NULL); the database file is damaged");
            default -> throw new SQLException("a journal entry's patch is stored as " + value.getClass().getSimpleName()
                    + ", neither text nor a compressed patch; the database file is damaged");
        };
    }

    private static String inflate(byte[] compressed) throws SQLException {
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(compressed);
            ByteArrayOutputStream text = new ByteArrayOutputStream(compressed.length * 4);
            byte[] chunk = new byte[Math.max(512, compressed.length * 4)];
            while (!inflater.finished()) {
                int n = inflater.inflate(chunk);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new SQLException("a journal entry's compressed patch is truncated; the database file is damaged");
                }
                text.write(chunk, 0, n);
            }
            return text.toString(StandardCharsets.UTF_8);
        } catch (DataFormatException e) {
            throw new SQLException("a journal entry's compressed patch cannot be read (" + e.getMessage()
                    + "); the database file is damaged", e);
        } finally {
            inflater.end();
        }
    }
}
