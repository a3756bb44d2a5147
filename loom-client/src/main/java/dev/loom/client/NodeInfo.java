package dev.loom.client;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * About the node that answered.
 *
 * @param version the Loom version
 * @param node    the node's id
 * @param store   the store's name
 * @param env     the environment ({@code development}, {@code production}...)
 * @param config  the effective configuration, secrets redacted
 */
public record NodeInfo(String version, String node, String store, String env, JsonNode config) {
}
