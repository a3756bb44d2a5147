package dev.loom.spi;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** The dead-letter queue. Letters arrive by {@link Write.DeadLettered}; operators read, redrive, purge. */
public interface DeadLetterStore {
    /** Letters matching the query, ordered by id, at most {@code query.limit()}. */
    List<DeadLetter> list(DeadLetterQuery query);

    /** Number of letters matching the query's filter (cursor and limit ignored). */
    long count(DeadLetterQuery query);

    Optional<DeadLetter> get(String id);

    /**
     * For each id that exists, atomically deletes the letter and enqueues its message to its original
     * queue with attempts reset and its recorded steps kept. Unknown ids are skipped.
     *
     * @return the redriven letters' ids
     */
    List<String> redrive(Collection<String> ids);

    /** Deletes the letters with these ids; returns how many existed. */
    int purge(Collection<String> ids);
}
