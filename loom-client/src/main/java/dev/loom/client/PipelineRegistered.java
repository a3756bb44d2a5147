package dev.loom.client;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A registered pipeline definition.
 *
 * @param created    whether the version is new; {@code false} when the same content was registered before
 * @param definition the definition as stored, in its JSON form
 */
public record PipelineRegistered(boolean created, JsonNode definition) {
}
