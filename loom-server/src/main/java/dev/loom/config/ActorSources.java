package dev.loom.config;

import java.nio.file.Path;
import java.util.List;

/**
 * Where a server's actor types come from, besides the ones an embedding application passes to
 * {@code LoomServer.builder()}.
 *
 * @param jars     {@code actors.jars}: jar files, or directories whose {@code *.jar} files are all loaded, in one
 *                 class loader of their own; each provides actor types through
 *                 {@code META-INF/services/dev.loom.actor.ActorTypeProvider}
 * @param examples {@code actors.examples}: also register the {@code ActorTypeProvider}s on the server's own class
 *                 path (in the Loom distribution, the example actors); true by default in development, refused
 *                 in production
 */
public record ActorSources(List<Path> jars, boolean examples) {
    /** The names under {@code actors:} that are these settings, so no actor type can be configured under them. */
    public static final List<String> RESERVED_NAMES = List.of("jars", "examples");

    public ActorSources {
        jars = List.copyOf(jars);
    }
}
