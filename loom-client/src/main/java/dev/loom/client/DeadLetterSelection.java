package dev.loom.client;

import java.util.List;
import java.util.Objects;

/**
 * The dead letters a redrive or purge applies to: given ids, those matching a filter, or all of them. The three
 * are distinct types so that "everything" is always said explicitly, never reached by an empty filter.
 */
public sealed interface DeadLetterSelection {
    /** These letters. */
    static DeadLetterSelection ids(List<String> ids) {
        return new Ids(ids);
    }

    /** The letters matching {@code filter}, which must set at least one field. */
    static DeadLetterSelection matching(DeadLetterFilter filter) {
        return new Matching(filter);
    }

    /** Every letter. */
    static DeadLetterSelection all() {
        return new All();
    }

    /** @param ids one or more letter ids */
    record Ids(List<String> ids) implements DeadLetterSelection {
        public Ids {
            ids = List.copyOf(ids);
            if (ids.isEmpty()) {
                throw new IllegalArgumentException("give at least one dead letter id");
            }
        }
    }

    /** @param filter a filter with at least one field set */
    record Matching(DeadLetterFilter filter) implements DeadLetterSelection {
        public Matching {
            Objects.requireNonNull(filter, "filter");
            if (filter.matchesAll()) {
                throw new IllegalArgumentException("a filter must set a queue, actor id or error type; use all() for every letter");
            }
        }
    }

    /** Every letter. */
    record All() implements DeadLetterSelection {
    }
}
