package dev.loom.client;

/**
 * 409: the request conflicts with the current state; {@link #code()} says how: {@code dead_lettered} (an ask
 * whose message was dead-lettered), {@code state_unavailable}, {@code partition_not_held} (another node holds the
 * actor's partition), {@code backup_refused} (importing into a store that holds data), or a trim beyond the latest
 * snapshot.
 */
public final class ConflictException extends LoomApiException {
    ConflictException(ErrorBody error) {
        super(error);
    }
}
