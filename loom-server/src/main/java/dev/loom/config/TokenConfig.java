package dev.loom.config;

/**
 * One API token.
 *
 * @param secret where its value comes from (never logged)
 * @param role   what it may do
 * @param scope  which actors it may touch
 */
public record TokenConfig(SecretRef secret, Role role, TokenScope scope) {
}
