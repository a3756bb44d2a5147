package dev.loom.http;

import dev.loom.actor.InvalidActorRefException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loom.json.SerializationException;
import dev.loom.pipeline.DefinitionConflictException;
import dev.loom.pipeline.DefinitionProblem;
import dev.loom.pipeline.IllegalRunTransitionException;
import dev.loom.pipeline.InvalidPipelineException;
import dev.loom.pipeline.UnknownPipelineException;
import dev.loom.pipeline.UnknownRunException;
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

    /** A 400 whose {@code field} is the first problem's and whose details list every problem with its stage. */
    private static ApiException invalidPipeline(InvalidPipelineException e) {
        ObjectNode details = JsonNodeFactory.instance.objectNode().put("pipeline", e.pipeline());
        ArrayNode problems = details.putArray("problems");
        e.problems().forEach(p -> problems.addObject().put("stage", p.stage()).put("field", p.field())
                .put("message", p.message()));
        DefinitionProblem first = e.problems().getFirst();
        String field = first.stage() == null ? first.field() : "stages[" + first.stage() + "]." + first.field();
        return ApiException.badField("invalid_pipeline", field, e.getMessage()).withDetails(details);
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
            case InvalidPipelineException e -> invalidPipeline(e);
            case UnknownPipelineException e -> new ApiException(404, "unknown_pipeline", e.getMessage());
            case UnknownRunException e -> new ApiException(404, "unknown_pipeline_run", e.getMessage());
            case DefinitionConflictException e -> new ApiException(409, "pipeline_version_conflict", e.getMessage());
            case IllegalRunTransitionException e -> new ApiException(409, "illegal_run_transition", e.getMessage())
                    .withDetails(JsonNodeFactory.instance.objectNode().put("runId", e.runId())
                            .put("operation", e.operation()).put("status", e.status().name()));
            case IllegalArgumentException e -> ApiException.badRequest(e.getMessage());
            default -> null;
        });
    }
}
