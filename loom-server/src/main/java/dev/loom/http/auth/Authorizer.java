package dev.loom.http.auth;

import dev.loom.http.Access;
import dev.loom.http.ApiException;
import dev.loom.http.Caller;
import java.util.Map;

/** Decides whether a caller may use a route with the given path parameters (role, then scope). */
public final class Authorizer {
    private Authorizer() {
    }

    /**
     * @throws ApiException 403 when the caller's role is below the route's or the actor is outside its scope
     */
    public static void check(Caller caller, Access access, Map<String, String> params) {
        access.requiredRole().ifPresent(required -> {
            if (!caller.role().includes(required)) {
                throw BearerChallenge.insufficientScope("this route needs the " + required.label()
                        + " role; the token has " + caller.role().label());
            }
        });
        String type = params.get("type");
        if (type != null && !caller.scope().permitsType(type)) {
            throw BearerChallenge.insufficientScope("the token's scope does not include actor type '" + type + "'");
        }
        String id = params.get("id");
        if (id != null && type != null && !caller.scope().permitsId(id)) {
            throw BearerChallenge.insufficientScope("the token's scope does not include actor id '" + id
                    + "' (ids must start with its scope's prefix)");
        }
    }
}
