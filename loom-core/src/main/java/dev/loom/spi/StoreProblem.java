package dev.loom.spi;

/**
 * A problem {@link StoreProvider#validate(StoreSettings)} found in a provider's settings.
 *
 * @param key     the setting it concerns, relative to {@code store.<provider>} ({@code url}); the configuration
 *                layer reports it as {@code store.<provider>.<key>}
 * @param message what is wrong and what would be right ("expected a jdbc:postgresql: URL, got mysql://...")
 */
public record StoreProblem(String key, String message) {
}
