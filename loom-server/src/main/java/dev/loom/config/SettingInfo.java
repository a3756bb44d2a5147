package dev.loom.config;

/**
 * One configuration setting, as documented in docs/CONFIGURATION.md.
 *
 * @param path         its path in loom.yaml ({@code runtime.leaseTtl}; {@code <type>} stands for an actor type)
 * @param envVar       the environment variable that overrides it
 * @param defaultValue its default, as text ("" when it has none)
 */
public record SettingInfo(String path, String envVar, String defaultValue) {
}
