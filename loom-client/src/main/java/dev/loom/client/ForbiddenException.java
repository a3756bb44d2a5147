package dev.loom.client;

/** 403: the token's role is below the route's (e.g. a reader token on an admin route), or the actor is
 * outside the token's scope. */
public final class ForbiddenException extends LoomApiException {
    ForbiddenException(ErrorBody error) {
        super(error);
    }
}
