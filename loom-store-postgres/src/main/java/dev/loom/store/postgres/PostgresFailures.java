package dev.loom.store.postgres;

import dev.loom.spi.StoreException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;

/**
 * Turns driver failures into {@link StoreException}s whose messages say what is wrong and what to do, name the
 * server (never its credentials) and never contain the password, even if a driver message quoted it.
 */
final class PostgresFailures {
    private final ServerAddress address;
    private final String user;
    private final String password;
    private final String schema;

    PostgresFailures(PostgresStoreOptions options) {
        this.address = ServerAddress.of(options.url());
        this.user = options.user();
        this.password = options.password();
        this.schema = options.schema();
    }

    /** Whether the failure means the connection is unusable (the server is gone, restarting or unreachable). */
    static boolean isConnectionLoss(SQLException e) {
        if (e instanceof SQLTransientConnectionException || e instanceof SQLNonTransientConnectionException) {
            return true;
        }
        String state = e.getSQLState();
        return state != null && (state.startsWith("08") || state.equals("57P01") || state.equals("57P02")
                || state.equals("57P03"));
    }

    /** Whether the failure is a conflict with stored data that rejects one write (unique or check violation). */
    static boolean isConstraint(SQLException e) {
        String state = e.getSQLState();
        return state != null && state.startsWith("23");
    }

    /** Whether running the transaction again may succeed (a deadlock or serialization failure). */
    static boolean isRetryable(SQLException e) {
        String state = e.getSQLState();
        return "40P01".equals(state) || "40001".equals(state);
    }

    /** A failure while opening: unreachable server, bad credentials, missing database, missing privileges. */
    StoreException opening(SQLException e) {
        String where = address.describe();
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        Throwable root = rootCause(e);
        String message;
        if (root instanceof UnknownHostException) {
            message = "cannot open the PostgreSQL store at " + where + ": the host " + address.hosts()
                    + " is unknown (DNS); check store.postgres.url";
        } else if (root instanceof ConnectException || root instanceof NoRouteToHostException
                || root instanceof SocketTimeoutException || state.equals("08001") || state.equals("08006")) {
            message = "cannot open the PostgreSQL store at " + where + ": the server cannot be reached at "
                    + address.hosts() + " (" + describeRoot(root) + "); check store.postgres.url and that PostgreSQL is"
                    + " running and accepts TCP connections there";
        } else if (state.equals("28P01") || state.equals("28000")) {
            message = "cannot open the PostgreSQL store at " + where + ": the server refused the credentials of user '"
                    + user + "' (" + (state.equals("28P01") ? "password authentication failed" : "no access rule"
                    + " (pg_hba.conf) admits this user from this host") + "); check store.postgres.user and"
                    + " store.postgres.password";
        } else if (state.equals("3D000")) {
            message = "cannot open the PostgreSQL store at " + where + ": the database '" + address.database()
                    + "' does not exist on " + address.hosts() + "; create it (CREATE DATABASE " + address.database()
                    + " OWNER " + user + ") or fix the database name in store.postgres.url";
        } else if (state.equals("42501")) {
            message = "cannot open the PostgreSQL store at " + where + ": user '" + user + "' lacks a privilege Loom"
                    + " needs in schema " + schema + " (" + redact(e.getMessage()) + "); grant it CREATE on the database"
                    + " (to create the schema) or ownership of the schema";
        } else if (state.equals("57P03")) {
            message = "cannot open the PostgreSQL store at " + where + ": the server is starting up or shutting down;"
                    + " retry in a moment";
        } else if (state.equals("53300")) {
            message = "cannot open the PostgreSQL store at " + where + ": the server has no connection slot left"
                    + " (too many connections); lower store.postgres.poolSize on the nodes or raise max_connections";
        } else {
            message = "cannot open the PostgreSQL store at " + where + ": " + redact(e.getMessage())
                    + (state.isEmpty() ? "" : " (SQLSTATE " + state + ")");
        }
        return new StoreException(message, sanitized(e));
    }

    /** A failure of {@code action} ("commit", "read partition 3") on an open store. */
    StoreException translate(String action, SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String where = address.describe() + ", schema " + schema;
        String message;
        if (isConnectionLoss(e)) {
            message = "cannot " + action + ": lost the connection to PostgreSQL at " + where + " ("
                    + redact(e.getMessage()) + "); the store retries with new connections";
        } else if (state.equals("57014")) {
            message = "cannot " + action + ": PostgreSQL at " + where + " cancelled the statement (statement timeout"
                    + " reached or cancelled by an operator)";
        } else if (state.equals("53100")) {
            message = "cannot " + action + ": the disk of PostgreSQL at " + where + " is full; free space and retry";
        } else if (state.equals("25006")) {
            message = "cannot " + action + ": PostgreSQL at " + where + " is read-only (a standby, or"
                    + " default_transaction_read_only); point store.postgres.url at the primary";
        } else {
            message = "cannot " + action + " in PostgreSQL at " + where + ": " + redact(e.getMessage())
                    + (state.isEmpty() ? "" : " (SQLSTATE " + state + ")");
        }
        return new StoreException(message, sanitized(e));
    }

    /** {@code text} with the password replaced, should a driver or server message ever quote it. */
    String redact(String text) {
        if (text == null) {
            return "no message";
        }
        return password == null || password.isEmpty() ? text : text.replace(password, "***");
    }

    /**
     * A copy of the failure that keeps class, SQLSTATE and stack but has its message redacted, so that a stack
     * trace logged with the StoreException cannot leak the password either.
     */
    private SQLException sanitized(SQLException e) {
        SQLException copy = new SQLException(redact(e.getMessage()), e.getSQLState(), e.getErrorCode());
        copy.setStackTrace(e.getStackTrace());
        Throwable root = rootCause(e);
        if (root != e) {
            copy.initCause(new SQLException(root.getClass().getName() + ": " + redact(root.getMessage())));
        }
        return copy;
    }

    private String describeRoot(Throwable root) {
        if (root instanceof ConnectException) {
            return "connection refused";
        }
        if (root instanceof SocketTimeoutException) {
            return "timed out";
        }
        if (root instanceof NoRouteToHostException) {
            return "no route to host";
        }
        return redact(root.getMessage());
    }

    private static Throwable rootCause(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }
}
