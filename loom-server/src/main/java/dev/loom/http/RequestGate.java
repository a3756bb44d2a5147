package dev.loom.http;

import dev.loom.config.LoomConfig;
import dev.loom.http.auth.Authorizer;
import dev.loom.http.auth.TokenAuthenticator;
import dev.loom.http.limits.RateLimiter;
import java.util.Map;
import java.util.Optional;

/**
 * Admission of a matched request: authentication, then the per-token rate limit for an authenticated caller
 * or the per-address one for anyone else (public endpoints, a missing or invalid token), then authorization.
 * An authenticated caller is not also held to the per-address limit: many callers share an address behind a
 * proxy, and one service calling with its token is sized by the per-token limit.
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
        if (route.access() == Access.PUBLIC) {
            if (!route.template().text().startsWith("/health")) {
                perClient.acquire(clientAddress);
            }
            return Caller.ANONYMOUS;
        }
        Caller caller;
        try {
            caller = authenticator.authenticate(authorization);
        } catch (ApiException unauthorized) {
            // Failed attempts count against the address, so token guessing is slowed down (429 once over).
            perClient.acquire(clientAddress);
            throw unauthorized;
        }
        perToken.acquire(caller.id());
        Authorizer.check(caller, route.access(), params);
        return caller;
    }
}
