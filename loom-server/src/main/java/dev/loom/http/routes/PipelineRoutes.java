package dev.loom.http.routes;

import static dev.loom.http.JsonSchema.any;
import static dev.loom.http.JsonSchema.arrayOf;
import static dev.loom.http.JsonSchema.bool;
import static dev.loom.http.JsonSchema.integer;
import static dev.loom.http.JsonSchema.nullable;
import static dev.loom.http.JsonSchema.object;
import static dev.loom.http.JsonSchema.string;
import static dev.loom.http.JsonSchema.timestamp;
import static dev.loom.http.routes.JsonViews.F;
import static dev.loom.http.routes.OperationsRoutes.onlyFields;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loom.http.Access;
import dev.loom.http.ApiException;
import dev.loom.http.ApiResponse;
import dev.loom.http.Call;
import dev.loom.http.Endpoint;
import dev.loom.http.ErrorStatus;
import dev.loom.http.Operation;
import dev.loom.http.Operation.Parameter;
import dev.loom.http.Route;
import dev.loom.http.auth.BearerChallenge;
import dev.loom.pipeline.PipelineDefinition;
import dev.loom.pipeline.PipelineRuntime;
import dev.loom.pipeline.Pipelines;
import dev.loom.pipeline.RunFilter;
import dev.loom.pipeline.RunStatus;
import dev.loom.pipeline.RunView;
import dev.loom.pipeline.UnknownPipelineException;
import dev.loom.pipeline.StartRequest;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.stream.Stream;

/**
 * Pipelines: register and read definitions; start, list, inspect and operate runs; the dead letters of a run's tasks.
 * Reads need the reader role; starting a run and deciding an approval need writer (they are what applications and
 * approvers do); registering a definition and the operator's actions (cancel, pause, resume, redrive, the run's dead
 * letters) need admin.
 */
public final class PipelineRoutes {
    private static final Parameter NAME = Parameter.path("name", "The pipeline definition's name",
            string().put("pattern", "^[a-z][a-z0-9._-]{0,63}$"));
    private static final Parameter RUN_ID = Parameter.path("id", "The run's id",
            string().put("pattern", "^[A-Za-z0-9._:@~+-]{1,200}$"));
    private static final Parameter STAGE = Parameter.path("stage", "The stage's name within the run's definition",
            string().put("pattern", "^[a-z][a-z0-9_-]{0,63}$"));
    private static final Parameter IDEMPOTENCY_KEY = Parameter.header("Idempotency-Key", "Starting again with this key"
            + " returns the same run and starts nothing (the run id is derived from the pipeline and the key)",
            string().put("minLength", 1).put("maxLength", 200));
    private static final ObjectNode RUN_IDS = object()
            .required("pipeline", string())
            .required("runs", arrayOf(string()).put("description", "The ids of the runs this changed"))
            .build();
    private static final ObjectNode DECISION = object()
            .required("by", string().put("minLength", 1).put("maxLength", 200).put("description", "Who decides"))
            .optional("comment", nullable(string().put("maxLength", 2000)))
            .build();

    private static final Operation REGISTER = Operation.of("Register a pipeline definition (a new version, or the same"
                    + " content again)")
            .jsonBody(ApiSchemas.PIPELINE_DEFINITION)
            .response(201, "Registered: the version is new", ApiSchemas.PIPELINE_DEFINITION)
            .ok("Unchanged: this name and version were registered before with the same content",
                    ApiSchemas.PIPELINE_DEFINITION)
            .errors(ErrorStatus.BAD_REQUEST, ErrorStatus.FORBIDDEN, ErrorStatus.CONFLICT, ErrorStatus.UNAVAILABLE)
            .build();
    private static final Operation DEFINITIONS = Operation.of("The latest version of every registered pipeline")
            .ok("The definitions, by name", object()
                    .required("pipelines", arrayOf(ApiSchemas.PIPELINE_DEFINITION)).build())
            .errors(ErrorStatus.FORBIDDEN, ErrorStatus.UNAVAILABLE)
            .build();
    private static final Operation DEFINITION = Operation.of("Every registered version of one pipeline")
            .param(NAME)
            .ok("Its versions, ascending", object()
                    .required("name", string())
                    .required("versions", arrayOf(ApiSchemas.PIPELINE_DEFINITION)).build())
            .errors(ErrorStatus.FORBIDDEN, ErrorStatus.NOT_FOUND, ErrorStatus.UNAVAILABLE)
            .build();
    private static final Operation START = Operation.of("Start a run of a pipeline")
            .param(NAME).param(IDEMPOTENCY_KEY)
            .jsonBody(object()
                    .optional("input", any().put("description", "The run input (an empty object when absent or null)"))
                    .optional("version", integer().put("minimum", 0).put("description", "The version to run; 0 or"
                            + " absent: the latest"))
                    .build())
            .response(202, "Started (or, for a repeated Idempotency-Key, the run that key started)", object()
                    .required("runId", string())
                    .required("pipeline", string())
                    .build())
            .errors(ErrorStatus.BAD_REQUEST, ErrorStatus.FORBIDDEN, ErrorStatus.NOT_FOUND, ErrorStatus.UNAVAILABLE,
                    ErrorStatus.ASK_TIMEOUT)
            .build();
    private static final Operation LIST = Operation.of("Runs, ascending by run id, optionally filtered")
            .query("definition", "Only runs of this pipeline; empty means any", string())
            .query("status", "Only runs in this status (" + String.join(", ", statuses()) + "); empty means any",
                    string())
            .query("startedAfter", "Only runs started at or after this RFC 3339 instant", timestamp())
            .query("startedBefore", "Only runs started before this RFC 3339 instant", timestamp())
            .query("after", "List runs after this run id (the previous page's `next`)", string())
            .query("limit", "At most this many runs; default 100", integer().put("minimum", 1)
                    .put("maximum", RunFilter.MAX_LIMIT))
            .ok("A page of runs. It may be shorter than `limit` with a `next` when many runs were read without"
                    + " filling it", object()
                    .required("runs", arrayOf(ApiSchemas.PIPELINE_RUN))
                    .required("next", nullable(string()).put("description", "The `after` of the next page; null on"
                            + " the last"))
                    .build())
            .errors(ErrorStatus.BAD_REQUEST, ErrorStatus.FORBIDDEN, ErrorStatus.UNAVAILABLE)
            .build();
    private static final Operation STATUS = Operation.of("A run's status, stages and tasks")
            .param(RUN_ID)
            .ok("The run", ApiSchemas.PIPELINE_RUN)
            .errors(ErrorStatus.FORBIDDEN, ErrorStatus.NOT_FOUND, ErrorStatus.UNAVAILABLE)
            .build();
    private static final Operation TIMELINE = Operation.of("A run's timeline: each stage's start, end, attempts,"
                    + " errors and task results, and its recent events")
            .param(RUN_ID)
            .ok("The timeline", ApiSchemas.PIPELINE_TIMELINE)
            .errors(ErrorStatus.FORBIDDEN, ErrorStatus.NOT_FOUND, ErrorStatus.UNAVAILABLE)
            .build();
    private static final Operation CANCEL = operation("Cancel a run that has not ended (optionally running the"
            + " compensations of its succeeded stages first)", RUN_ID)
            .jsonBody(object().optional("compensate", bool().put("description", "Run the compensations of the"
                    + " succeeded stages, in reverse order, before it ends; default false")).build())
            .build();
    private static final Operation PAUSE = operation("Pause a running run: nothing new is dispatched, outcomes of"
            + " tasks in flight are still recorded", RUN_ID).build();
    private static final Operation RESUME = operation("Resume a paused run", RUN_ID).build();
    private static final Operation REDRIVE = operation("Restart a failed or compensated run from its failed stage",
            RUN_ID).build();
    private static final Operation APPROVE = operation("Approve a human-approval stage waiting for a decision", RUN_ID)
            .param(STAGE).jsonBody(DECISION).build();
    private static final Operation REJECT = operation("Reject a human-approval stage waiting for a decision (the stage"
            + " fails and the run rolls back)", RUN_ID).param(STAGE).jsonBody(DECISION).build();
    private static final Operation PAUSE_ALL = Operation.of("Pause every running run of a pipeline (all versions)")
            .param(NAME)
            .ok("The runs paused", RUN_IDS)
            .errors(ErrorStatus.FORBIDDEN, ErrorStatus.NOT_FOUND, ErrorStatus.UNAVAILABLE, ErrorStatus.ASK_TIMEOUT)
            .build();
    private static final Operation RESUME_ALL = Operation.of("Resume every paused run of a pipeline")
            .param(NAME)
            .ok("The runs resumed", RUN_IDS)
            .errors(ErrorStatus.FORBIDDEN, ErrorStatus.NOT_FOUND, ErrorStatus.UNAVAILABLE, ErrorStatus.ASK_TIMEOUT)
            .build();
    private static final Operation DEAD_LETTERS = Operation.of("The dead letters of a run's tasks (compensations and"
                    + " escalations included), oldest first")
            .param(RUN_ID)
            .query("stage", "Only those of this stage's tasks; empty means every stage", string())
            .ok("The dead letters; redrive or purge them by id through /api/admin/dead-letters", object()
                    .required("runId", string())
                    .required("items", arrayOf(ApiSchemas.DEAD_LETTER))
                    .build())
            .errors(ErrorStatus.BAD_REQUEST, ErrorStatus.FORBIDDEN, ErrorStatus.NOT_FOUND, ErrorStatus.UNAVAILABLE)
            .build();

    private final ServerContext ctx;

    private PipelineRoutes(ServerContext ctx) {
        this.ctx = ctx;
    }

    public static List<Route> routes(ServerContext ctx) {
        PipelineRoutes r = new PipelineRoutes(ctx);
        return Stream.of(
                Route.post("/api/pipelines", Access.ADMIN, REGISTER, r::register),
                Route.get("/api/pipelines", Access.READ, DEFINITIONS, r::definitions),
                Route.get("/api/pipelines/{name}", Access.READ, DEFINITION, r::definition),
                Route.post("/api/pipelines/{name}/runs", Access.WRITE, START, r::start),
                Route.post("/api/pipelines/{name}/pause", Access.ADMIN, PAUSE_ALL,
                        call -> r.everyRun(call, Pipelines::pauseAll)),
                Route.post("/api/pipelines/{name}/resume", Access.ADMIN, RESUME_ALL,
                        call -> r.everyRun(call, Pipelines::resumeAll)),
                Route.get("/api/pipeline-runs", Access.READ, LIST, r::list),
                Route.get("/api/pipeline-runs/{id}", Access.READ, STATUS,
                        call -> ApiResponse.ok(PipelineViews.run(r.pipelines().status(call.param("id"))))),
                Route.get("/api/pipeline-runs/{id}/timeline", Access.READ, TIMELINE,
                        call -> ApiResponse.ok(PipelineViews.timeline(r.pipelines().timeline(call.param("id"))))),
                Route.post("/api/pipeline-runs/{id}/cancel", Access.ADMIN, CANCEL, r::cancel),
                Route.post("/api/pipeline-runs/{id}/pause", Access.ADMIN, PAUSE,
                        call -> r.operate(call, (p, id) -> p.pause(id))),
                Route.post("/api/pipeline-runs/{id}/resume", Access.ADMIN, RESUME,
                        call -> r.operate(call, (p, id) -> p.resume(id))),
                Route.post("/api/pipeline-runs/{id}/redrive", Access.ADMIN, REDRIVE,
                        call -> r.operate(call, (p, id) -> p.redrive(id))),
                Route.post("/api/pipeline-runs/{id}/stages/{stage}/approve", Access.WRITE, APPROVE,
                        call -> r.decide(call, true)),
                Route.post("/api/pipeline-runs/{id}/stages/{stage}/reject", Access.WRITE, REJECT,
                        call -> r.decide(call, false)),
                Route.get("/api/pipeline-runs/{id}/dead-letters", Access.ADMIN, DEAD_LETTERS, r::deadLetters))
                .map(PipelineRoutes::scoped).toList();
    }

    /**
     * The route, refusing tokens whose scope excludes the actor type of runs ({@value PipelineRuntime#RUN_TYPE}): a
     * token limited to some actor types sees and operates no pipelines.
     */
    private static Route scoped(Route route) {
        Endpoint endpoint = route.endpoint();
        return new Route(route.method(), route.template(), route.access(), route.operation(), call -> {
            if (!call.caller().scope().permitsType(PipelineRuntime.RUN_TYPE)) {
                throw BearerChallenge.insufficientScope("the token's scope does not include pipelines (actor type '"
                        + PipelineRuntime.RUN_TYPE + "')");
            }
            return endpoint.handle(call);
        });
    }

    /** An operation on one run that answers the run as it is afterwards. */
    private static Operation.Builder operation(String summary, Parameter runId) {
        return Operation.of(summary).param(runId)
                .ok("The run after the operation", ApiSchemas.PIPELINE_RUN)
                .errors(ErrorStatus.FORBIDDEN, ErrorStatus.NOT_FOUND, ErrorStatus.CONFLICT, ErrorStatus.UNAVAILABLE,
                        ErrorStatus.ASK_TIMEOUT);
    }

    private Pipelines pipelines() {
        return ctx.loom().pipelines();
    }

    private ApiResponse register(Call call) {
        ObjectNode body = call.bodyObject();
        PipelineDefinition def = PipelineDefinition.fromJson(body);
        boolean existed = registered(def);
        PipelineDefinition stored = pipelines().register(def);
        return ApiResponse.json(existed ? 200 : 201, stored.toJsonTree());
    }

    /** Whether this name and version are registered already (with whatever content). */
    private boolean registered(PipelineDefinition def) {
        try {
            return pipelines().versions(def.name()).stream().anyMatch(d -> d.version() == def.version());
        } catch (UnknownPipelineException e) {
            return false;
        }
    }

    private ApiResponse definitions(Call call) {
        ObjectNode body = F.objectNode();
        ArrayNode arr = body.putArray("pipelines");
        pipelines().definitions().forEach(d -> arr.add(d.toJsonTree()));
        return ApiResponse.ok(body);
    }

    private ApiResponse definition(Call call) {
        String name = call.param("name");
        ObjectNode body = F.objectNode().put("name", name);
        ArrayNode arr = body.putArray("versions");
        pipelines().versions(name).forEach(d -> arr.add(d.toJsonTree()));
        return ApiResponse.ok(body);
    }

    private ApiResponse start(Call call) {
        ObjectNode body = call.bodyObject();
        onlyFields(body, Set.of("input", "version"));
        JsonNode version = body.path("version");
        if (!version.isMissingNode() && !version.isNull() && !(version.canConvertToInt() && version.isIntegralNumber()
                && version.asInt() >= 0)) {
            throw ApiException.badField("bad_request", "version", "'version' must be an integer >= 0 (0: the latest)");
        }
        String key = call.header("Idempotency-Key").orElse(null);
        if (key != null && (key.isEmpty() || key.length() > 200)) {
            throw ApiException.badField("bad_request", "Idempotency-Key", "the Idempotency-Key header must be 1-200"
                    + " characters");
        }
        if (!ctx.lifecycle().acceptsWork()) {
            throw ApiException.unavailable("the server is shutting down and starts no new runs; retry on another node");
        }
        String name = call.param("name");
        String runId = pipelines().start(new StartRequest(name, version.asInt(0), body.get("input"), key, null));
        return ApiResponse.json(202, F.objectNode().put("runId", runId).put("pipeline", name))
                .withHeader("Location", "/api/pipeline-runs/" + runId);
    }

    private ApiResponse list(Call call) {
        int limit = (int) call.longQuery("limit", 100, 1, RunFilter.MAX_LIMIT);
        RunFilter filter = new RunFilter(nonEmpty(call, "definition"), status(call), instant(call, "startedAfter"),
                instant(call, "startedBefore"), nonEmpty(call, "after"), limit);
        return ApiResponse.ok(PipelineViews.page(pipelines().list(filter)));
    }

    private ApiResponse cancel(Call call) {
        ObjectNode body = call.bodyObject();
        onlyFields(body, Set.of("compensate"));
        JsonNode c = body.path("compensate");
        if (!c.isMissingNode() && !c.isBoolean()) {
            throw ApiException.badField("bad_request", "compensate", "'compensate' must be true or false");
        }
        return ApiResponse.ok(PipelineViews.run(pipelines().cancel(call.param("id"), c.asBoolean(false))));
    }

    private ApiResponse decide(Call call, boolean approve) {
        ObjectNode body = call.bodyObject();
        onlyFields(body, Set.of("by", "comment"));
        JsonNode by = body.path("by");
        if (!by.isTextual() || by.asText().isBlank() || by.asText().length() > 200) {
            throw ApiException.badField("bad_request", "by", "'by' must name who decides (1-200 characters)");
        }
        JsonNode comment = body.path("comment");
        if (!comment.isMissingNode() && !comment.isNull() && !(comment.isTextual() && comment.asText().length() <= 2000)) {
            throw ApiException.badField("bad_request", "comment", "'comment' must be a string of at most 2000"
                    + " characters, or null");
        }
        String id = call.param("id");
        String stage = call.param("stage");
        String text = comment.isTextual() ? comment.asText() : null;
        return ApiResponse.ok(PipelineViews.run(approve ? pipelines().approve(id, stage, by.asText(), text)
                : pipelines().reject(id, stage, by.asText(), text)));
    }

    private ApiResponse operate(Call call, BiFunction<Pipelines, String, RunView> op) {
        return ApiResponse.ok(PipelineViews.run(op.apply(pipelines(), call.param("id"))));
    }

    private ApiResponse everyRun(Call call, BiFunction<Pipelines, String, List<String>> op) {
        String name = call.param("name");
        pipelines().versions(name);
        ObjectNode body = F.objectNode().put("pipeline", name);
        ArrayNode runs = body.putArray("runs");
        op.apply(pipelines(), name).forEach(runs::add);
        return ApiResponse.ok(body);
    }

    private ApiResponse deadLetters(Call call) {
        String id = call.param("id");
        String stage = nonEmpty(call, "stage");
        ObjectNode body = F.objectNode().put("runId", id);
        ArrayNode items = body.putArray("items");
        new RunDeadLetters(pipelines(), ctx.loom().deadLetters()).of(id, stage)
                .forEach(d -> items.add(JsonViews.deadLetter(d)));
        return ApiResponse.ok(body);
    }

    private static RunStatus status(Call call) {
        String s = nonEmpty(call, "status");
        if (s == null) {
            return null;
        }
        try {
            return RunStatus.valueOf(s.toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw ApiException.badField("bad_request", "status", "query parameter 'status' must be one of "
                    + String.join(", ", statuses()) + ", got '" + s + "'");
        }
    }

    private static Instant instant(Call call, String name) {
        String s = nonEmpty(call, name);
        if (s == null) {
            return null;
        }
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            throw ApiException.badField("bad_request", name, "query parameter '" + name + "' must be an RFC 3339"
                    + " instant such as 2026-01-31T12:00:00Z, got '" + s + "'");
        }
    }

    private static String nonEmpty(Call call, String name) {
        return call.query(name).filter(v -> !v.isEmpty()).orElse(null);
    }

    private static List<String> statuses() {
        return Arrays.stream(RunStatus.values()).map(Enum::name).toList();
    }
}
