package dev.loom.cli.config;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loom.cli.ExitCode;
import dev.loom.cli.output.OutputOptions;
import dev.loom.cli.output.Printer;
import dev.loom.config.ConfigException;
import dev.loom.config.LoomConfig;
import dev.loom.json.Json;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "validate-config", mixinStandardHelpOptions = true,
        description = {"Check a configuration (YAML file plus LOOM_* environment overrides) as the server would load it.",
                "Prints every problem, not only the first, and exits 1 if there is any; else prints the effective",
                "configuration (secrets shown as ***) and exits 0."})
public final class ValidateConfigCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    OutputOptions output;

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE", description = "The YAML file (default: $LOOM_CONFIG, else none).")
    Path file;

    @Override
    public Integer call() {
        Optional<Path> source = ConfigLoading.file(file, System.getenv());
        Printer printer = Printer.of(spec, output);
        try {
            LoomConfig config = ConfigLoading.load(source, System.getenv());
            if (printer.json()) {
                ObjectNode json = Json.mapper().createObjectNode().put("valid", true);
                json.putArray("problems");
                json.set("config", config.redacted());
                printer.printJson(json);
            } else {
                printer.println("configuration is valid (" + ConfigLoading.source(source) + ")");
                printer.printJson(config.redacted());
            }
            return ExitCode.OK;
        } catch (ConfigException e) {
            if (printer.json()) {
                ObjectNode json = Json.mapper().createObjectNode().put("valid", false);
                e.problems().forEach(json.putArray("problems")::add);
                printer.printJson(json);
            } else {
                var err = spec.commandLine().getErr();
                err.println("loom: configuration from " + ConfigLoading.source(source) + " has " + e.problems().size()
                        + " problem(s):");
                e.problems().forEach(p -> err.println("  - " + p));
                err.flush();
            }
            return ExitCode.FAILURE;
        }
    }
}
