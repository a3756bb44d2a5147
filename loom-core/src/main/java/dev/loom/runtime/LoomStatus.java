package dev.loom.runtime;

/** Lifecycle of a {@link Loom}. */
public enum LoomStatus {
    /** Built, not started. */
    NEW,
    /** Started; acquiring partitions. Sends are accepted. */
    STARTING,
    /** Running. */
    RUNNING,
    /** Stopping gracefully: no new sends, in-flight turns finishing. */
    DRAINING,
    /** Stopped. */
    STOPPED
}
