package dev.loom.delivery;

import dev.loom.spi.DeadLetter;
import dev.loom.spi.DeadLetterQuery;
import dev.loom.spi.DeadLetterStore;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The operator's view of dead letters: list, inspect, redrive and purge. Redrive returns a message to its
 * original queue with attempts reset (its recorded durable steps are kept, so a recorded side effect is not
 * repeated) and wakes the node that holds it.
 */
public interface DeadLetterQueue {
    /**
     * The dead letters of {@code store}.
     *
     * @param onRedrive run after every redrive that moved letters back to their queues (wakes the node's workers)
     */
    static DeadLetterQueue over(DeadLetterStore store, Runnable onRedrive) {
        return new StoreDeadLetterQueue(store, onRedrive);
    }

    /** One page of letters matching {@code query}, ordered by id. */
    List<DeadLetter> list(DeadLetterQuery query);

    /** How many letters match the query's filter. */
    long count(DeadLetterQuery query);

    Optional<DeadLetter> get(String id);

    /** Redrives the letters with these ids; returns the ids redriven (unknown ids are skipped). */
    List<String> redrive(Collection<String> ids);

    /**
     * Redrives every letter matching the query's filter when the call begins (all pages); returns how many. A
     * redriven message that is dead-lettered again while the call runs is not redriven again by it.
     */
    long redriveMatching(DeadLetterQuery query);

    /** Deletes the letters with these ids; returns how many existed. */
    int purge(Collection<String> ids);

    /** Deletes every letter matching the query's filter when the call begins (all pages); returns how many. */
    long purgeMatching(DeadLetterQuery query);
}
