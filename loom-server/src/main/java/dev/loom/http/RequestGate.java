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
    private final RateLimiter perClient;
    private final RateLimiter perToken;

    public RequestGate(LoomConfig config) {
        this.authenticator = new TokenAuthenticator(config.tokens());
        this.perClient = new RateLimiter(config.rateLimits().perClient(), "client address", System::nanoTime);
        this.perToken = new RateLimiter(config.rateLimits().perToken(), "token", System::nanoTime);
    }

    /**
     * Counts a request that matched no route against its client address, so that floods of bad paths are
     * limited like any other traffic.
     *
     * @throws ApiException 429
     */
    public void admitUnrouted(String clientAddress) {
        perClient.acquire(clientAddress);
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
        Caller caller = authenticator.authenticate(authorization);
        perToken.acquire(caller.id());
        Authorizer.check(caller, route.access(), params);
        return caller;
    }
}
