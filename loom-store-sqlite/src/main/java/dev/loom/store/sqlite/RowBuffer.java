package dev.loom.store.sqlite;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Rows waiting to be inserted with multi-row {@code INSERT ... VALUES (...), (...)} statements: one statement
 * step per {@value #CHUNK} rows instead of one per row, which is most of the cost of small rows.
 */
final class RowBuffer {
    static final int CHUNK = 64;
    private static final int[] SIZES = {CHUNK, 16, 4, 1};

    private final String insertPrefix;
    private final int columns;
    private final List<Object[]> rows = new ArrayList<>();
    private final String[] sqlBySize = new String[SIZES.length];

    /**
     * @param insertPrefix {@code INSERT INTO t (a, b, c) VALUES }
     * @param columns      number of columns in each row
     */
    RowBuffer(String insertPrefix, int columns) {
        this.insertPrefix = insertPrefix;
        this.columns = columns;
        for (int i = 0; i < SIZES.length; i++) {
            sqlBySize[i] = sql(SIZES[i]);
        }
    }

    void add(Object[] row) {
        if (row.length != columns) {
            throw new IllegalArgumentException("row has " + row.length + " columns, expected " + columns);
        }
        rows.add(row);
    }

    int size() {
        return rows.size();
    }

    boolean isEmpty() {
        return rows.isEmpty();
    }

    void clear() {
        rows.clear();
    }

    /** Inserts every buffered row and empties the buffer. */
    void flush(Statements statements) throws SQLException {
        int at = 0;
        while (at < rows.size()) {
            int left = rows.size() - at;
            int k = 0;
            while (SIZES[k] > left) {
                k++;
            }
            PreparedStatement s = statements.get(sqlBySize[k]);
            int position = 1;
            for (int r = 0; r < SIZES[k]; r++) {
                position = Statements.bind(s, position, rows.get(at + r));
            }
            s.executeUpdate();
            at += SIZES[k];
        }
        rows.clear();
    }

    private String sql(int size) {
        StringBuilder row = new StringBuilder("(");
        for (int c = 0; c < columns; c++) {
            row.append(c == 0 ? "?" : ", ?");
        }
        row.append(')');
        StringBuilder sql = new StringBuilder(insertPrefix);
        for (int r = 0; r < size; r++) {
            sql.append(r == 0 ? "" : ", ").append(row);
        }
        return sql.toString();
    }
}
