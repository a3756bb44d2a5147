package dev.loom.http;

import dev.loom.config.Role;
import java.util.Optional;

/** Who may call a route. */
public enum Access {
    /** Anyone, without a token (probes, metrics, the OpenAPI document). */
    PUBLIC(null),
    /** Reader role or above. */
    READ(Role.READER),
    /** Writer role or above. */
    WRITE(Role.WRITER),
    /** Admin role. */
    ADMIN(Role.ADMIN);

    private final Role role;

    Access(Role role) {
        this.role = role;
    }

    /** The role required, empty for public routes. */
    public Optional<Role> requiredRole() {
        return Optional.ofNullable(role);
    }
}
