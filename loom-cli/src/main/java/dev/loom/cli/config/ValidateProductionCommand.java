package dev.loom.cli.config;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loom.cli.ExitCode;
import dev.loom.cli.output.OutputOptions;
import dev.loom.cli.output.Printer;
import dev.loom.config.ConfigException;
import dev.loom.config.LoomConfig;
import dev.loom.json.Json;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "validate-production", mixinStandardHelpOptions = true,
        description = {"Check that a configuration is fit for production.",
                "It must be valid, with nothing that loses data or leaves the server unprotected",
                "(e.g. the in-memory store, no tokens, relaxed durability).",
                "Exits 1 on any problem; warnings are printed but do not fail."})
public final class ValidateProductionCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    OutputOptions output;

    @Option(names = "--config", paramLabel = "FILE", description = "The YAML file (default: $LOOM_CONFIG, else none).")
    Path file;

    @Override
    public Integer call() {
        Optional<Path> source = ConfigLoading.file(file, System.getenv());
        List<String> problems;
        List<String> warnings;
        try {
            LoomConfig config = ConfigLoading.load(source, System.getenv());
            problems = config.productionProblems();
            warnings = config.productionWarnings();
        } catch (ConfigException e) {
            problems = e.problems();
            warnings = List.of();
        }
        Printer printer = Printer.of(spec, output);
        if (printer.json()) {
            ObjectNode json = Json.mapper().createObjectNode().put("ready", problems.isEmpty());
            problems.forEach(json.putArray("problems")::add);
            warnings.forEach(json.putArray("warnings")::add);
            printer.printJson(json);
        } else {
            warnings.forEach(w -> printer.println("warning: " + w));
            if (problems.isEmpty()) {
                printer.println("ready for production (" + ConfigLoading.source(source) + ")");
            } else {
                var err = spec.commandLine().getErr();
                err.println("loom: not ready for production (" + ConfigLoading.source(source) + "), " + problems.size()
                        + " problem(s):");
                problems.forEach(p -> err.println("  - " + p));
                err.flush();
            }
        }
        return problems.isEmpty() ? ExitCode.OK : ExitCode.FAILURE;
    }
}
