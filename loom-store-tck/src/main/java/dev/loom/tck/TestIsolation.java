package dev.loom.tck;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What keeps one store the TCK asks for apart from every other: a new, empty store per call to
 * {@code newStore}. A store that creates cheap instances (memory, a new file) may ignore {@link #namespace()};
 * a store on a shared server should not start a server per test but create {@link #namespace()} as a schema,
 * database or key prefix, and drop it in {@code discard}.
 *
 * @param partitions the partition count the new store must have
 * @param namespace  unique within the run: lower case letters, digits and {@code _}, starting with a letter, at
 *                   most 63 characters (a legal unquoted PostgreSQL identifier, a Redis key prefix, a file name)
 * @param test       the test it is for, for diagnostics ("JournalTck.entriesAreReadInOrder")
 */
public record TestIsolation(int partitions, String namespace, String test) {
    private static final Pattern NAMESPACE = Pattern.compile("[a-z][a-z0-9_]{0,62}");

    public TestIsolation {
        Objects.requireNonNull(test, "test");
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be >= 1: " + partitions);
        }
        if (!NAMESPACE.matcher(namespace).matches()) {
            throw new IllegalArgumentException("namespace must match " + NAMESPACE + ": " + namespace);
        }
    }

    /**
     * A namespace {@code tck_<run>_<n>_<test>} from a run id, a counter and a test name (shortened and
     * reduced to legal characters).
     */
    static String namespace(String run, long n, String test) {
        String cleaned = test.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_|_$", "");
        String ns = "tck_" + run + "_" + n + "_" + cleaned;
        return ns.length() > 63 ? ns.substring(0, 63).replaceAll("_$", "") : ns;
    }
}
