package dev.loom.server;

import dev.loom.actor.ActorType;
import dev.loom.actor.ActorTypeProvider;
import dev.loom.config.ActorPolicy;
import dev.loom.config.ActorSources;
import dev.loom.config.ConfigException;
import dev.loom.config.LoomConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The actor types one server runs, each with where it came from: the ones the embedding application gave
 * {@link LoomServer.Builder}, the example actors (the providers on the server's own class path, only when
 * {@code actors.examples} is true), and the jars of {@code actors.jars}; with the configured policies applied.
 *
 * <p>Nothing else is registered: a production server runs exactly the actors it is given, whatever else is on
 * its class path.
 */
final class ServerActors implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ServerActors.class);

    /** A type and a phrase naming its origin, for messages about clashes. */
    record Given(ActorType<?, ?> type, String origin) {
    }

    private final List<ActorType<?, ?>> types;
    private final Optional<ActorJars> jars;

    private ServerActors(List<ActorType<?, ?>> types, Optional<ActorJars> jars) {
        this.types = List.copyOf(types);
        this.jars = jars;
    }

    /** The types to register, policies applied, in registration order. */
    List<ActorType<?, ?>> types() {
        return types;
    }

    /**
     * Collects and checks every type.
     *
     * @param given  the types the embedding application passed in
     * @param parent the class loader of the server: where the example actors are looked for, and the actor jars'
     *               loader's parent
     * @throws ConfigException if a jar cannot be loaded, two types share a name, a type has a reserved name, a
     *                         configured policy names an unknown type or is impossible, or no type is left
     */
    static ServerActors assemble(LoomConfig config, List<Given> given, ClassLoader parent) {
        List<Given> all = new ArrayList<>(given);
        if (config.actorSources().examples()) {
            for (ActorTypeProvider p : ServiceLoader.load(ActorTypeProvider.class, parent)) {
                String origin = "the example provider " + p.getClass().getName()
                        + " on the server's class path (actors.examples)";
                try {
                    p.actorTypes().forEach(t -> all.add(new Given(t, origin)));
                } catch (RuntimeException e) {
                    throw new ConfigException(List.of(origin + ": " + e.getMessage()));
                }
            }
        }
        Optional<ActorJars> jars = config.actorSources().jars().isEmpty() ? Optional.empty()
                : Optional.of(ActorJars.load(config.actorSources().jars(), parent));
        jars.ifPresent(j -> j.types().forEach(t -> all.add(new Given(t.type(), t.origin()))));
        try {
            List<ActorType<?, ?>> types = check(config, all);
            return new ServerActors(types, jars);
        } catch (ConfigException e) {
            jars.ifPresent(ActorJars::close);
            throw e;
        }
    }

    private static List<ActorType<?, ?>> check(LoomConfig config, List<Given> all) {
        List<String> problems = new ArrayList<>();
        Map<String, Given> byName = new LinkedHashMap<>();
        for (Given g : all) {
            String name = g.type().name();
            if (ActorSources.RESERVED_NAMES.contains(name)) {
                problems.add("actor type '" + name + "' (from " + g.origin() + ") has the name of the setting actors."
                        + name + ", so its policies could not be configured; rename the type");
                continue;
            }
            Given first = byName.putIfAbsent(name, g);
            if (first != null) {
                problems.add("actor type '" + name + "' is defined twice: by " + first.origin() + " and by " + g.origin()
                        + "; each type name must be unique"
                        + (config.actorSources().examples() ? " (set LOOM_ACTORS_EXAMPLES=false to leave the example"
                        + " actors out)" : ""));
            }
        }
        Map<String, ActorType<?, ?>> types = new LinkedHashMap<>();
        byName.forEach((name, g) -> types.put(name, g.type()));
        config.actors().forEach((name, policy) -> apply(name, policy, types, problems));
        if (types.isEmpty() && problems.isEmpty()) {
            problems.add("no actor types to run: a " + config.env().label() + " server registers only the actors it is"
                    + " given; set actors.jars (LOOM_ACTORS_JARS) to your actor jars or a directory of them"
                    + (config.actorSources().examples() ? "" : ", or, in development, actors.examples: true"));
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        LOG.info("actor types: {}", types.keySet());
        return List.copyOf(types.values());
    }

    private static void apply(String name, ActorPolicy policy, Map<String, ActorType<?, ?>> types, List<String> problems) {
        ActorType<?, ?> type = types.get(name);
        if (type == null) {
            problems.add("actors." + name + ": no actor type '" + name + "' is registered; known: "
                    + new TreeSet<>(types.keySet()));
            return;
        }
        try {
            types.put(name, policy.applyTo(type));
        } catch (IllegalArgumentException e) {
            problems.add("actors." + name + ": " + e.getMessage());
        }
    }

    /** Closes the actor jars' class loader; call once the runtime has stopped. */
    @Override
    public void close() {
        jars.ifPresent(ActorJars::close);
    }
}
