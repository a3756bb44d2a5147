package dev.loom.store.postgres;

import dev.loom.spi.Store;
import dev.loom.spi.StoreCapabilities;
import dev.loom.spi.StoreContext;
import dev.loom.spi.StoreLocation;
import dev.loom.spi.StoreProblem;
import dev.loom.spi.StoreProvider;
import dev.loom.spi.StoreSetting;
import dev.loom.spi.StoreSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code store.type: postgres}: a {@link PostgresStore}. Settings under {@code store.postgres} (environment
 * {@code LOOM_STORE_POSTGRES_<NAME>}): {@code url}, {@code user}, {@code password} (secret; {@code file:/path}
 * allowed), {@code poolSize}, {@code schema}, {@code connectTimeoutSeconds}, {@code statementTimeoutSeconds}.
 */
public final class PostgresStoreProvider implements StoreProvider {
    /** The provider's name, the value of {@code store.type}. */
    public static final String NAME = "postgres";
    public static final String URL = "url";
    public static final String USER = "user";
    public static final String PASSWORD = "password";
    public static final String POOL_SIZE = "poolSize";
    public static final String SCHEMA = "schema";
    public static final String CONNECT_TIMEOUT = "connectTimeoutSeconds";
    public static final String STATEMENT_TIMEOUT = "statementTimeoutSeconds";

    static final String DEFAULT_URL = "jdbc:postgresql://localhost:5432/loom";
    static final String DEFAULT_USER = "loom";
    static final String DEFAULT_SCHEMA = "loom";
    static final int DEFAULT_POOL_SIZE = 10;

    private static final List<StoreSetting> SETTINGS = List.of(
            StoreSetting.of(URL, new StoreSetting.Type.Text(), DEFAULT_URL,
                    "The database as a JDBC URL (jdbc:postgresql://host:port/database), without credentials."),
            StoreSetting.of(USER, new StoreSetting.Type.Text(), DEFAULT_USER,
                    "The database user; it needs CREATE on the database (or an existing schema it owns)."),
            StoreSetting.secret(PASSWORD, "The user's password, or file:/path of a file holding it; omit it for"
                    + " trust or peer authentication."),
            StoreSetting.of(POOL_SIZE, new StoreSetting.Type.Int(2, 1_000), Integer.toString(DEFAULT_POOL_SIZE),
                    "Most pooled connections per node (commits, reads, lease takeovers); one more listens for wake-ups"
                            + " and two more renew leases."),
            StoreSetting.of(SCHEMA, new StoreSetting.Type.Text(), DEFAULT_SCHEMA,
                    "The schema holding Loom's tables; created if missing, refused if it holds tables that are not"
                            + " Loom's."),
            StoreSetting.of(CONNECT_TIMEOUT, new StoreSetting.Type.Int(1, 300), "10",
                    "How long opening a connection may take before it fails."),
            StoreSetting.of(STATEMENT_TIMEOUT, new StoreSetting.Type.Int(1, 3_600), "30",
                    "How long one statement (or wait for a lock) may take before the server cancels it."));

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "a schema in a PostgreSQL database; durable, shared by every node of a cluster";
    }

    @Override
    public StoreCapabilities capabilities() {
        return StoreCapabilities.SERVER;
    }

    @Override
    public List<StoreSetting> settings() {
        return SETTINGS;
    }

    @Override
    public List<StoreProblem> validate(StoreSettings settings) {
        List<StoreProblem> problems = new ArrayList<>();
        settings.text(URL).ifPresent(url -> {
            if (!url.startsWith(ServerAddress.JDBC_PREFIX)) {
                problems.add(new StoreProblem(URL, "expected a " + ServerAddress.JDBC_PREFIX + "host:port/database URL,"
                        + " got " + ServerAddress.of(url).describe()));
            } else if (ServerAddress.carriesPassword(url)) {
                problems.add(new StoreProblem(URL, "the URL carries credentials; give the password in"
                        + " store.postgres.password (file:/path allowed) so that it is never shown with the URL"));
            }
        });
        settings.text(SCHEMA).ifPresent(schema -> {
            if (!PostgresStoreOptions.SCHEMA_NAME.matcher(schema).matches()) {
                problems.add(new StoreProblem(SCHEMA, "expected a lower-case identifier (letters, digits and _,"
                        + " starting with a letter or _, at most 63 characters), got '" + schema + "'"));
            }
        });
        return problems;
    }

    /** The server, database and schema; never the credentials. */
    @Override
    public StoreLocation location(StoreSettings settings, StoreContext context) {
        String url = settings.text(URL).orElse(DEFAULT_URL);
        return new StoreLocation.Server(ServerAddress.of(url).describe() + ", schema "
                + settings.text(SCHEMA).orElse(DEFAULT_SCHEMA));
    }

    @Override
    public Store open(StoreSettings settings, StoreContext context) {
        return PostgresStore.open(options(settings, context));
    }

    /** The store options the settings describe, with the password resolved through the context's secrets. */
    public PostgresStoreOptions options(StoreSettings settings, StoreContext context) {
        String password = settings.text(PASSWORD).map(context.secrets()::resolve).orElse(null);
        return PostgresStoreOptions.of(settings.text(URL).orElse(DEFAULT_URL), settings.text(USER).orElse(DEFAULT_USER),
                        password)
                .withSchema(settings.text(SCHEMA).orElse(DEFAULT_SCHEMA))
                .withPoolSize(settings.integer(POOL_SIZE).orElse(DEFAULT_POOL_SIZE))
                .withPartitions(context.partitionsOrDefault())
                .withConnectTimeout(Duration.ofSeconds(settings.integer(CONNECT_TIMEOUT).orElse(10)))
                .withStatementTimeout(Duration.ofSeconds(settings.integer(STATEMENT_TIMEOUT).orElse(30)));
    }
}
