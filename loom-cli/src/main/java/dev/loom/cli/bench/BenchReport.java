package dev.loom.cli.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loom.cli.output.Printer;
import dev.loom.cli.output.Table;
import dev.loom.json.Json;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A benchmark's figures, printed as a table or, with {@code --json}, as one JSON object on the last line of
 * standard output (keys in snake case).
 */
final class BenchReport {
    private final String title;
    private final Map<String, Object> figures = new LinkedHashMap<>();

    BenchReport(String title) {
        this.title = title;
    }

    BenchReport put(String key, Object value) {
        figures.put(key, value);
        return this;
    }

    void print(Printer printer) {
        if (printer.json()) {
            ObjectNode json = Json.mapper().createObjectNode();
            figures.forEach((k, v) -> json.set(k, Json.toTree(v)));
            printer.printJsonLine(json);
            return;
        }
        printer.println(title);
        Table table = Table.withColumns("FIGURE", "VALUE");
        figures.forEach((k, v) -> table.row(k, v instanceof Double d ? String.format(Locale.ROOT, "%.2f", d) : v));
        table.print(printer.writer());
    }
}
