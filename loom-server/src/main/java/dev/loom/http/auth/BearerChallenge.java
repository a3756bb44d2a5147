package dev.loom.http.auth;

import dev.loom.http.ApiException;

/**
 * The {@code WWW-Authenticate} challenges of RFC 6750 §3 that Loom's 401 and 403 responses carry, so that a client
 * learns the scheme it must use and why its credentials were refused.
 */
public final class BearerChallenge {
    /** The protection space named in every challenge. */
    public static final String REALM = "loom";
    static final String HEADER = "WWW-Authenticate";

    private BearerChallenge() {
    }

    /** 401 for a request without credentials: no error code, as §3.1 asks when no token was sent. */
    static ApiException missing(String message) {
        return new ApiException(401, "unauthorized", message).withHeader(HEADER, "Bearer realm=\"" + REALM + "\"");
    }

    /** 401 for a malformed or unknown token ({@code error="invalid_token"}). */
    public static ApiException invalidToken(String message) {
        return new ApiException(401, "unauthorized", message).withHeader(HEADER,
                "Bearer realm=\"" + REALM + "\", error=\"invalid_token\"");
    }

    /** 403 for a valid token whose role or scope does not cover the request ({@code error="insufficient_scope"}). */
    public static ApiException insufficientScope(String message) {
        return new ApiException(403, "forbidden", message).withHeader(HEADER,
                "Bearer realm=\"" + REALM + "\", error=\"insufficient_scope\"");
    }
}
