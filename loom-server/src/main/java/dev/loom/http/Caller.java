package dev.loom.http;

import dev.loom.config.Role;
import dev.loom.config.TokenScope;

/**
 * Who made a request.
 *
 * @param id    a label safe to log and to key rate limits by ({@code token-2}, or {@code anonymous}); never the secret
 * @param role  what it may do
 * @param scope which actors it may touch
 */
public record Caller(String id, Role role, TokenScope scope) {
    /** A caller without a token on a public route. */
    public static final Caller ANONYMOUS = new Caller("anonymous", Role.READER, TokenScope.UNRESTRICTED);
}
