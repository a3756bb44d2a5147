package dev.loom.client;

/** 504 {@code ask_timeout}: no reply came within the ask timeout. The message stays accepted and will
 * be processed; ask again with the same idempotency key to get its reply once it is committed. */
public final class AskTimeoutException extends LoomApiException {
    AskTimeoutException(ErrorBody error) {
        super(error);
    }
}
