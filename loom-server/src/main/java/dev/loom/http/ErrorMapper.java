package dev.loom.http;

import dev.loom.actor.InvalidActorRefException;
import dev.loom.json.SerializationException;
import dev.loom.runtime.AskTimeoutException;
import dev.loom.runtime.InvalidMessageException;
import dev.loom.runtime.LoomUnavailableException;
import dev.loom.runtime.MessageDeadLetteredException;
import dev.loom.runtime.PartitionNotHeldException;
import dev.loom.runtime.StateUnavailableException;
import dev.loom.runtime.UnknownActorTypeException;
import dev.loom.runtime.UnknownMessageTypeException;
import dev.loom.backup.BackupFormatException;
import dev.loom.spi.BackupRefusedException;
import dev.loom.spi.StoreException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import java.util.Optional;

/** Maps the runtime's exceptions to the contract's error responses; anything unknown is a 500 (a bug). */
public final class ErrorMapper {
    private ErrorMapper() {
    }

    /** The error response for {@code t}, or empty when {@code t} is unexpected (a bug: 500). */
    public static Optional<ApiException> map(Throwable t) {
        return Optional.ofNullable(switch (t) {
            case ApiException e -> e;
            case UnknownActorTypeException e -> new ApiException(404, "unknown_actor_type", e.getMessage());
            case UnknownMessageTypeException e -> new ApiException(400, "unknown_message_type", e.getMessage());
            case InvalidMessageException e -> new ApiException(400, "invalid_message", e.getMessage());
            case SerializationException e -> new ApiException(400, "invalid_message", e.getMessage());
            case InvalidActorRefException e -> new ApiException(400, "invalid_actor_ref", e.getMessage());
            case AskTimeoutException e -> new ApiException(504, "ask_timeout", e.getMessage());
            case MessageDeadLetteredException e -> new ApiException(409, "dead_lettered", e.getMessage());
            case LoomUnavailableException e -> new ApiException(503, "unavailable", e.getMessage());
            case StateUnavailableException e -> new ApiException(409, "state_unavailable", e.getMessage());
            case PartitionNotHeldException e -> new ApiException(409, "partition_not_held", e.getMessage());
            case BackupRefusedException e -> new ApiException(409, "backup_refused", e.getMessage());
            case BackupFormatException e -> new ApiException(400, "invalid_backup", e.getMessage());
            case StoreException e -> new ApiException(503, "store_unavailable", "the store is unavailable: " + e.getMessage());
            case CallNotPermittedException e -> new ApiException(503, "store_unavailable", e.getMessage()
                    + "; retry after the breaker's open timeout");
            case IllegalArgumentException e -> ApiException.badRequest(e.getMessage());
            default -> null;
        });
    }
}
