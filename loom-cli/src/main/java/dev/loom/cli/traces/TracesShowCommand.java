package dev.loom.cli.traces;

import dev.loom.cli.output.OutputOptions;
import dev.loom.cli.output.Printer;
import dev.loom.cli.output.Text;
import dev.loom.cli.remote.RemoteOptions;
import dev.loom.client.LoomClient;
import dev.loom.client.Trace;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "show", mixinStandardHelpOptions = true,
        description = {"One kept trace as a tree of spans: each child indented under its parent (admin).",
                "Example: loom traces show 4bf92f3577b34da6a3ce929d0e0e4736"})
public final class TracesShowCommand implements Callable<Integer> {
    private static final List<String> SHOWN = List.of("loom.actor.type", "loom.actor.id", "loom.message.type",
            "loom.turn.seq", "loom.turn.attempt", "loom.turn.outcome", "loom.node", "loom.step.replayed",
            "http.response.status_code");

    @Spec
    CommandSpec spec;
    @Mixin
    RemoteOptions remote;
    @Mixin
    OutputOptions output;

    @Parameters(index = "0", paramLabel = "TRACE-ID", description = "32 hex digits, from `loom traces list` or a log line's trace_id.")
    String traceId;

    @Override
    public Integer call() {
        Trace trace;
        try (LoomClient client = remote.client()) {
            trace = client.trace(traceId);
        }
        Printer printer = Printer.of(spec, output);
        if (printer.json()) {
            printer.printJson(LoomClient.toJson(trace));
            return 0;
        }
        Map<String, List<Trace.Span>> children = new HashMap<>();
        List<Trace.Span> roots = new ArrayList<>();
        Map<String, Trace.Span> byId = new HashMap<>();
        trace.spans().forEach(s -> byId.put(s.spanId(), s));
        for (Trace.Span s : trace.spans()) {
            if (s.parentSpanId() == null || !byId.containsKey(s.parentSpanId())) {
                roots.add(s);
            } else {
                children.computeIfAbsent(s.parentSpanId(), k -> new ArrayList<>()).add(s);
            }
        }
        printer.println("trace " + trace.traceId() + " (" + trace.spans().size() + " spans on this node)");
        roots.forEach(r -> print(printer, r, children, 0));
        return 0;
    }

    private void print(Printer printer, Trace.Span s, Map<String, List<Trace.Span>> children, int depth) {
        StringBuilder line = new StringBuilder("  ".repeat(depth + 1)).append(s.name()).append("  ")
                .append(Text.decimal(s.durationMs())).append(" ms  span ").append(s.spanId());
        if ("ERROR".equals(s.status())) {
            line.append("  ERROR").append(s.statusMessage() == null ? "" : " " + s.statusMessage());
        }
        for (String key : SHOWN) {
            Object v = s.attributes().get(key);
            if (v != null) {
                line.append("  ").append(key.substring(key.lastIndexOf('.') + 1)).append('=').append(v);
            }
        }
        printer.println(line.toString());
        children.getOrDefault(s.spanId(), List.of()).forEach(c -> print(printer, c, children, depth + 1));
    }
}
