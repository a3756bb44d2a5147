package dev.loom.spi;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * The index range of the ids {@link JournalStore#actorIdsStartingWith} lists, for stores that keep ids ordered by
 * their UTF-8 bytes (SQLite's {@code BINARY}, PostgreSQL's {@code COLLATE "C"}): every id after the cursor that
 * starts with the prefix is at least {@link #from()} (inclusive or not) and below {@link #below()}, and every id in
 * that range starts with the prefix. A query with both bounds reads only the matching index entries.
 *
 * @param from          the lower bound
 * @param fromInclusive whether an id equal to {@code from} is in the range
 * @param below         the exclusive upper bound; empty when no string bounds the prefix's ids from above (a
 *                      prefix of only U+10FFFF characters)
 */
public record IdRange(String from, boolean fromInclusive, Optional<String> below) {
    /**
     * The range of ids starting with {@code prefix} and after {@code afterId}.
     *
     * @param prefix  a non-empty prefix
     * @param afterId the cursor, or {@code null}
     * @throws IllegalArgumentException if the prefix is empty
     */
    public static IdRange of(String prefix, String afterId) {
        if (prefix.isEmpty()) {
            throw new IllegalArgumentException("an id range needs a non-empty prefix");
        }
        Optional<String> below = successor(prefix);
        if (afterId != null && compareUtf8(afterId, prefix) >= 0) {
            return new IdRange(afterId, false, below);
        }
        return new IdRange(prefix, true, below);
    }

    /** Compares as the UTF-8 bytes compare (code point order), which is not {@link String#compareTo}'s order. */
    static int compareUtf8(String a, String b) {
        return Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    /** The least string above every string that starts with {@code prefix}: its last code point incremented. */
    static Optional<String> successor(String prefix) {
        int[] cps = prefix.codePoints().toArray();
        for (int i = cps.length - 1; i >= 0; i--) {
            if (cps[i] < Character.MAX_CODE_POINT) {
                int next = cps[i] + 1;
                // Surrogate code points are not characters a string can hold; the next one is U+E000.
                cps[i] = next >= Character.MIN_SURROGATE && next <= Character.MAX_SURROGATE ? 0xE000 : next;
                return Optional.of(new String(cps, 0, i + 1));
            }
        }
        return Optional.empty();
    }
}
