package dev.loom.actor;

/** Thrown when an actor type name or id is malformed. The message names the bad part and the rule. */
public final class InvalidActorRefException extends IllegalArgumentException {
    public InvalidActorRefException(String message) {
        super(message);
    }
}
