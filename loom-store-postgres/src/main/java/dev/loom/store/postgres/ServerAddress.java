package dev.loom.store.postgres;

import java.util.Locale;

/**
 * The parts of a {@code jdbc:postgresql:} URL that messages may show: host, port and database, never the query
 * string (which could carry a password or other connection secrets).
 *
 * @param hosts    {@code host[:port]} as written, possibly several comma-separated
 * @param database the database name, empty when the URL names none
 */
record ServerAddress(String hosts, String database) {
    static final String JDBC_PREFIX = "jdbc:postgresql://";

    /** Parses what it can; a URL of another form is described by its scheme only. */
    static ServerAddress of(String url) {
        if (!url.toLowerCase(Locale.ROOT).startsWith(JDBC_PREFIX)) {
            int colon = url.indexOf(':');
            return new ServerAddress("<a " + (colon > 0 ? url.substring(0, colon) : "non-JDBC") + " URL>", "");
        }
        String rest = url.substring(JDBC_PREFIX.length());
        int query = rest.indexOf('?');
        if (query >= 0) {
            rest = rest.substring(0, query);
        }
        int at = rest.lastIndexOf('@');
        if (at >= 0) {
            rest = rest.substring(at + 1);
        }
        int slash = rest.indexOf('/');
        String hosts = slash >= 0 ? rest.substring(0, slash) : rest;
        String database = slash >= 0 ? rest.substring(slash + 1) : "";
        return new ServerAddress(hosts.isEmpty() ? "localhost:5432" : hosts, database);
    }

    /** Whether the URL carries credentials of its own ({@code user:pw@host} or a {@code password=} parameter). */
    static boolean carriesPassword(String url) {
        String lower = url.toLowerCase(Locale.ROOT);
        int query = lower.indexOf('?');
        String authority = lower.substring(0, query >= 0 ? query : lower.length());
        return lower.contains("password=") || authority.substring(Math.min(authority.length(), JDBC_PREFIX.length()))
                .contains("@");
    }

    /** {@code postgresql://host:5432/loom}. */
    String describe() {
        return "postgresql://" + hosts + "/" + database;
    }
}
