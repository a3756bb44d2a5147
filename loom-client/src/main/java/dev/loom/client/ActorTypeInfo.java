package dev.loom.client;

import java.time.Duration;
import java.util.List;

/**
 * A registered actor type.
 *
 * @param name           the type's name
 * @param messageTypes   the names of its message types
 * @param retry          how a failing message is retried before it is dead-lettered
 * @param snapshotEvery  a snapshot every this many turns (0: never)
 * @param retainJournal  whether the whole journal is kept for audit
 * @param passivateAfter the idle time after which an actor of the type is passivated, or {@code null} for the default
 */
public record ActorTypeInfo(String name, List<String> messageTypes, Retry retry, long snapshotEvery,
                            boolean retainJournal, Duration passivateAfter) {
    public ActorTypeInfo {
        messageTypes = messageTypes == null ? List.of() : List.copyOf(messageTypes);
    }

    /**
     * @param maxAttempts  attempts before dead-lettering
     * @param initialDelay the first backoff
     * @param maxDelay     the longest backoff
     * @param multiplier   the backoff's growth per attempt
     */
    public record Retry(int maxAttempts, Duration initialDelay, Duration maxDelay, double multiplier) {
    }
}
