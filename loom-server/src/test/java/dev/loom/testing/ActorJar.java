package dev.loom.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;

/**
 * A user's actor jar, built by the test as a developer would build theirs: Java sources compiled against the test
 * class path (which has loom-core), packed with a {@code META-INF/services/dev.loom.actor.ActorTypeProvider} file.
 */
public final class ActorJar {
    private final Map<String, String> sources = new LinkedHashMap<>();
    private final List<String> providers = new ArrayList<>();
    private final List<String> left = new ArrayList<>();

    /** Adds a compilation unit: the fully qualified name of its public class and its source. */
    public ActorJar source(String className, String source) {
        sources.put(className, source);
        return this;
    }

    /** Names a class in the service file (it need not exist, to test that error). */
    public ActorJar provider(String className) {
        providers.add(className);
        return this;
    }

    /** Leaves the compiled classes of this top-level class out of the jar (to break a dependency). */
    public ActorJar leaveOut(String className) {
        left.add(className);
        return this;
    }

    /**
     * A provider {@code pkg.Provider} with one actor type, {@code typeName}: state {@code Tally(long count, String
     * last)}, messages {@code Add{by, note}} (replies the new count) and {@code Get} (replies the count).
     */
    public static ActorJar withTallyActor(String pkg, String typeName) {
        return new ActorJar().source(pkg + ".Provider", """
                package %1$s;

                import dev.loom.actor.ActorType;
                import dev.loom.actor.ActorTypeProvider;
                import java.util.List;

                public final class Provider implements ActorTypeProvider {
                    public record Tally(long count, String last) {}
                    public sealed interface Msg permits Add, Get {}
                    public record Add(long by, String note) implements Msg {}
                    public record Get() implements Msg {}

                    @Override
                    public List<ActorType<?, ?>> actorTypes() {
                        return List.of(ActorType.builder("%2$s", Tally.class, Msg.class)
                                .initialState(new Tally(0, ""))
                                .handler((ctx, state, msg) -> switch (msg) {
                                    case Add a -> {
                                        Tally next = new Tally(state.count() + a.by(), a.note());
                                        ctx.reply(next.count());
                                        yield next;
                                    }
                                    case Get g -> {
                                        ctx.reply(state.count());
                                        yield state;
                                    }
                                })
                                .build());
                    }
                }
                """.formatted(pkg, typeName)).provider(pkg + ".Provider");
    }

    /** Compiles and writes the jar to {@code jar}; returns it. */
    public Path writeTo(Path jar) {
        try {
            Path classes = Files.createTempDirectory(jar.toAbsolutePath().getParent(), "classes");
            compile(classes);
            Files.createDirectories(jar.toAbsolutePath().getParent());
            try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
                 Stream<Path> files = Files.walk(classes)) {
                for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                    String name = classes.relativize(f).toString().replace('\\', '/');
                    if (!isLeftOut(name)) {
                        out.putNextEntry(new JarEntry(name));
                        Files.copy(f, out);
                        out.closeEntry();
                    }
                }
                if (!providers.isEmpty()) {
                    out.putNextEntry(new JarEntry("META-INF/services/dev.loom.actor.ActorTypeProvider"));
                    write(out, "# written by ActorJar\n" + String.join("\n", providers) + "\n");
                    out.closeEntry();
                }
            }
            return jar;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private boolean isLeftOut(String entry) {
        for (String c : left) {
            String base = c.replace('.', '/');
            if (entry.equals(base + ".class") || entry.startsWith(base + "$")) {
                return true;
            }
        }
        return false;
    }

    private void compile(Path classes) {
        if (sources.isEmpty()) {
            return;
        }
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        List<JavaFileObject> units = new ArrayList<>();
        sources.forEach((name, text) -> units.add(new SimpleJavaFileObject(
                URI.create("string:///" + name.replace('.', '/') + ".java"), JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return text;
            }
        }));
        StringWriter diagnostics = new StringWriter();
        boolean ok = compiler.getTask(diagnostics, null, null, List.of("--release", "21", "-classpath",
                System.getProperty("java.class.path"), "-d", classes.toString()), null, units).call();
        if (!ok) {
            throw new IllegalStateException("the test's actor sources do not compile:\n" + diagnostics);
        }
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
    }
}
