package dev.loom.runtime;

import dev.loom.actor.ActorRef;
import java.util.Optional;

/**
 * An actor's journal (or snapshot) no longer folds into its actor type's state class: the class changed in a way
 * the stored JSON cannot follow (a field renamed without keeping its JSON name, a changed type, a field removed
 * without being ignored). The message names the actor, the journal seq that wrote the offending value (0 for the
 * initial state, or the seq of the snapshot it came from) and the field, and points to "Evolving actors" in
 * docs/ARCHITECTURE.md.
 *
 * <p>Activation fails with it, so the actor's messages are retried and then dead-lettered with this message until a
 * state class that reads the journal is deployed; state reads fail with it too. Nothing stored is changed.
 */
public final class IncompatibleStateException extends StateUnavailableException {
    private final ActorRef actor;
    private final long seq;
    private final String field;

    IncompatibleStateException(ActorRef actor, long seq, String field, String message, Throwable cause) {
        super(message, cause);
        this.actor = actor;
        this.seq = seq;
        this.field = field;
    }

    /** The actor whose state cannot be rebuilt. */
    public ActorRef actor() {
        return actor;
    }

    /** The journal entry (or snapshot) seq that wrote the value that does not fit; 0 for the initial state. */
    public long seq() {
        return seq;
    }

    /** The JSON path of the field, when known ({@code address.city}, {@code /items/2} for a patch path). */
    public Optional<String> field() {
        return Optional.ofNullable(field);
    }
}
