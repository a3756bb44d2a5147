package dev.loom.client;

/** 401: no valid bearer token was sent (none, unknown, or expired). */
public final class UnauthorizedException extends LoomApiException {
    UnauthorizedException(ErrorBody error) {
        super(error);
    }
}
