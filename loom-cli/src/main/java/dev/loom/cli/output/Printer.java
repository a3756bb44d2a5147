package dev.loom.cli.output;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.loom.json.Json;
import java.io.PrintWriter;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Where a command writes its results: the command line's standard output (so tests can capture it), in the
 * format the user chose.
 */
public final class Printer {
    private final PrintWriter out;
    private final boolean json;

    public Printer(PrintWriter out, boolean json) {
        this.out = out;
        this.json = json;
    }

    /** The printer of the running command, honouring its {@code --json} switch. */
    public static Printer of(CommandSpec spec, OutputOptions options) {
        return new Printer(spec.commandLine().getOut(), options.json());
    }

    public boolean json() {
        return json;
    }

    /** Prints {@code value} as indented JSON. */
    public void printJson(JsonNode value) {
        try {
            out.println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a parsed JSON tree could not be written back: " + e.getMessage(), e);
        }
        out.flush();
    }

    /** Prints {@code value} as JSON on a single line (for outputs whose last line a script parses). */
    public void printJsonLine(JsonNode value) {
        out.println(Json.write(value));
        out.flush();
    }

    public void println(String line) {
        out.println(line);
        out.flush();
    }

    /** Prints {@code table}, or {@code whenEmpty} if it has no rows. */
    public void print(Table table, String whenEmpty) {
        if (table.isEmpty()) {
            println(whenEmpty);
        } else {
            table.print(out);
        }
    }

    public PrintWriter writer() {
        return out;
    }
}
