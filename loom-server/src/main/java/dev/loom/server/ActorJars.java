package dev.loom.server;

import dev.loom.actor.ActorType;
import dev.loom.actor.ActorTypeProvider;
import dev.loom.config.ConfigException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;

/**
 * The actor types of the jars named by {@code actors.jars}, loaded in one class loader of their own whose parent is
 * the server's, so the jars share Loom's API and Jackson with the server (they must not bundle them) and can use
 * each other's classes (a directory may hold an actor jar and the libraries it needs).
 *
 * <p>Each jar names its providers in {@code META-INF/services/dev.loom.actor.ActorTypeProvider}, the
 * {@link java.util.ServiceLoader} format. The file is read per jar rather than through a ServiceLoader so that
 * every problem names the jar it comes from. Every listed file must provide at least one actor type; in a
 * directory, the jars without providers are taken to be libraries, but at least one must have providers.
 */
final class ActorJars implements AutoCloseable {
    static final String SERVICE_FILE = "META-INF/services/" + ActorTypeProvider.class.getName();
    private static final String SETTING = "actors.jars (LOOM_ACTORS_JARS)";

    /** One actor type and the provider and jar it came from. */
    record Loaded(ActorType<?, ?> type, String origin) {
    }

    private final URLClassLoader loader;
    private final List<Loaded> types;

    private ActorJars(URLClassLoader loader, List<Loaded> types) {
        this.loader = loader;
        this.types = List.copyOf(types);
    }

    /** Every type of every provider in the jars, in the order the jars and their service files list them. */
    List<Loaded> types() {
        return types;
    }

    /**
     * Loads the configured jars and directories.
     *
     * @param entries jar files and directories of jars
     * @param parent  the class loader the jars' loader delegates to first (the server's)
     * @throws ConfigException naming every jar that is missing, unreadable, without providers, or whose provider
     *                         cannot be loaded, instantiated or asked for its types
     */
    static ActorJars load(List<Path> entries, ClassLoader parent) {
        List<String> problems = new ArrayList<>();
        // Jar -> the provider class names its service file lists; a jar reached twice is loaded once.
        Map<Path, List<String>> jars = new LinkedHashMap<>();
        Set<Path> mustProvide = new LinkedHashSet<>();
        for (Path entry : entries) {
            if (Files.isDirectory(entry)) {
                List<Path> inDir = jarsIn(entry, problems);
                inDir.forEach(j -> jars.computeIfAbsent(j, k -> providerNames(k, problems)));
                if (!inDir.isEmpty() && inDir.stream().allMatch(j -> jars.get(j).isEmpty())) {
                    problems.add(SETTING + ": no jar in the directory " + entry + " lists an ActorTypeProvider in "
                            + SERVICE_FILE + " (jars: " + inDir.stream().map(j -> j.getFileName().toString()).toList() + ")");
                }
            } else if (Files.isRegularFile(entry)) {
                Path jar = entry.toAbsolutePath().normalize();
                jars.computeIfAbsent(jar, k -> providerNames(k, problems));
                mustProvide.add(jar);
            } else if (Files.exists(entry)) {
                problems.add(SETTING + ": " + entry + " is neither a jar file nor a directory");
            } else {
                problems.add(SETTING + ": " + entry + " does not exist (expected a jar file or a directory of jars)");
            }
        }
        for (Path jar : mustProvide) {
            if (jars.get(jar).isEmpty() && Files.isReadable(jar) && isJar(jar)) {
                problems.add(SETTING + ": " + jar + " lists no ActorTypeProvider: it has no " + SERVICE_FILE
                        + ", or the file names no class (one fully qualified class name per line)");
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        URLClassLoader loader = new URLClassLoader("loom-actor-jars", urls(jars.keySet().stream().toList()), parent);
        List<Loaded> types = new ArrayList<>();
        jars.forEach((jar, providers) -> {
            int before = types.size();
            int problemsBefore = problems.size();
            for (String name : providers) {
                instantiate(jar, name, loader, problems).ifPresent(p -> typesOf(jar, p, problems)
                        .forEach(t -> types.add(new Loaded(t, "provider " + name + " in " + jar))));
            }
            if (mustProvide.contains(jar) && types.size() == before && problems.size() == problemsBefore) {
                problems.add(SETTING + ": the providers of " + jar + " returned no actor types");
            }
        });
        if (!problems.isEmpty()) {
            closeLoader(loader);
            throw new ConfigException(problems);
        }
        return new ActorJars(loader, types);
    }

    private static List<Path> jarsIn(Path dir, List<String> problems) {
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> out = files.filter(f -> f.getFileName().toString().endsWith(".jar") && Files.isRegularFile(f))
                    .map(f -> f.toAbsolutePath().normalize()).sorted().toList();
            if (out.isEmpty()) {
                problems.add(SETTING + ": the directory " + dir + " holds no .jar file");
            }
            return out;
        } catch (IOException e) {
            problems.add(SETTING + ": cannot list the directory " + dir + ": " + e);
            return List.of();
        }
    }

    private static boolean isJar(Path file) {
        try (JarFile ignored = new JarFile(file.toFile())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The class names the jar's service file lists (comments after {@code #} and blank lines skipped). */
    private static List<String> providerNames(Path jar, List<String> problems) {
        if (!Files.isReadable(jar)) {
            problems.add(SETTING + ": " + jar + " is not readable by the server's user");
            return List.of();
        }
        try (JarFile file = new JarFile(jar.toFile())) {
            ZipEntry services = file.getEntry(SERVICE_FILE);
            if (services == null) {
                return List.of();
            }
            List<String> names = new ArrayList<>();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(file.getInputStream(services),
                    StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    int hash = line.indexOf('#');
                    String name = (hash >= 0 ? line.substring(0, hash) : line).trim();
                    if (!name.isEmpty()) {
                        names.add(name);
                    }
                }
            }
            return names;
        } catch (IOException e) {
            problems.add(SETTING + ": " + jar + " is not a readable jar file: " + e.getMessage());
            return List.of();
        }
    }

    private static URL[] urls(List<Path> jars) {
        try {
            URL[] out = new URL[jars.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = jars.get(i).toUri().toURL();
            }
            return out;
        } catch (MalformedURLException e) {
            throw new IllegalStateException("a file path did not convert to a URL", e);
        }
    }

    private static Optional<ActorTypeProvider> instantiate(Path jar, String name, ClassLoader loader,
                                                                     List<String> problems) {
        String where = SETTING + ": " + jar + " lists the provider " + name;
        Class<?> cls;
        try {
            cls = Class.forName(name, true, loader);
        } catch (ClassNotFoundException e) {
            problems.add(where + ", but no such class is in the jars");
            return Optional.empty();
        } catch (LinkageError e) {
            problems.add(where + ", whose class fails to load: " + describe(e) + hintFor(e));
            return Optional.empty();
        }
        if (cls.getClassLoader() != loader) {
            // Found by delegation: the class is the server's own, and the server's own actors are not the jar's.
            problems.add(where + ", but that class is on the server's class path, not in the jars");
            return Optional.empty();
        }
        if (!ActorTypeProvider.class.isAssignableFrom(cls)) {
            problems.add(where + ", which does not implement " + ActorTypeProvider.class.getName());
            return Optional.empty();
        }
        try {
            return Optional.of((ActorTypeProvider) cls.getConstructor().newInstance());
        } catch (NoSuchMethodException | IllegalAccessException e) {
            problems.add(where + ", which has no public no-argument constructor");
        } catch (InvocationTargetException e) {
            problems.add(where + ", whose constructor threw " + describe(e.getCause()));
        } catch (InstantiationException e) {
            problems.add(where + ", which is abstract");
        } catch (LinkageError e) {
            problems.add(where + ", which fails to initialise: " + describe(e) + hintFor(e));
        }
        return Optional.empty();
    }

    private static List<ActorType<?, ?>> typesOf(Path jar, ActorTypeProvider provider, List<String> problems) {
        String where = SETTING + ": " + provider.getClass().getName() + ".actorTypes() in " + jar;
        try {
            List<ActorType<?, ?>> types = provider.actorTypes();
            if (types == null) {
                problems.add(where + " returned null instead of a list");
                return List.of();
            }
            return types;
        } catch (RuntimeException e) {
            problems.add(where + " threw " + describe(e));
        } catch (LinkageError e) {
            problems.add(where + " failed to load a class: " + describe(e) + hintFor(e));
        }
        return List.of();
    }

    private static String describe(Throwable t) {
        return t.getClass().getName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }

    private static String hintFor(LinkageError e) {
        if (e instanceof UnsupportedClassVersionError) {
            return " (compiled for a newer Java than this server runs)";
        }
        if (e instanceof NoClassDefFoundError) {
            return " (a class it needs is missing: add the library's jar to actors.jars)";
        }
        return "";
    }

    private static void closeLoader(URLClassLoader loader) {
        try {
            loader.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close the actor jars' class loader", e);
        }
    }

    /** Closes the jars (after the runtime has stopped: no actor code runs any more). */
    @Override
    public void close() {
        closeLoader(loader);
    }
}
