package dev.loom.client;

/**
 * Every failure of a {@link LoomClient} call: either the server answered with an error
 * ({@link LoomApiException} and its subtypes, one per error category of the API) or no answer came
 * ({@link ServerUnreachableException}). The hierarchy is sealed, so a {@code switch} over it can be exhaustive.
 */
public abstract sealed class LoomClientException extends RuntimeException
        permits LoomApiException, ServerUnreachableException {
    LoomClientException(String message, Throwable cause) {
        super(message, cause);
    }
}
