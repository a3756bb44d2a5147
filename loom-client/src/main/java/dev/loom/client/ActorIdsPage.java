package dev.loom.client;

import java.util.List;
import java.util.Optional;

/**
 * A page of the ids of one actor type's actors, in order (only those within the token's id prefix).
 *
 * @param type the actor type
 * @param ids  the ids
 * @param next the {@code after} of the next page, or {@code null} on the last page
 */
public record ActorIdsPage(String type, List<String> ids, String next) {
    public ActorIdsPage {
        ids = ids == null ? List.of() : List.copyOf(ids);
    }

    /** The {@code after} of the next page; empty on the last page. */
    public Optional<String> nextAfter() {
        return Optional.ofNullable(next);
    }
}
