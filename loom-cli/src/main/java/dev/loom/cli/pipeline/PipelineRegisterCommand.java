package dev.loom.cli.pipeline;

import dev.loom.cli.CliException;
import dev.loom.cli.ExitCode;
import dev.loom.cli.output.OutputOptions;
import dev.loom.cli.output.Printer;
import dev.loom.cli.remote.RemoteOptions;
import dev.loom.client.LoomClient;
import dev.loom.client.PipelineRegistered;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "register", mixinStandardHelpOptions = true,
        description = {"Register a pipeline definition from its JSON form (admin). Registering the same name, version and",
                "content again changes nothing; other content for an existing version is refused (register a new version).",
                "An invalid definition is refused with every stage and field at fault.",
                "Example: loom pipeline register order-fulfilment.json"})
public final class PipelineRegisterCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    RemoteOptions remote;
    @Mixin
    OutputOptions output;

    @Parameters(index = "0", paramLabel = "FILE", description = "The definition's JSON file, or - for standard input.")
    String file;

    @Override
    public Integer call() {
        String json = read();
        PipelineRegistered registered;
        try (LoomClient client = remote.client()) {
            registered = client.pipelines().register(json);
        }
        Printer printer = Printer.of(spec, output);
        if (printer.json()) {
            printer.printJson(registered.definition());
        } else {
            printer.println((registered.created() ? "registered" : "unchanged (already registered):") + " pipeline "
                    + registered.definition().path("name").asText() + " version "
                    + registered.definition().path("version").asInt() + " with "
                    + registered.definition().path("stages").size() + " stage(s)");
        }
        return 0;
    }

    private String read() {
        try {
            return file.equals("-") ? new String(System.in.readAllBytes(), StandardCharsets.UTF_8)
                    : Files.readString(Path.of(file));
        } catch (IOException e) {
            throw new CliException("cannot read the definition " + file + ": " + e.getMessage(), ExitCode.USAGE);
        }
    }
}
