package dev.loom.client;

import java.util.List;
import java.util.Optional;

/**
 * A page of dead letters, ordered by id.
 *
 * @param items the letters
 * @param next  the {@code after} of the next page, or {@code null} on the last page
 * @param total how many letters match the filter in all
 */
public record DeadLetterPage(List<DeadLetter> items, String next, long total) {
    public DeadLetterPage {
        items = items == null ? List.of() : List.copyOf(items);
    }

    /** The {@code after} of the next page; empty on the last page. */
    public Optional<String> nextAfter() {
        return Optional.ofNullable(next);
    }
}
