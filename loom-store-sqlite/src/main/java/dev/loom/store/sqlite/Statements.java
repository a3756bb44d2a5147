package dev.loom.store.sqlite;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.HashMap;
import java.util.Map;

/**
 * The prepared statements of one connection, each prepared once on first use. Confined to the thread that
 * owns the connection.
 */
final class Statements implements AutoCloseable {
    private final Connection connection;
    private final Map<String, PreparedStatement> prepared = new HashMap<>();

    Statements(Connection connection) {
        this.connection = connection;
    }

    Connection connection() {
        return connection;
    }

    /** The statement for {@code sql}, prepared on first use. */
    PreparedStatement get(String sql) throws SQLException {
        PreparedStatement s = prepared.get(sql);
        if (s == null) {
            s = connection.prepareStatement(sql);
            prepared.put(sql, s);
        }
        return s;
    }

    /** {@code sql} prepared, with {@code params} bound from position 1. */
    PreparedStatement bound(String sql, Object... params) throws SQLException {
        PreparedStatement s = get(sql);
        bind(s, 1, params);
        return s;
    }

    int update(String sql, Object... params) throws SQLException {
        return bound(sql, params).executeUpdate();
    }

    void execute(String sql) throws SQLException {
        get(sql).execute();
    }

    /** Binds {@code params} from position {@code first}; returns the next free position. */
    static int bind(PreparedStatement s, int first, Object[] params) throws SQLException {
        int i = first;
        for (Object p : params) {
            switch (p) {
                case null -> s.setNull(i, Types.NULL);
                case Long l -> s.setLong(i, l);
                case Integer n -> s.setInt(i, n);
                case String text -> s.setString(i, text);
                case byte[] bytes -> s.setBytes(i, bytes);
                default -> throw new IllegalArgumentException("unsupported parameter type " + p.getClass());
            }
            i++;
        }
        return i;
    }

    @Override
    public void close() throws SQLException {
        SQLException failure = null;
        for (PreparedStatement s : prepared.values()) {
            try {
                s.close();
            } catch (SQLException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        prepared.clear();
        if (failure != null) {
            throw failure;
        }
    }
}
