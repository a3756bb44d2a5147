package dev.loom.store.postgres;

import dev.loom.spi.Envelope;
import dev.loom.spi.TimerRequest;
import java.util.List;
import java.util.Optional;

/** The store's partitions {@code 0..count-1}: where a message or timer may go. */
record PartitionRange(int count) {
    /** Why a message for {@code e} cannot be stored, if it cannot. */
    Optional<String> problemWith(Envelope e) {
        if (e.partition() >= count) {
            return Optional.of("message " + e.messageId() + " for " + e.target() + " names partition "
                    + e.partition() + ", but the store has partitions 0.." + (count - 1));
        }
        return Optional.empty();
    }

    /** The first problem with any of these messages and timers, if any. */
    Optional<String> problemWith(List<Envelope> messages, List<TimerRequest> timers) {
        for (Envelope e : messages) {
            Optional<String> problem = problemWith(e);
            if (problem.isPresent()) {
                return problem;
            }
        }
        for (TimerRequest t : timers) {
            Optional<String> problem = problemWith(t.envelope());
            if (problem.isPresent()) {
                return problem;
            }
        }
        return Optional.empty();
    }

    /** @throws IllegalArgumentException if a message or timer names a partition the store does not have */
    void check(List<Envelope> messages, List<TimerRequest> timers) {
        problemWith(messages, timers).ifPresent(problem -> {
            throw new IllegalArgumentException(problem);
        });
    }

    /** @throws IllegalArgumentException if the partition does not exist */
    void check(int partition) {
        if (partition < 0 || partition >= count) {
            throw new IllegalArgumentException("partition " + partition + " does not exist; the store has partitions 0.."
                    + (count - 1));
        }
    }
}
