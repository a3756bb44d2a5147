package dev.loom.spi;

/**
 * A subscription to a store's hints ({@link IdempotencyStore#watchReplies}, {@link LeaseStore#watchMembership}).
 */
@FunctionalInterface
public interface HintSubscription extends AutoCloseable {
    /** A subscription that never hears anything (the stores' defaults). */
    HintSubscription NONE = () -> { };

    /** Stops the calls; idempotent, never throws. */
    @Override
    void close();
}
