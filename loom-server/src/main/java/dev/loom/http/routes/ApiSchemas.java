package dev.loom.http.routes;

import static dev.loom.http.JsonSchema.any;
import static dev.loom.http.JsonSchema.arrayOf;
import static dev.loom.http.JsonSchema.bool;
import static dev.loom.http.JsonSchema.exactlyOne;
import static dev.loom.http.JsonSchema.integer;
import static dev.loom.http.JsonSchema.nullable;
import static dev.loom.http.JsonSchema.number;
import static dev.loom.http.JsonSchema.object;
import static dev.loom.http.JsonSchema.oneOfStrings;
import static dev.loom.http.JsonSchema.string;
import static dev.loom.http.JsonSchema.timestamp;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loom.http.JsonSchema;
import dev.loom.http.Operation.Parameter;
import dev.loom.pipeline.RunStatus;
import dev.loom.pipeline.StageStatus;
import dev.loom.pipeline.TimelineEvent;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The named schemas of the contract, shared by several routes or big enough to deserve a name: the shapes
 * {@link JsonViews}, {@link MessageRequest} and {@link DeadLetterSelection} read and write, the error body, and
 * the path parameters naming an actor.
 */
final class ApiSchemas {
    private static final Map<String, ObjectNode> COMPONENTS = new LinkedHashMap<>();

    static final ObjectNode ERROR = define("Error", object()
            .required("error", string().put("description", "Machine-readable code, e.g. `bad_request`, `not_found`,"
                    + " `unknown_actor_type`, `rate_limited`"))
            .required("message", string().put("description", "What is wrong and what to do about it"))
            .optional("field", string().put("description", "The parameter, header or body field at fault"))
            .optional("details", any().put("description", "More about the error, when there is more"))
            .build());

    static final ObjectNode JOURNAL_ENTRY = define("JournalEntry", object()
            .required("seq", integer().put("minimum", 1))
            .required("messageId", string())
            .required("messageType", string())
            .required("idempotencyKey", nullable(string()))
            .required("patch", any().put("description", "RFC 6902 JSON Patch from the previous state to the new one"))
            .required("traceparent", nullable(string()))
            .required("committedAt", timestamp())
            .build());

    static final ObjectNode ENVELOPE = define("Envelope", object()
            .required("messageId", string())
            .required("actor", string().put("description", "type/id"))
            .required("partition", integer().put("minimum", 0))
            .required("messageType", string())
            .required("payload", any())
            .required("idempotencyKey", nullable(string()))
            .required("sender", nullable(string()))
            .required("traceparent", nullable(string()))
            .required("enqueuedAt", timestamp())
            .build());

    static final ObjectNode DEAD_LETTER = define("DeadLetter", object()
            .required("id", string())
            .required("originalQueue", string())
            .required("actorType", string())
            .required("actorId", string())
            .required("message", ENVELOPE)
            .required("error", object()
                    .optional("type", string().put("description", "The exception's class name"))
                    .optional("message", nullable(string()))
                    .optional("stack", nullable(string()))
                    .build().put("description", "The last failure (empty when none was recorded)"))
            .required("attempts", integer().put("minimum", 0))
            .required("firstFailedAt", nullable(timestamp()))
            .required("lastFailedAt", nullable(timestamp()))
            .build());

    static final ObjectNode BREAKER = define("CircuitBreaker", object()
            .required("name", string())
            .required("state", string().put("description", "CLOSED, OPEN, HALF_OPEN or another Resilience4j state"))
            .required("failureRate", number().put("description", "Failure percentage over the window; -1 when too"
                    + " few calls were seen"))
            .required("bufferedCalls", integer())
            .required("failedCalls", integer())
            .required("notPermittedCalls", integer())
            .build());

    static final ObjectNode BREAKERS = define("CircuitBreakers", object()
            .required("breakers", arrayOf(BREAKER))
            .build());

    static final ObjectNode MESSAGE_REQUEST = define("MessageRequest", object()
            .required("type", string().put("minLength", 1).put("description", "The message type's name, e.g. `Increment`"))
            .optional("payload", nullable(object().open().build()).put("description", "The message's fields"
                    + " (an empty object when absent)"))
            .optional("delay", nullable(string()).put("description", "Deliver after this long: a duration such as"
                    + " PT5S, 500ms, 5s, 2m, 1h or 1d, from 0 to 365 days"))
            .build());

    static final ObjectNode DEAD_LETTER_SELECTION = define("DeadLetterSelection", exactlyOne(
            object().required("ids", arrayOf(string().put("minLength", 1)).put("minItems", 1)
                    .put("maxItems", DeadLetterSelection.MAX_IDS)).build(),
            object().required("filter", object()
                    .optional("queue", string().put("minLength", 1))
                    .optional("actorId", string().put("minLength", 1))
                    .optional("errorType", string().put("minLength", 1))
                    .optional("sender", string().put("minLength", 1))
                    .optional("failedAfter", string().put("format", "date-time").put("description",
                            "Last failure at or after this ISO-8601 instant"))
                    .optional("failedBefore", string().put("format", "date-time").put("description",
                            "Last failure before this ISO-8601 instant"))
                    .build().put("minProperties", 1)).build(),
            object().required("all", bool().put("const", true)).build())
            .put("description", "Dead letters by ids, by filter (at least one field), or all"));

    /** A failure of a task, stage or run; null when there is none. */
    private static final ObjectNode PIPELINE_ERROR = nullable(object()
            .required("stage", nullable(string()).put("description", "The stage it happened in"))
            .required("taskId", nullable(string()).put("description", "The task, when about one task"))
            .required("type", string().put("description", "An exception class name, or a reason such as `timeout`,"
                    + " `rejected`, `dead-lettered`"))
            .required("message", nullable(string()))
            .build());

    static final ObjectNode PIPELINE_STAGE = define("PipelineStage", object()
            .required("name", string())
            .required("kind", oneOfStrings("single", "scatter", "gather", "broadcast", "fork-join", "human-approval"))
            .required("status", oneOfStrings(names(StageStatus.values())))
            .required("dependsOn", arrayOf(string()))
            .required("attempts", integer().put("minimum", 0).put("description", "The highest attempt number of its"
                    + " tasks (0 before it started)"))
            .required("startedAt", nullable(timestamp()))
            .required("endedAt", nullable(timestamp()))
            .required("output", any().put("description", "Its output once succeeded, else null"))
            .required("error", PIPELINE_ERROR)
            .required("tasks", arrayOf(object()
                    .required("taskId", string().put("description", "runId/stage/attempt/index, also the task"
                            + " message's Idempotency-Key"))
                    .required("index", integer().put("minimum", 0))
                    .required("target", string().put("description", "type/id of the actor it was sent to"))
                    .required("attempt", integer().put("minimum", 1))
                    .required("status", oneOfStrings("pending", "sent", "succeeded", "failed"))
                    .required("sentAt", nullable(timestamp()))
                    .required("endedAt", nullable(timestamp()))
                    .required("result", any().put("description", "The actor's reply, or null"))
                    .required("error", PIPELINE_ERROR)
                    .build()).put("description", "Its tasks, in their latest attempts"))
            .build());

    static final ObjectNode PIPELINE_RUN = define("PipelineRun", object()
            .required("runId", string())
            .required("pipeline", string())
            .required("version", integer().put("minimum", 1).put("description", "The definition version it started"
                    + " with and keeps"))
            .required("status", oneOfStrings(names(RunStatus.values())))
            .required("input", any())
            .required("startedAt", timestamp())
            .required("updatedAt", timestamp())
            .required("endedAt", nullable(timestamp()))
            .required("error", PIPELINE_ERROR)
            .required("waitingApprovals", arrayOf(string()).put("description", "Stages waiting for a decision"))
            .required("stages", arrayOf(PIPELINE_STAGE))
            .build());

    static final ObjectNode PIPELINE_TIMELINE = define("PipelineTimeline", object()
            .required("runId", string())
            .required("status", oneOfStrings(names(RunStatus.values())))
            .required("stages", arrayOf(PIPELINE_STAGE))
            .required("events", arrayOf(object()
                    .required("at", timestamp())
                    .required("kind", oneOfStrings(names(TimelineEvent.Kind.values())))
                    .required("stage", nullable(string()))
                    .required("taskId", nullable(string()))
                    .required("attempt", integer().put("minimum", 0))
                    .required("detail", any().put("description", "A task's reply, a decision or other detail"))
                    .required("error", PIPELINE_ERROR)
                    .build()).put("description", "The run's recent events, oldest first"))
            .required("droppedEvents", integer().put("minimum", 0).put("description", "Older events no longer kept"
                    + " (the run actor's journal keeps every turn)"))
            .build());

    static final ObjectNode PIPELINE_DEFINITION = define("PipelineDefinition", object()
            .required("name", string().put("pattern", "^[a-z][a-z0-9._-]{0,63}$"))
            .required("version", integer().put("minimum", 1))
            .required("stages", arrayOf(object()
                    .required("kind", oneOfStrings("single", "scatter", "gather", "broadcast", "fork-join",
                            "human-approval"))
                    .required("name", string())
                    .open().build()).put("minItems", 1))
            .open().build().put("description", "A pipeline definition in its JSON form (docs/ARCHITECTURE.md,"
                    + " Pipelines)"));

    static final Parameter ACTOR_TYPE = Parameter.path("type", "The actor type's name",
            string().put("pattern", "^[a-z][a-z0-9._-]{0,63}$"));
    static final Parameter ACTOR_ID = Parameter.path("id", "The actor's id within its type",
            string().put("pattern", "^[A-Za-z0-9._:@~+-]{1,200}$"));

    private ApiSchemas() {
    }

    private static String[] names(Enum<?>[] values) {
        return java.util.Arrays.stream(values).map(Enum::name).toArray(String[]::new);
    }

    /** Every named schema, by name, for the document's {@code components.schemas}. */
    static Map<String, ObjectNode> components() {
        return Collections.unmodifiableMap(COMPONENTS);
    }

    /** Names {@code schema}; returns a reference to it. */
    private static ObjectNode define(String name, ObjectNode schema) {
        if (COMPONENTS.putIfAbsent(name, schema) != null) {
            throw new IllegalStateException("schema " + name + " defined twice");
        }
        return JsonSchema.ref(name);
    }
}
