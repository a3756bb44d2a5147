package dev.loom.client;

/** 400: the request is malformed or a parameter or field is invalid, e.g. {@code malformed_json},
 * {@code invalid_message}, {@code unknown_message_type}, {@code invalid_actor_ref}, {@code invalid_backup};
 * {@link #field()} names the culprit when one is to blame. Repeating the request cannot succeed. */
public final class BadRequestException extends LoomApiException {
    BadRequestException(ErrorBody error) {
        super(error);
    }
}
