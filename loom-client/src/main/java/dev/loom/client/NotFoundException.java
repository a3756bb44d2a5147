package dev.loom.client;

/** 404: the actor type ({@code unknown_actor_type}), dead letter, breaker or journal seq
 * ({@code not_found}) does not exist. */
public final class NotFoundException extends LoomApiException {
    NotFoundException(ErrorBody error) {
        super(error);
    }
}
