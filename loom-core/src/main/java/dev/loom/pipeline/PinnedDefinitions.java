package dev.loom.pipeline;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The definitions runs are pinned to, by name and version, as this node knows them. A run's state names its
 * definition instead of holding a copy: a version never changes once registered (registering it again with other
 * content is a {@link DefinitionConflictException}) and its definition actor keeps it durably, so the name and
 * version are as good as the copy and far smaller to convert, compare and store on every turn.
 *
 * <p>A version unknown here (the run was started on another node, or before a restart) is read from its
 * definition actor's committed state the first time it is needed, and kept.
 */
final class PinnedDefinitions {
    private final Map<String, Map<Integer, PipelineDefinition>> known = new ConcurrentHashMap<>();
    private volatile Function<String, DefinitionVersions> store;

    /** Reads a definition actor's committed versions by name; set once the node's pipeline API exists. */
    void readFrom(Function<String, DefinitionVersions> definitionActors) {
        this.store = definitionActors;
    }

    /** Keeps {@code definition}, read from its definition actor. */
    void remember(PipelineDefinition definition) {
        known.computeIfAbsent(definition.name(), n -> new ConcurrentHashMap<>()).putIfAbsent(definition.version(), definition);
    }

    /**
     * Version {@code version} (at least 1) of pipeline {@code name}.
     *
     * @throws IllegalStateException if its definition actor does not hold it: the store lost a committed
     *                               registration, or the node's pipeline API was never created
     */
    PipelineDefinition get(String name, int version) {
        Map<Integer, PipelineDefinition> versions = known.get(name);
        PipelineDefinition definition = versions == null ? null : versions.get(version);
        if (definition != null) {
            return definition;
        }
        Function<String, DefinitionVersions> read = store;
        if (read == null) {
            throw new IllegalStateException("pipeline definitions cannot be read before the node's pipeline API exists");
        }
        DefinitionVersions stored = read.apply(name);
        stored.versions().forEach(this::remember);
        if (version < 1 || stored.version(version).isEmpty()) {
            throw new IllegalStateException("a run is pinned to version " + version + " of pipeline '" + name
                    + "', which its definition actor (" + PipelineRuntime.DEFINITION_TYPE + "/" + name
                    + ") does not hold; it holds " + stored.versions().size() + " version(s)");
        }
        return stored.version(version).orElseThrow();
    }
}
