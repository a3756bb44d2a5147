package dev.loom.pipeline;

/**
 * The message of a definition actor: adds a version. Answered with {@code "registered"}, {@code "unchanged"} (the
 * same content was registered before) or {@code "conflict"} (the version exists with other content; nothing changed).
 *
 * @param definition the version to add, already validated
 */
public record RegisterVersion(PipelineDefinition definition) {
    static final String REGISTERED = "registered";
    static final String UNCHANGED = "unchanged";
    static final String CONFLICT = "conflict";
}
