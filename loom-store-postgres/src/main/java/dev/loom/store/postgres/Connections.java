package dev.loom.store.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;

/**
 * How this store connects: the pgjdbc properties every connection gets (credentials, the schema as
 * {@code search_path}, timeouts, {@code reWriteBatchedInserts}) and the HikariCP pool built from them.
 */
final class Connections {
    /**
     * How long the server lets a session sit idle inside a transaction: well below any sensible lease TTL (10 s by
     * default), and far above the gaps between the statements of one Loom transaction (micro- to milliseconds).
     */
    static final Duration IDLE_IN_TRANSACTION = Duration.ofSeconds(2);

    private final PostgresStoreOptions options;

    Connections(PostgresStoreOptions options) {
        this.options = options;
    }

    /** Properties for pgjdbc; they hold the password, so they are never logged. */
    Properties properties() {
        Properties p = new Properties();
        p.setProperty("user", options.user());
        if (options.password() != null) {
            p.setProperty("password", options.password());
        }
        p.setProperty("currentSchema", options.schema());
        // group commit sends many rows of one statement; the driver turns them into multi-row INSERTs
        p.setProperty("reWriteBatchedInserts", "true");
        p.setProperty("ApplicationName", "loom");
        p.setProperty("connectTimeout", Long.toString(Math.max(1, options.connectTimeout().toSeconds())));
        p.setProperty("loginTimeout", Long.toString(Math.max(1, options.connectTimeout().toSeconds())));
        // the server cancels a statement that runs too long; the socket timeout catches a server that stopped answering.
        // A node paused in the middle of a transaction (SIGSTOP, a long GC, a stalled VM) would keep its row locks on
        // lease and partition rows, stalling every other node's enqueues to those partitions and their takeover: the
        // server ends such a session after IDLE_IN_TRANSACTION (Loom's transactions never wait on the client), which
        // rolls it back; the paused node's commit then fails and is retried, and fenced if the lease moved meanwhile.
        p.setProperty("options", "-c statement_timeout=" + options.statementTimeout().toMillis()
                + " -c lock_timeout=" + options.statementTimeout().toMillis()
                + " -c idle_in_transaction_session_timeout=" + IDLE_IN_TRANSACTION.toMillis());
        p.setProperty("socketTimeout", Long.toString(options.statementTimeout().toSeconds() * 2 + 5));
        p.setProperty("tcpKeepAlive", "true");
        return p;
    }

    /** One connection outside the pool (opening checks, the LISTEN connection). */
    Connection open() throws SQLException {
        return DriverManager.getConnection(options.url(), properties());
    }

    /** The pool; connections are opened on demand, the caller already checked that the server answers. */
    HikariDataSource pool() {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(options.url());
        config.setDataSourceProperties(properties());
        config.setUsername(options.user());
        if (options.password() != null) {
            config.setPassword(options.password());
        }
        config.setMaximumPoolSize(options.poolSize());
        config.setMinimumIdle(Math.min(2, options.poolSize()));
        config.setConnectionTimeout(Math.max(250, options.connectTimeout().toMillis()));
        config.setInitializationFailTimeout(-1);
        config.setPoolName("loom-postgres-" + options.schema());
        config.setAutoCommit(true);
        return new HikariDataSource(config);
    }
}
