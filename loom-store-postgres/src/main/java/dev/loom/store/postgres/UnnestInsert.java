package dev.loom.store.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

/**
 * Rows buffered column by column and inserted as {@code INSERT INTO t (..) SELECT * FROM unnest(?::type[], ..)}: one
 * statement and one round trip for any number of rows, with one array parameter per column. A batched
 * {@code INSERT .. VALUES} binds every value as a parameter of its own, and the driver splits it into statements of
 * 128, 64, 32 .. rows, each planned and executed separately; the group commit's journal entries and messages are
 * the bulk of what it sends.
 */
final class UnnestInsert {
    private final String sql;
    private final String[] types;
    private final List<List<Object>> columns;
    private int rows;

    /**
     * @param table   the table to insert into
     * @param columns its columns, comma-separated, in the order of {@code types}
     * @param types   each column's PostgreSQL element type ({@code text}, {@code int4}, {@code int8})
     */
    UnnestInsert(String table, String columns, String... types) {
        StringBuilder arrays = new StringBuilder();
        this.columns = new ArrayList<>(types.length);
        for (String type : types) {
            arrays.append(arrays.isEmpty() ? "" : ", ").append("?::").append(type).append("[]");
            this.columns.add(new ArrayList<>());
        }
        this.sql = "INSERT INTO " + table + " (" + columns + ") SELECT * FROM unnest(" + arrays + ")";
        this.types = types.clone();
    }

    /** Buffers one row: a value (or null) per column, in column order. */
    void add(Object... values) {
        if (values.length != types.length) {
            throw new IllegalArgumentException("a row of " + sql + " needs " + types.length + " values, got "
                    + values.length);
        }
        for (int i = 0; i < values.length; i++) {
            columns.get(i).add(values[i]);
        }
        rows++;
    }

    int rows() {
        return rows;
    }

    /**
     * Inserts the buffered rows in one statement and empties the buffer.
     *
     * @throws SQLException if the server refuses the rows (a constraint: then none of them is inserted)
     */
    void execute(Connection c) throws SQLException {
        if (rows == 0) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < types.length; i++) {
                // sent as an untyped literal, which the statement's cast parses
                ps.setObject(i + 1, literal(columns.get(i)), Types.OTHER);
            }
            int inserted = ps.executeUpdate();
            if (inserted != rows) {
                throw new SQLException("inserted " + inserted + " of " + rows + " rows with " + sql, Tx.MODEL_CONFLICT);
            }
        }
        clear();
    }

    /**
     * The array literal of {@code values} ({@code {"a",NULL,"b"}}, numbers unquoted), written into one presized
     * buffer: the driver's own array encoding grows its buffer many times for a column of a thousand payloads.
     */
    static String literal(List<Object> values) {
        int size = 2;
        for (Object v : values) {
            size += v instanceof String text ? text.length() + 3 : 21;
        }
        StringBuilder out = new StringBuilder(size + size / 16);
        out.append('{');
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            switch (values.get(i)) {
                case null -> out.append("NULL");
                case String text -> quoted(out, text);
                case Integer n -> out.append(n.intValue());
                case Long n -> out.append(n.longValue());
                default -> throw new IllegalArgumentException("no array literal for a " + values.get(i).getClass());
            }
        }
        return out.append('}').toString();
    }

    /**
     * Appends {@code text} in double quotes, a backslash before each quote and backslash in it. The text between
     * them is appended in runs found with {@link String#indexOf(int, int)} (vectorised by the JVM): appending char
     * by char was most of the committer thread's time spent here.
     */
    private static void quoted(StringBuilder out, String text) {
        out.append('"');
        int from = 0;
        int quote = text.indexOf('"');
        int backslash = text.indexOf('\\');
        while (quote >= 0 || backslash >= 0) {
            int k = quote < 0 ? backslash : backslash < 0 ? quote : Math.min(quote, backslash);
            // the escaped char itself starts the next run
            out.append(text, from, k).append('\\');
            from = k;
            if (k == quote) {
                quote = text.indexOf('"', k + 1);
            } else {
                backslash = text.indexOf('\\', k + 1);
            }
        }
        out.append(text, from, text.length()).append('"');
    }

    /** Forgets the buffered rows. */
    void clear() {
        columns.forEach(List::clear);
        rows = 0;
    }
}
