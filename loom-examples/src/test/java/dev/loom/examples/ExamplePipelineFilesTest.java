package dev.loom.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loom.json.Json;
import dev.loom.pipeline.PipelineDefinition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The example pipelines' JSON files in {@code examples/pipelines} (what {@code ./loom pipeline register} takes, used by
 * the README) are the Java definitions' JSON form. {@code -Dpipelines.write=true} rewrites them from the code.
 */
class ExamplePipelineFilesTest {
    private static final Path DIR = Path.of("..", "examples", "pipelines");

    @Test
    void eachFileIsItsJavaDefinition() throws IOException {
        List<PipelineDefinition> definitions = ExamplePipelines.definitions();
        if (Boolean.getBoolean("pipelines.write")) {
            Files.createDirectories(DIR);
            for (PipelineDefinition d : definitions) {
                Files.writeString(DIR.resolve(d.name() + ".json"),
                        Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(d.toJsonTree()) + "\n");
            }
        }
        for (PipelineDefinition d : definitions) {
            Path file = DIR.resolve(d.name() + ".json");
            assertThat(file).as("run with -Dpipelines.write=true to write it").exists();
            PipelineDefinition read = PipelineDefinition.fromJson(Files.readString(file));
            assertThat(read.toJsonTree()).as(file.toString()).isEqualTo(d.toJsonTree());
        }
        try (var files = Files.list(DIR)) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted().toList()).as("no file without a definition")
                    .isEqualTo(definitions.stream().map(d -> d.name() + ".json").sorted().toList());
        }
    }
}
