package dev.loom.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The client stands alone: its compiled classes refer to no Loom class outside {@code dev.loom.client} (not the
 * runtime, not the server), so a service can depend on it with nothing but Jackson.
 */
class ClientDependenciesTest {
    private static final Pattern LOOM_REFERENCE = Pattern.compile("dev/loom/(\\w+)/");

    @Test
    void noCompiledClassRefersToLoomOutsideTheClient() throws IOException, URISyntaxException {
        Path classes = Path.of(LoomClient.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<Path> files;
        try (Stream<Path> walk = Files.walk(classes)) {
            files = walk.filter(p -> p.toString().endsWith(".class")).toList();
        }
        assertThat(files).as("the client's classes").hasSizeGreaterThan(20);
        for (Path f : files) {
            // Class names in the constant pool are plain UTF-8, so a reference to another Loom package shows as text.
            Matcher m = LOOM_REFERENCE.matcher(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1));
            while (m.find()) {
                assertThat(m.group(1)).as("a Loom package referenced by " + classes.relativize(f)).isEqualTo("client");
            }
        }
    }
}
