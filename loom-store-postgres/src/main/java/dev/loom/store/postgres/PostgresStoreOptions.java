package dev.loom.store.postgres;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Settings of a {@link PostgresStore}. {@link #toString()} leaves the password out.
 *
 * @param url              a {@code jdbc:postgresql://host[:port]/database} URL, without credentials
 * @param user             the database user
 * @param password         the user's password (already resolved from a {@code file:} secret), or {@code null} when
 *                         the server needs none (trust or peer authentication)
 * @param schema           the schema holding every Loom table; created if missing. Lower-case letters, digits and
 *                         {@code _}, starting with a letter or {@code _}, at most 63 characters
 * @param poolSize         most connections of the pool (the group committer, readers, the notifier and lease
 *                         takeovers share it); the LISTEN connection and the two of lease renewals and heartbeats
 *                         come on top
 * @param partitions       the partition count of a store this open creates; an existing schema keeps its own
 * @param connectTimeout   how long opening a connection may take before it fails
 * @param statementTimeout how long one statement may run before the server cancels it, so a call fails rather
 *                         than hang (the SPI asks for bounded calls while the breaker is open)
 * @param maxBatchWrites   at most this many writes and enqueued messages go into one group-commit transaction
 * @param batchLinger      how long the group committer waits for more work before committing a batch that is not
 *                         full ({@link Duration#ZERO}: commit what is there; batches still form while a commit runs)
 * @param notifyInterval   at most one {@code NOTIFY} per partition per this interval: commits within it are reported
 *                         together
 */
public record PostgresStoreOptions(String url, String user, String password, String schema, int poolSize,
                                   int partitions, Duration connectTimeout, Duration statementTimeout,
                                   int maxBatchWrites, Duration batchLinger, Duration notifyInterval) {
    /** A schema name this store accepts: a legal unquoted PostgreSQL identifier in lower case. */
    public static final Pattern SCHEMA_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    public PostgresStoreOptions {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(statementTimeout, "statementTimeout");
        Objects.requireNonNull(batchLinger, "batchLinger");
        Objects.requireNonNull(notifyInterval, "notifyInterval");
        if (!url.startsWith(ServerAddress.JDBC_PREFIX)) {
            throw new IllegalArgumentException("url must start with " + ServerAddress.JDBC_PREFIX + ": "
                    + ServerAddress.of(url).describe());
        }
        if (!SCHEMA_NAME.matcher(schema).matches()) {
            throw new IllegalArgumentException("schema must match " + SCHEMA_NAME + ": " + schema);
        }
        if (poolSize < 2 || poolSize > 1_000) {
            throw new IllegalArgumentException("poolSize must be 2..1000: " + poolSize);
        }
        if (partitions < 1 || partitions > 65_536) {
            throw new IllegalArgumentException("partitions must be 1..65536: " + partitions);
        }
        if (connectTimeout.toMillis() < 250) {
            throw new IllegalArgumentException("connectTimeout must be at least 250 ms: " + connectTimeout);
        }
        if (statementTimeout.toMillis() < 100) {
            throw new IllegalArgumentException("statementTimeout must be at least 100 ms: " + statementTimeout);
        }
        if (maxBatchWrites < 1) {
            throw new IllegalArgumentException("maxBatchWrites must be >= 1: " + maxBatchWrites);
        }
        if (batchLinger.isNegative() || notifyInterval.isNegative() || notifyInterval.isZero()) {
            throw new IllegalArgumentException("batchLinger must not be negative and notifyInterval must be positive");
        }
    }

    /**
     * The store at {@code url} for {@code user}: schema {@code loom}, 10 connections, 64 partitions, 10 s connect
     * timeout, 30 s statement timeout, batches of up to 2,000 writes, no linger, a notify per partition at most
     * every 5 ms.
     */
    public static PostgresStoreOptions of(String url, String user, String password) {
        return new PostgresStoreOptions(url, user, password, "loom", 10, 64, Duration.ofSeconds(10),
                Duration.ofSeconds(30), 2_000, Duration.ZERO, Duration.ofMillis(5));
    }

    public PostgresStoreOptions withSchema(String value) {
        return new PostgresStoreOptions(url, user, password, value, poolSize, partitions, connectTimeout,
                statementTimeout, maxBatchWrites, batchLinger, notifyInterval);
    }

    public PostgresStoreOptions withPoolSize(int value) {
        return new PostgresStoreOptions(url, user, password, schema, value, partitions, connectTimeout,
                statementTimeout, maxBatchWrites, batchLinger, notifyInterval);
    }

    /** These options with another partition count (used only when the schema is created). */
    public PostgresStoreOptions withPartitions(int value) {
        return new PostgresStoreOptions(url, user, password, schema, poolSize, value, connectTimeout,
                statementTimeout, maxBatchWrites, batchLinger, notifyInterval);
    }

    public PostgresStoreOptions withConnectTimeout(Duration value) {
        return new PostgresStoreOptions(url, user, password, schema, poolSize, partitions, value,
                statementTimeout, maxBatchWrites, batchLinger, notifyInterval);
    }

    public PostgresStoreOptions withStatementTimeout(Duration value) {
        return new PostgresStoreOptions(url, user, password, schema, poolSize, partitions, connectTimeout,
                value, maxBatchWrites, batchLinger, notifyInterval);
    }

    public PostgresStoreOptions withBatchLinger(Duration value) {
        return new PostgresStoreOptions(url, user, password, schema, poolSize, partitions, connectTimeout,
                statementTimeout, maxBatchWrites, value, notifyInterval);
    }

    /** Where the store is, without credentials: {@code postgresql://host:5432/loom, schema loom}. */
    public String describe() {
        return ServerAddress.of(url).describe() + ", schema " + schema;
    }

    @Override
    public String toString() {
        return "PostgresStoreOptions[" + describe() + ", user " + user + ", password " + (password == null ? "none" : "***")
                + ", poolSize " + poolSize + ", partitions " + partitions + ", connectTimeout " + connectTimeout
                + ", statementTimeout " + statementTimeout + ", maxBatchWrites " + maxBatchWrites + ", batchLinger "
                + batchLinger + ", notifyInterval " + notifyInterval + "]";
    }
}
