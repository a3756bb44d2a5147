package dev.loom.client;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Objects;

/**
 * The address of an actor: its type and its id within the type. Actors are virtual, so any address names an
 * actor that exists as soon as a message is sent to it.
 *
 * <p>Only the shape is checked here (both parts non-empty, no {@code /} in either); the server checks the
 * character rules and answers {@link BadRequestException} ({@code invalid_actor_ref}) for an address it refuses.
 *
 * @param type the actor type's name, e.g. {@code counter}
 * @param id   the actor's id, e.g. {@code c1}
 */
public record ActorAddress(String type, String id) {
    /**
     * @throws IllegalArgumentException if a part is empty or contains {@code /}
     */
    public ActorAddress {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(id, "id");
        if (type.isEmpty() || id.isEmpty() || type.contains("/") || id.contains("/")) {
            throw new IllegalArgumentException("an actor address is a non-empty type and id without '/': '"
                    + type + "', '" + id + "'");
        }
    }

    /** Same as the canonical constructor. */
    public static ActorAddress of(String type, String id) {
        return new ActorAddress(type, id);
    }

    /**
     * Parses {@code type/id}, the form the API and the CLI write addresses in.
     *
     * @throws IllegalArgumentException if {@code text} is not {@code type/id}
     */
    @JsonCreator
    public static ActorAddress parse(String text) {
        int slash = text.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("expected an actor address as type/id, e.g. counter/c1: '" + text + "'");
        }
        return new ActorAddress(text.substring(0, slash), text.substring(slash + 1));
    }

    /** {@code type/id}. */
    @JsonValue
    @Override
    public String toString() {
        return type + "/" + id;
    }
}
