package dev.loom.cli.bench;

import dev.loom.cli.CliException;
import dev.loom.cli.ExitCode;
import dev.loom.spi.Store;
import dev.loom.spi.StoreContext;
import dev.loom.spi.StoreLocation;
import dev.loom.spi.StoreProvider;
import dev.loom.spi.StoreProviders;
import dev.loom.spi.StoreSettings;
import dev.loom.spi.UnknownStoreException;
import dev.loom.store.postgres.PostgresStoreProvider;
import dev.loom.store.sqlite.SqliteStoreProvider;
import dev.loom.store.sqlite.SynchronousMode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import picocli.CommandLine.Option;

/**
 * Which store a benchmark runs on, and where its data goes. Unlike the other commands, a benchmark does not open
 * the configured store: it writes hundreds of thousands of throw-away turns, which belong in a temporary directory
 * (SQLite) or a schema of its own that is dropped afterwards (PostgreSQL), never in a real installation's data.
 */
public final class BenchStoreOptions {
    @Option(names = "--store", paramLabel = "NAME", defaultValue = "sqlite",
            description = "Store to run on: the name of a store provider on the class path, such as sqlite, postgres"
                    + " or memory (default ${DEFAULT-VALUE}). The benchmark never uses the configured data directory"
                    + " or schema.")
    String kind;

    @Option(names = "--file", paramLabel = "FILE",
            description = "SQLite database file (default: a new file in a temporary directory, deleted afterwards).")
    Path file;

    @Option(names = "--pg-url", paramLabel = "URL",
            description = "With --store postgres: the server, as jdbc:postgresql://host:port/database. The benchmark"
                    + " creates a schema loom_bench_<random> there and drops it afterwards (default: an embedded"
                    + " PostgreSQL 17 started for the run, as loom cluster starts one, and deleted afterwards).")
    String pgUrl;

    @Option(names = "--pg-user", paramLabel = "USER",
            description = "With --pg-url: the database user; it needs CREATE on the database (default loom).")
    String pgUser;

    @Option(names = "--pg-password", paramLabel = "SECRET",
            description = "With --pg-url: the user's password, or file:/path of a file holding it (default: none).")
    String pgPassword;

    @Option(names = "--pg-pool-size", paramLabel = "N",
            description = "With --store postgres: pooled connections per node (store.postgres.poolSize; default 10).")
    Integer pgPoolSize;

    /** An opened store (SQLite syncing every commit); closing the handle closes it and deletes what it wrote. */
    BenchStore open(PrintWriter err) {
        return open(SynchronousMode.FULL, err);
    }

    /**
     * As {@link #open(PrintWriter)}, with the given SQLite durability; says on {@code err} which store it opened.
     *
     * @throws CliException if no provider has the name given with {@code --store}, or an option of one store is
     *                      given for another
     */
    BenchStore open(SynchronousMode synchronous, PrintWriter err) {
        StoreProvider provider;
        try {
            provider = StoreProviders.discover().require(kind);
        } catch (UnknownStoreException e) {
            throw new CliException("--store: " + e.getMessage(), ExitCode.USAGE, e);
        }
        boolean sqlite = provider.name().equals(SqliteStoreProvider.NAME);
        boolean postgres = provider.name().equals(PostgresStoreProvider.NAME);
        if (file != null && !sqlite) {
            throw new CliException("--file names a SQLite database; it does not go with --store " + kind, ExitCode.USAGE);
        }
        if ((pgUrl != null || pgUser != null || pgPassword != null || pgPoolSize != null) && !postgres) {
            throw new CliException("--pg-url, --pg-user, --pg-password and --pg-pool-size go with --store postgres,"
                    + " not --store " + kind, ExitCode.USAGE);
        }
        if (pgUrl == null && (pgUser != null || pgPassword != null)) {
            throw new CliException("--pg-user and --pg-password go with --pg-url (the embedded server needs none)",
                    ExitCode.USAGE);
        }
        List<AutoCloseable> cleanup = new ArrayList<>();
        try {
            return postgres ? openPostgres(provider, err, cleanup) : openLocal(provider, sqlite, synchronous, err, cleanup);
        } catch (RuntimeException e) {
            try {
                closeAll(cleanup.reversed());
            } catch (RuntimeException cleaning) {
                e.addSuppressed(cleaning);
            }
            throw e;
        }
    }

    private BenchStore openLocal(StoreProvider provider, boolean sqlite, SynchronousMode synchronous, PrintWriter err,
                                 List<AutoCloseable> cleanup) {
        Path dir = null;
        if (file == null) {
            try {
                dir = Files.createTempDirectory("loom-bench");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create a temporary directory for the benchmark's database", e);
            }
            Path temporary = dir;
            cleanup.add(() -> deleteTree(temporary));
        }
        StoreSettings settings = StoreSettings.none(provider.name());
        if (sqlite) {
            settings = settings.with(provider, SqliteStoreProvider.FILE, file != null ? file : dir.resolve("bench.db"))
                    .with(provider, SqliteStoreProvider.SYNCHRONOUS, synchronous.name().toLowerCase(Locale.ROOT));
        }
        return opened(provider, settings, StoreContext.of(dir != null ? dir : file.toAbsolutePath().getParent()), err,
                cleanup);
    }

    private BenchStore openPostgres(StoreProvider provider, PrintWriter err, List<AutoCloseable> cleanup) {
        String url = pgUrl;
        String user = pgUser != null ? pgUser : "loom";
        if (url == null) {
            err.println("loom: no --pg-url given: starting an embedded PostgreSQL 17 for this run (synchronous_commit=on;"
                    + " deleted afterwards)");
            err.flush();
            EmbeddedPostgresServer server = EmbeddedPostgresServer.start();
            cleanup.add(server);
            url = server.url();
            user = EmbeddedPostgresServer.USER;
        }
        String schema = "loom_bench_" + UUID.randomUUID().toString().substring(0, 8);
        StoreSettings settings = StoreSettings.none(provider.name())
                .with(provider, PostgresStoreProvider.URL, url)
                .with(provider, PostgresStoreProvider.USER, user)
                .with(provider, PostgresStoreProvider.SCHEMA, schema);
        if (pgPassword != null) {
            settings = settings.with(provider, PostgresStoreProvider.PASSWORD, pgPassword);
        }
        if (pgPoolSize != null) {
            settings = settings.with(provider, PostgresStoreProvider.POOL_SIZE, pgPoolSize);
        }
        StoreContext context = StoreContext.of(Path.of(System.getProperty("java.io.tmpdir")));
        String password = pgPassword == null ? null : context.secrets().resolve(pgPassword);
        String server = url;
        String owner = user;
        // Registered before the store opens: a failed open may already have created the schema.
        cleanup.add(() -> dropSchema(server, owner, password, schema));
        return opened(provider, settings, context, err, cleanup);
    }

    private static BenchStore opened(StoreProvider provider, StoreSettings settings, StoreContext context,
                                     PrintWriter err, List<AutoCloseable> cleanup) {
        Store store = provider.open(settings, context);
        StoreLocation location = provider.location(settings, context);
        err.println("loom: benchmark on the " + provider.name() + " store at " + location.describe());
        err.flush();
        return new BenchStore(store, provider.name(), provider.capabilities().multiNode(),
                () -> provider.open(settings, context), cleanup);
    }

    private static void dropSchema(String url, String user, String password, String schema) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, user, password); Statement st = c.createStatement()) {
            st.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    private static void deleteTree(Path dir) {
        try (var files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the benchmark's temporary database in " + dir, e);
        }
    }

    /** Opens one more handle on the same store, as another node of a cluster would. */
    @FunctionalInterface
    interface StoreOpener {
        Store open();
    }

    /**
     * A benchmark's store. Closing it closes every handle opened through it, then removes what the benchmark
     * wrote (the temporary SQLite directory, or the PostgreSQL schema and an embedded server).
     */
    static final class BenchStore implements AutoCloseable {
        private final Store store;
        private final String kind;
        private final boolean multiNode;
        private final StoreOpener opener;
        private final List<AutoCloseable> cleanup;
        private final List<Store> others = new ArrayList<>();

        private BenchStore(Store store, String kind, boolean multiNode, StoreOpener opener, List<AutoCloseable> cleanup) {
            this.store = store;
            this.kind = kind;
            this.multiNode = multiNode;
            this.opener = opener;
            this.cleanup = cleanup;
        }

        /** The first handle. */
        Store store() {
            return store;
        }

        /** The provider's name. */
        String kind() {
            return kind;
        }

        /** Whether several nodes may share the store ({@link #another()} then gives each its handle). */
        boolean multiNode() {
            return multiNode;
        }

        /** Another handle on the same store (its own pool and committer), closed with this one. */
        Store another() {
            Store s = opener.open();
            others.add(s);
            return s;
        }

        @Override
        public void close() {
            List<AutoCloseable> all = new ArrayList<>(others);
            all.add(store);
            all.addAll(cleanup.reversed());
            closeAll(all);
        }
    }

    /** Closes each in turn, all of them even if some fail; then throws the first failure. */
    private static void closeAll(List<AutoCloseable> closeables) {
        RuntimeException failure = null;
        for (AutoCloseable c : closeables) {
            try {
                c.close();
            } catch (Exception e) {
                RuntimeException wrapped = e instanceof RuntimeException re ? re
                        : new IllegalStateException("cleaning up after the benchmark failed: " + e.getMessage(), e);
                if (failure == null) {
                    failure = wrapped;
                } else {
                    failure.addSuppressed(wrapped);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
