package dev.loom.store.sqlite;

/** How hard SQLite pushes each commit to the disk ({@code PRAGMA synchronous}). */
public enum SynchronousMode {
    /**
     * Every commit is synced to the disk before {@code commit} returns: a committed turn survives a process
     * crash and a power loss. The default.
     */
    FULL,
    /**
     * The write-ahead log is synced only at checkpoints. A committed turn still survives a crash of the
     * process, but the last commits before a power loss or an operating-system crash may be lost (the
     * database stays consistent; it just ends at an earlier commit). Faster on disks with slow fsync.
     */
    NORMAL
}
