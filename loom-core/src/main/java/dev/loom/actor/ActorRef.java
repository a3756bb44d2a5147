package dev.loom.actor;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The address of a virtual actor: its type name and its id. Actors are virtual, so every well-formed
 * reference names an actor that exists; the runtime activates it on its first message.
 *
 * <p>A type name is 1–64 characters of lower-case letters, digits, {@code .}, {@code _} and {@code -},
 * starting with a letter. An id is 1–200 characters of letters, digits and {@code . _ - : @ ~ +}.
 *
 * @param type the actor type name, as registered with {@link ActorType}
 * @param id   the actor's id within its type
 */
public record ActorRef(String type, String id) {
    private static final Pattern TYPE = Pattern.compile("[a-z][a-z0-9._-]{0,63}");
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:@~+-]{1,200}");

    /**
     * @throws InvalidActorRefException if the type or id is malformed; the message says which and why
     */
    public ActorRef {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(id, "id");
        if (!TYPE.matcher(type).matches()) {
            throw new InvalidActorRefException("invalid actor type '" + type
                    + "': expected 1-64 characters [a-z0-9._-] starting with a letter");
        }
        if (!ID.matcher(id).matches()) {
            throw new InvalidActorRefException("invalid actor id '" + truncate(id)
                    + "': expected 1-200 characters [A-Za-z0-9._:@~+-]");
        }
    }

    /** Shorthand for {@code new ActorRef(type, id)}. */
    public static ActorRef of(String type, String id) {
        return new ActorRef(type, id);
    }

    /**
     * Parses the {@code type/id} form produced by {@link #toString()}.
     *
     * @throws InvalidActorRefException if the text has no {@code /} or either part is malformed
     */
    public static ActorRef parse(String text) {
        int slash = text == null ? -1 : text.indexOf('/');
        if (slash < 0) {
            throw new InvalidActorRefException("invalid actor reference '" + text + "': expected type/id");
        }
        return new ActorRef(text.substring(0, slash), text.substring(slash + 1));
    }

    private static String truncate(String s) {
        return s.length() > 64 ? s.substring(0, 64) + "..." : s;
    }

    /** Returns {@code type/id}. */
    @Override
    public String toString() {
        return type + "/" + id;
    }
}
