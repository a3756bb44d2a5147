package dev.loom.http;

import dev.loom.config.LoomConfig;
import dev.loom.http.auth.Authorizer;
import dev.loom.http.auth.TokenAuthenticator;
import dev.loom.http.limits.RateLimiter;
import java.util.Map;
import java.util.Optional;

/**
 * Admission of a matched request: the per-address rate limit, authentication, the per-token rate limit and
 * authorization, in that order.
 */
public final class RequestGate {
    private final TokenAuthenticator authenticator;
    private final boolean open;
    private final RateLimiter perClient;
    private final RateLimiter perToken;

    public RequestGate(LoomConfig config) {
        this.authenticator = new TokenAuthenticator(config.tokens());
        this.open = config.openAccess();
        this.perClient = new RateLimiter(config.rateLimits().perClient(), "client address", System::nanoTime);
        this.perToken = new RateLimiter(config.rateLimits().perToken(), "token", System::nanoTime);
    }

    /**
     * The caller, if admitted.
     *
     * @throws ApiException 429, 401 or 403
     */
    public Caller admit(Route route, Map<String, String> params, String clientAddress, Optional<String> authorization) {
        boolean probe = route.template().text().startsWith("/health");
        if (!probe) {
            perClient.acquire(clientAddress);
        }
        if (route.access() == Access.PUBLIC) {
            return Caller.ANONYMOUS;
        }
        if (open) {
            return Caller.OPEN;
        }
        Caller caller = authenticator.authenticate(authorization);
        perToken.acquire(caller.id());
        Authorizer.check(caller, route.access(), params);
        return caller;
    }
}
