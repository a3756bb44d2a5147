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

    /** Connections of the pool kept for lease rounds (see {@link #leasePool}). */
    static final int LEASE_POOL_SIZE = 2;

    /** The pool; connections are opened on demand, the caller already checked that the server answers. */
    HikariDataSource pool() {
        return pool("loom-postgres-" + options.schema(), options.poolSize(), Math.min(2, options.poolSize()));
    }

    /**
     * A small pool of its own for lease renewals, releases, heartbeats and membership reads: the lease keeper's
     * round must finish within a fraction of the TTL, and in the main pool it queued behind every partition
     * worker's fetch and the group committer. Its statements never wait for row locks that commits hold (renewals
     * change no key; see {@link PostgresLeaseStore}), so two connections serve any number of partitions.
     */
    HikariDataSource leasePool() {
        return pool("loom-postgres-" + options.schema() + "-leases", LEASE_POOL_SIZE, 1);
    }

    private HikariDataSource pool(String name, int size, int minIdle) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(options.url());
        config.setDataSourceProperties(properties());
        config.setUsername(options.user());
        if (options.password() != null) {
            config.setPassword(options.password());
        }
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(minIdle);
        config.setConnectionTimeout(Math.max(250, options.connectTimeout().toMillis()));
        config.setInitializationFailTimeout(-1);
        config.setPoolName(name);
        config.setAutoCommit(true);
        return new HikariDataSource(config);
    }
}
