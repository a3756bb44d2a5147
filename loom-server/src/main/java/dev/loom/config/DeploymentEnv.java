package dev.loom.config;

/** Where the server runs; production turns configuration warnings into refusals. */
public enum DeploymentEnv {
    DEVELOPMENT, PRODUCTION;

    /** The lower-case name used in configuration. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
