package dev.loom.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loom.spi.StoreContext;
import dev.loom.spi.StoreException;
import dev.loom.spi.StoreProblem;
import dev.loom.spi.StoreSettings;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opening a store that cannot be used gives a StoreException whose message says what is wrong and what to do,
 * names the server but never the password, and leaves a schema it refuses unchanged.
 */
class OpenErrorsTest {
    private static final AtomicInteger SCHEMAS = new AtomicInteger();
    private final TestPostgres pg = TestPostgres.get();
    private final List<String> schemas = new ArrayList<>();

    @TempDir
    Path dir;

    @AfterEach
    void dropSchemas() {
        schemas.forEach(pg::dropSchema);
    }

    private String schema() {
        String s = "open_errors_" + ProcessHandle.current().pid() + "_" + SCHEMAS.incrementAndGet();
        schemas.add(s);
        return s;
    }

    private PostgresStoreOptions options(String url, String password) {
        return PostgresStoreOptions.of(url, TestPostgres.USER, password).withSchema(schema())
                .withPoolSize(2).withConnectTimeout(Duration.ofSeconds(2));
    }

    @Test
    void anUnreachableServerIsNamedWithItsAddress() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        String url = "jdbc:postgresql://localhost:" + closedPort + "/loom";

        assertThatThrownBy(() -> PostgresStore.open(options(url, TestPostgres.PASSWORD)))
                .isInstanceOf(StoreException.class)
                .hasMessage("cannot open the PostgreSQL store at postgresql://localhost:" + closedPort + "/loom: the"
                        + " server cannot be reached at localhost:" + closedPort + " (connection refused); check"
                        + " store.postgres.url and that PostgreSQL is running and accepts TCP connections there")
                .satisfies(e -> assertThat(stackOf(e)).doesNotContain(TestPostgres.PASSWORD));
    }

    @Test
    void badCredentialsAreReportedWithoutThePassword() {
        String wrong = "wrong-pw-Zr91";

        assertThatThrownBy(() -> PostgresStore.open(options(pg.url(), wrong)))
                .isInstanceOf(StoreException.class)
                .hasMessage("cannot open the PostgreSQL store at postgresql://localhost:" + pg.port() + "/loom: the"
                        + " server refused the credentials of user 'loom_test' (password authentication failed);"
                        + " check store.postgres.user and store.postgres.password")
                .satisfies(e -> assertThat(stackOf(e)).doesNotContain(wrong).doesNotContain(TestPostgres.PASSWORD));
    }

    @Test
    void aMissingDatabaseIsNamedWithTheStatementThatCreatesIt() {
        assertThatThrownBy(() -> PostgresStore.open(options(pg.url("nosuchdb"), TestPostgres.PASSWORD)))
                .isInstanceOf(StoreException.class)
                .hasMessage("cannot open the PostgreSQL store at postgresql://localhost:" + pg.port() + "/nosuchdb:"
                        + " the database 'nosuchdb' does not exist on localhost:" + pg.port() + "; create it (CREATE"
                        + " DATABASE nosuchdb OWNER loom_test) or fix the database name in store.postgres.url");
    }

    @Test
    void aSchemaWrittenByANewerLoomIsRefusedUnchanged() throws Exception {
        PostgresStoreOptions options = options(pg.url(), TestPostgres.PASSWORD);
        PostgresStore.open(options).close();
        pg.execute(TestPostgres.DATABASE, "UPDATE " + options.schema() + ".loom_meta SET value = '99'"
                + " WHERE key = 'schema_version'");
        List<String> before = tables(options.schema());

        assertThatThrownBy(() -> PostgresStore.open(options))
                .isInstanceOf(StoreException.class)
                .hasMessage("cannot open the PostgreSQL store at postgresql://localhost:" + pg.port() + "/loom, schema "
                        + options.schema() + ": it was written by a newer Loom (schema 99, this build knows "
                        + Migrations.LATEST + "); refusing to open it. Upgrade Loom");
        assertThat(tables(options.schema())).isEqualTo(before);
        assertThat(meta(options.schema())).isEqualTo("99");
    }

    @Test
    void aSchemaWithOtherTablesAndNoLoomMetaIsRefusedUnchanged() throws Exception {
        PostgresStoreOptions options = options(pg.url(), TestPostgres.PASSWORD);
        pg.execute(TestPostgres.DATABASE, "CREATE SCHEMA " + options.schema(),
                "CREATE TABLE " + options.schema() + ".people (name TEXT)",
                "INSERT INTO " + options.schema() + ".people VALUES ('ada')");

        assertThatThrownBy(() -> PostgresStore.open(options))
                .isInstanceOf(StoreException.class)
                .hasMessage("cannot open the PostgreSQL store at postgresql://localhost:" + pg.port() + "/loom, schema "
                        + options.schema() + ": the schema " + options.schema() + " is not a Loom store (it has the"
                        + " tables [people] and no loom_meta table); refusing to touch it. Choose another schema with"
                        + " store.postgres.schema, or an empty one");
        assertThat(tables(options.schema())).containsExactly("people");
    }

    @Test
    void anEmptyExistingSchemaIsTakenAndAMissingOneCreated() throws Exception {
        PostgresStoreOptions existing = options(pg.url(), TestPostgres.PASSWORD);
        pg.execute(TestPostgres.DATABASE, "CREATE SCHEMA " + existing.schema() + " AUTHORIZATION " + TestPostgres.USER);
        try (PostgresStore store = PostgresStore.open(existing)) {
            assertThat(store.partitions()).isEqualTo(64);
        }
        PostgresStoreOptions missing = options(pg.url(), TestPostgres.PASSWORD).withPartitions(16);
        try (PostgresStore store = PostgresStore.open(missing)) {
            assertThat(store.partitions()).isEqualTo(16);
        }
        try (PostgresStore again = PostgresStore.open(missing.withPartitions(32))) {
            assertThat(again.partitions()).as("an existing store keeps its partition count").isEqualTo(16);
        }
        assertThat(tables(missing.schema())).contains("loom_meta", "messages", "journal", "leases");
    }

    @Test
    void thePasswordComesFromAFileSecretAndNeverShowsInOptionsOrProblems() throws Exception {
        Path secret = Files.writeString(dir.resolve("pg-password"), TestPostgres.PASSWORD + "\n");
        PostgresStoreProvider provider = new PostgresStoreProvider();
        String schema = schema();
        StoreSettings settings = StoreSettings.none(PostgresStoreProvider.NAME)
                .with(provider, PostgresStoreProvider.URL, pg.url())
                .with(provider, PostgresStoreProvider.USER, TestPostgres.USER)
                .with(provider, PostgresStoreProvider.PASSWORD, "file:" + secret)
                .with(provider, PostgresStoreProvider.POOL_SIZE, 2)
                .with(provider, PostgresStoreProvider.SCHEMA, schema);

        try (PostgresStore store = (PostgresStore) provider.open(settings, StoreContext.of(dir))) {
            store.ping();
            assertThat(store.options().toString()).doesNotContain(TestPostgres.PASSWORD).contains("password ***");
            assertThat(store.toString()).doesNotContain(TestPostgres.PASSWORD);
        }
        assertThat(provider.location(settings, StoreContext.of(dir)).describe())
                .isEqualTo("postgresql://localhost:" + pg.port() + "/loom, schema " + schema);

        StoreSettings inUrl = settings.with(provider, PostgresStoreProvider.URL, pg.url() + "?password=" + "hunter2");
        assertThat(provider.validate(inUrl)).extracting(StoreProblem::key).containsExactly(PostgresStoreProvider.URL);
        assertThat(provider.validate(inUrl)).allSatisfy(p -> assertThat(p.message()).doesNotContain("hunter2"));
        assertThat(provider.location(inUrl, StoreContext.of(dir)).describe()).doesNotContain("hunter2");
        assertThat(provider.validate(settings.with(provider, PostgresStoreProvider.SCHEMA, "Bad-Name")))
                .extracting(StoreProblem::key).containsExactly(PostgresStoreProvider.SCHEMA);
    }

    @Test
    void anUnreadableSecretFileIsNamedAndNothingIsOpened() {
        PostgresStoreProvider provider = new PostgresStoreProvider();
        Path missing = dir.resolve("no-such-secret");
        StoreSettings settings = StoreSettings.none(PostgresStoreProvider.NAME)
                .with(provider, PostgresStoreProvider.URL, pg.url())
                .with(provider, PostgresStoreProvider.PASSWORD, "file:" + missing);

        assertThatThrownBy(() -> provider.open(settings, StoreContext.of(dir)))
                .isInstanceOf(StoreException.class).hasMessageContaining("cannot read the secret file " + missing);
    }

    private List<String> tables(String schema) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = pg.admin(TestPostgres.DATABASE); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT tablename FROM pg_tables WHERE schemaname = '" + schema
                     + "' ORDER BY tablename")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private String meta(String schema) throws Exception {
        try (Connection c = pg.admin(TestPostgres.DATABASE); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT value FROM " + schema + ".loom_meta WHERE key = 'schema_version'")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static String stackOf(Throwable t) {
        java.io.StringWriter out = new java.io.StringWriter();
        t.printStackTrace(new java.io.PrintWriter(out));
        return out.toString();
    }
}
