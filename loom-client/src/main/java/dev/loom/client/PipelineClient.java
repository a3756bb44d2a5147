package dev.loom.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The pipeline API ({@link LoomClient#pipelines()}): register definitions, start runs, read them, operate them. Every
 * method throws as {@link LoomClient} documents; in particular {@link NotFoundException} ({@code unknown_pipeline},
 * {@code unknown_pipeline_run}) for an unknown definition or run, {@link ConflictException}
 * ({@code illegal_run_transition}, {@code pipeline_version_conflict}) for an operation that does not apply to the
 * run as it is (nothing changed), {@link BadRequestException} for bad input ({@code invalid_pipeline} names the stage
 * and field in its details).
 *
 * <p>Roles: reads need reader, {@link #start} and the approval decisions writer, the rest admin. Starting with an
 * idempotency key and the reads are retried on a broken connection; the other operations are not, because a repeat
 * of one that was applied is refused with 409.
 */
public final class PipelineClient {
    private static final String PIPELINES = "api/pipelines";
    private static final String RUNS = "api/pipeline-runs";

    private final LoomClient client;

    PipelineClient(LoomClient client) {
        this.client = client;
    }

    /**
     * Registers a definition in its JSON form: JSON text, a {@link JsonNode}, or a map or record that serializes to it.
     *
     * @throws BadRequestException {@code invalid_pipeline}, naming each stage and field at fault in its details
     * @throws ConflictException   {@code pipeline_version_conflict}: the version exists with other content
     */
    public PipelineRegistered register(Object definition) {
        JsonNode tree;
        try {
            tree = definition instanceof String text
                    ? ApiJson.parse(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)) : ApiJson.tree(definition);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("the definition is not JSON: " + e.getMessage(), e);
        }
        LoomClient.JsonAnswer a = client.call("POST", PIPELINES, Map.of(), tree, Map.of(), true);
        return new PipelineRegistered(a.status() == 201, a.body());
    }

    /** The latest version of every registered definition, in JSON form. */
    public List<JsonNode> definitions() {
        return list(client.call("GET", PIPELINES, Map.of(), null, Map.of(), true).body().path("pipelines"));
    }

    /**
     * Every registered version of {@code name}, ascending.
     *
     * @throws NotFoundException no definition has this name
     */
    public List<JsonNode> versions(String name) {
        return list(client.call("GET", PIPELINES + "/" + LoomClient.pathSegment(name), Map.of(), null, Map.of(), true)
                .body().path("versions"));
    }

    /**
     * Starts a run of the latest version of {@code pipeline}.
     *
     * @param input          the run input (a record, map or {@link JsonNode}); {@code null} for {@code {}}
     * @param idempotencyKey starting again with it returns the same run id and starts nothing; {@code null} for none
     * @return the run id
     * @throws NotFoundException the pipeline (or version) is not registered
     */
    public String start(String pipeline, Object input, String idempotencyKey) {
        return start(pipeline, 0, input, idempotencyKey);
    }

    /** As {@link #start(String, Object, String)}, for {@code version} (0: the latest). */
    public String start(String pipeline, int version, Object input, String idempotencyKey) {
        ObjectNode body = ApiJson.MAPPER.createObjectNode();
        body.set("input", input == null ? ApiJson.MAPPER.createObjectNode() : ApiJson.tree(input));
        if (version != 0) {
            body.put("version", version);
        }
        Map<String, String> headers = idempotencyKey == null ? Map.of() : Map.of("Idempotency-Key", idempotencyKey);
        return client.call("POST", PIPELINES + "/" + LoomClient.pathSegment(pipeline) + "/runs", Map.of(), body, headers,
                idempotencyKey != null).body().path("runId").asText();
    }

    /**
     * The run's status, stages and tasks.
     *
     * @throws NotFoundException no run has this id
     */
    public PipelineRun run(String runId) {
        return run(client.call("GET", runPath(runId, ""), Map.of(), null, Map.of(), true));
    }

    /**
     * A page of runs matching {@code filter}, ascending by run id.
     *
     * @param after list runs after this id (a page's {@link PipelineRunPage#nextAfter()}), or {@code null}
     * @param limit 1-1000
     */
    public PipelineRunPage runs(PipelineRunFilter filter, String after, int limit) {
        Objects.requireNonNull(filter, "filter");
        Map<String, Object> query = new LinkedHashMap<>();
        putIfSet(query, "definition", filter.definition());
        putIfSet(query, "status", filter.status());
        putIfSet(query, "startedAfter", filter.startedAfter());
        putIfSet(query, "startedBefore", filter.startedBefore());
        putIfSet(query, "after", after);
        query.put("limit", limit);
        return client.as(client.call("GET", RUNS, query, null, Map.of(), true), PipelineRunPage.class, RUNS);
    }

    /**
     * The run's timeline.
     *
     * @throws NotFoundException no run has this id
     */
    public PipelineTimeline timeline(String runId) {
        String path = runPath(runId, "/timeline");
        return client.as(client.call("GET", path, Map.of(), null, Map.of(), true), PipelineTimeline.class, path);
    }

    /**
     * Cancels a run that has not ended, after running the compensations of its succeeded stages when
     * {@code compensate}.
     *
     * @throws ConflictException the run has ended
     */
    public PipelineRun cancel(String runId, boolean compensate) {
        return operate(runId, "/cancel", ApiJson.MAPPER.createObjectNode().put("compensate", compensate));
    }

    /**
     * Pauses a running run.
     *
     * @throws ConflictException it is not running
     */
    public PipelineRun pause(String runId) {
        return operate(runId, "/pause", null);
    }

    /**
     * Resumes a paused run.
     *
     * @throws ConflictException it is not paused
     */
    public PipelineRun resume(String runId) {
        return operate(runId, "/resume", null);
    }

    /**
     * Restarts a failed or compensated run from its failed stage.
     *
     * @throws ConflictException it is neither failed nor compensated
     */
    public PipelineRun redrive(String runId) {
        return operate(runId, "/redrive", null);
    }

    /**
     * Approves the human-approval stage {@code stage}.
     *
     * @param comment a comment, or {@code null}
     * @throws ConflictException the stage is not waiting for a decision
     */
    public PipelineRun approve(String runId, String stage, String by, String comment) {
        return operate(runId, "/stages/" + LoomClient.pathSegment(stage) + "/approve", decision(by, comment));
    }

    /**
     * Rejects the human-approval stage {@code stage}: it fails and the run rolls back.
     *
     * @throws ConflictException the stage is not waiting for a decision
     */
    public PipelineRun reject(String runId, String stage, String by, String comment) {
        return operate(runId, "/stages/" + LoomClient.pathSegment(stage) + "/reject", decision(by, comment));
    }

    /**
     * Pauses every running run of {@code pipeline}.
     *
     * @throws NotFoundException no definition has this name
     */
    public PipelineRunIds pauseAll(String pipeline) {
        return everyRun(pipeline, "/pause");
    }

    /**
     * Resumes every paused run of {@code pipeline}.
     *
     * @throws NotFoundException no definition has this name
     */
    public PipelineRunIds resumeAll(String pipeline) {
        return everyRun(pipeline, "/resume");
    }

    /**
     * The dead letters of the run's tasks, ordered by id; redrive or purge them by id with
     * {@link LoomClient#redrive} and {@link LoomClient#purge}.
     *
     * @param stage only those of this stage, or {@code null} for every stage
     * @throws NotFoundException   no run has this id
     * @throws BadRequestException the run's definition has no such stage
     */
    public List<DeadLetter> deadLetters(String runId, String stage) {
        Map<String, Object> query = new LinkedHashMap<>();
        putIfSet(query, "stage", stage);
        String path = runPath(runId, "/dead-letters");
        return Arrays.asList(client.as(client.call("GET", path, query, null, Map.of(), true), RunDeadLetters.class, path)
                .items());
    }

    private record RunDeadLetters(DeadLetter[] items) {
    }

    private PipelineRun operate(String runId, String suffix, JsonNode body) {
        return run(client.call("POST", runPath(runId, suffix), Map.of(), body, Map.of(), false));
    }

    private PipelineRunIds everyRun(String pipeline, String suffix) {
        String path = PIPELINES + "/" + LoomClient.pathSegment(pipeline) + suffix;
        return client.as(client.call("POST", path, Map.of(), null, Map.of(), false), PipelineRunIds.class, path);
    }

    private PipelineRun run(LoomClient.JsonAnswer answer) {
        return client.as(answer, PipelineRun.class, RUNS);
    }

    private static ObjectNode decision(String by, String comment) {
        Objects.requireNonNull(by, "by");
        ObjectNode body = ApiJson.MAPPER.createObjectNode().put("by", by);
        if (comment != null) {
            body.put("comment", comment);
        }
        return body;
    }

    private static String runPath(String runId, String suffix) {
        return RUNS + "/" + LoomClient.pathSegment(runId) + suffix;
    }

    private static void putIfSet(Map<String, Object> query, String name, Object value) {
        if (value != null) {
            query.put(name, value);
        }
    }

    private static List<JsonNode> list(JsonNode array) {
        return java.util.stream.StreamSupport.stream(array.spliterator(), false).toList();
    }
}
