package dev.loom.pipeline;

import java.util.List;
import java.util.Optional;

/**
 * The state of a definition actor ({@code loom.pipeline-definition/<name>}): every registered version, ascending.
 *
 * @param versions the versions
 */
record DefinitionVersions(List<PipelineDefinition> versions) {
    static final DefinitionVersions NONE = new DefinitionVersions(List.of());

    DefinitionVersions {
        versions = versions == null ? List.of() : List.copyOf(versions);
    }

    Optional<PipelineDefinition> version(int version) {
        if (version == 0) {
            return versions.isEmpty() ? Optional.empty() : Optional.of(versions.getLast());
        }
        return versions.stream().filter(d -> d.version() == version).findFirst();
    }
}
