package dev.loom.cli.output;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A plain-text table with a header row and left-aligned columns separated by two spaces. Cells longer than
 * {@link #MAX_CELL} characters are cut with an ellipsis so that one long error message does not wreck the
 * layout; {@code --json} output is never cut.
 */
public final class Table {
    /** Longest cell shown. */
    public static final int MAX_CELL = 60;

    private final List<String> headers;
    private final List<List<String>> rows = new ArrayList<>();

    private Table(List<String> headers) {
        this.headers = headers;
    }

    public static Table withColumns(String... headers) {
        return new Table(List.of(headers));
    }

    /**
     * Adds a row; {@code null} cells print as {@code -}.
     *
     * @throws IllegalArgumentException if the row's width differs from the header's
     */
    public Table row(Object... cells) {
        if (cells.length != headers.size()) {
            throw new IllegalArgumentException("row has " + cells.length + " cells, table has " + headers.size()
                    + " columns: " + Arrays.toString(cells));
        }
        rows.add(Arrays.stream(cells).map(Table::cell).toList());
        return this;
    }

    public boolean isEmpty() {
        return rows.isEmpty();
    }

    public int size() {
        return rows.size();
    }

    /** Prints the table. */
    public void print(PrintWriter out) {
        int[] widths = new int[headers.size()];
        for (int c = 0; c < widths.length; c++) {
            widths[c] = headers.get(c).length();
            for (List<String> row : rows) {
                widths[c] = Math.max(widths[c], row.get(c).length());
            }
        }
        printRow(out, headers, widths);
        for (List<String> row : rows) {
            printRow(out, row, widths);
        }
        out.flush();
    }

    private static void printRow(PrintWriter out, List<String> cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int c = 0; c < cells.size(); c++) {
            String cell = cells.get(c);
            line.append(cell);
            if (c < cells.size() - 1) {
                line.append(" ".repeat(widths[c] - cell.length() + 2));
            }
        }
        out.println(line.toString().stripTrailing());
    }

    private static String cell(Object value) {
        if (value == null) {
            return "-";
        }
        String s = value.toString().replaceAll("\\s+", " ").strip();
        if (s.isEmpty()) {
            return "-";
        }
        return s.length() > MAX_CELL ? s.substring(0, MAX_CELL - 3) + "..." : s;
    }
}
