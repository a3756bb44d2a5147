package dev.loom.client;

/**
 * An answer outside the contract: a 500 (a server bug), a status the API does not use, a body that is not a Loom
 * error (a proxy's error page: {@link #code()} is {@code http_error}), or a success whose body does not parse
 * ({@code invalid_response}).
 */
public final class UnexpectedResponseException extends LoomApiException {
    UnexpectedResponseException(ErrorBody error) {
        super(error);
    }
}
