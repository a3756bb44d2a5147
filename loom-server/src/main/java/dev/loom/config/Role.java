package dev.loom.config;

/** What a token may do; each role includes the ones before it. */
public enum Role {
    /** Read actor state, journals and types. */
    READER,
    /** Reader, plus send and ask. */
    WRITER,
    /** Everything, including /api/admin. */
    ADMIN;

    /** Whether this role includes {@code required}. */
    public boolean includes(Role required) {
        return compareTo(required) >= 0;
    }

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
