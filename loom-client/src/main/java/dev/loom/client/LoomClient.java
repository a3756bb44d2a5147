package dev.loom.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * A client of the Loom HTTP API ({@code GET /api/openapi.json} describes it): JSON over the JDK's
 * {@link HttpClient}, bearer-token authentication. Thread-safe; build one per server and share it.
 *
 * <pre>{@code
 * try (LoomClient loom = LoomClient.builder().baseUrl("http://localhost:3000").token(token).build()) {
 *     Sent sent = loom.send(ActorAddress.of("counter", "c1"), "Increment", Map.of("by", 5));
 *     long value = loom.ask(ActorAddress.of("counter", "c1"), "Get", null, Long.class, Duration.ofSeconds(5)).reply();
 * }
 * }</pre>
 *
 * <p><b>Answers and failures.</b> Every call returns the parsed success body or throws a
 * {@link LoomClientException}: a {@link LoomApiException} subtype per error category when the server answered
 * with an error (carrying the status, the contract's code, the server's message and the field at fault), or
 * {@link ServerUnreachableException} when no answer came. A bad argument (an empty key, a malformed traceparent)
 * is an {@link IllegalArgumentException} before anything is sent. The token is sent only in the
 * {@code Authorization} header and never appears in an exception.
 *
 * <p><b>Retries.</b> With {@link Builder#retries(int, Duration) retries} above 0 (the default is 2), a call is
 * repeated after a backoff that doubles from the given one when
 * <ul>
 *   <li>the connection could not be made (refused, connect timeout): the request was never sent, so every call is
 *       retried;</li>
 *   <li>the connection broke after the request was sent, or the server answered 503 with {@code Retry-After}: only
 *       calls that are safe to repeat are retried, namely reads, breaker resets, cache clears and warms, snapshots,
 *       trims, and sends and asks <em>that carry an idempotency key</em>.</li>
 * </ul>
 * A request timeout, an unknown host, a 429 and every other error are never retried. Redrives, purges and
 * imports are retried only when their request was never sent.
 *
 * <p><b>Idempotency keys.</b> When retries are enabled and a send or ask has no key, the client generates one for
 * that call ({@code loom-client-<random UUID>}) and sends it with every attempt, so a retry after a broken
 * connection is deduplicated by the server instead of sending the message twice; the key appears in the actor's
 * journal. With retries set to 0 no key is generated and a call without one sends none.
 *
 * <p><b>Trace context.</b> The {@code traceparent} of {@link SendOptions} is passed on as it is; use
 * {@link SendOptions#withNewTrace()} to start a new W3C trace.
 */
public final class LoomClient implements AutoCloseable {
    private static final Duration MAX_ASK_TIMEOUT = Duration.ofSeconds(60);
    /** An ask's HTTP request outlives the ask itself by this, so that the server's 504 arrives, not a client timeout. */
    private static final Duration ASK_MARGIN = Duration.ofSeconds(10);
    /** A Retry-After longer than this is not waited for: the caller is better told at once. */
    private static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(30);
    private static final String DEAD_LETTERS = "api/admin/dead-letters";
    private static final String BACKUP_MEDIA_TYPE = "application/x-ndjson";

    private final URI base;
    private final String display;
    private final String token;
    private final Duration requestTimeout;
    private final int retries;
    private final Duration backoff;
    private final HttpClient http;

    private LoomClient(Builder b) {
        this.base = b.base;
        String s = base.toString();
        this.display = s.substring(0, s.length() - 1);
        this.token = b.token;
        this.requestTimeout = b.requestTimeout;
        this.retries = b.retries;
        this.backoff = b.backoff;
        this.http = HttpClient.newBuilder().connectTimeout(b.connectTimeout).version(HttpClient.Version.HTTP_1_1).build();
    }

    /** A builder; only {@link Builder#baseUrl} is required. */
    public static Builder builder() {
        return new Builder();
    }

    /** The server's base URL as given, without a trailing slash, e.g. {@code http://localhost:3000}. */
    public String baseUrl() {
        return display;
    }

    /**
     * Any result of this client in the API's JSON shape, e.g. to print or forward it.
     */
    public static JsonNode toJson(Object result) {
        return ApiJson.tree(result);
    }

    // ---------------------------------------------------------------- the application API

    /** {@link #send(ActorAddress, String, Object, SendOptions)} with no options. */
    public Sent send(ActorAddress to, String messageType, Object payload) {
        return send(to, messageType, payload, SendOptions.none());
    }

    /**
     * Sends a message ({@code POST /api/actors/{type}/{id}/messages}). When this returns, the server has stored the
     * message durably and will process it; on a repeat of an idempotency key it returns the first message's id with
     * {@code deduplicated = true}.
     *
     * @param payload the message's fields: a record, a map or a {@link JsonNode} that serializes to a JSON object;
     *                {@code null} for a message without fields
     * @throws BadRequestException  {@code unknown_message_type}, {@code invalid_message}, {@code invalid_actor_ref}...
     * @throws NotFoundException    {@code unknown_actor_type}
     * @throws UnavailableException the store is down or the node is draining: nothing was accepted
     * @throws LoomClientException  any other refusal, or no answer (then the message may or may not be stored,
     *                              unless it carried an idempotency key and can simply be sent again)
     */
    public Sent send(ActorAddress to, String messageType, Object payload, SendOptions options) {
        SendOptions o = withKey(options);
        Request r = Request.post(actorPath(to, "messages"), message(messageType, payload, o.delay()))
                .header("Idempotency-Key", o.idempotencyKey()).header("traceparent", o.traceparent())
                .idempotent(o.idempotencyKey() != null);
        return read(execute(r), Sent.class, r);
    }

    /** {@link #ask(ActorAddress, String, Object, Class, Duration, SendOptions)} with no options. */
    public <T> AskResult<T> ask(ActorAddress to, String messageType, Object payload, Class<T> replyType,
                                Duration timeout) {
        return ask(to, messageType, payload, replyType, timeout, SendOptions.none());
    }

    /**
     * Sends a message and waits for the handler's reply ({@code POST /api/actors/{type}/{id}/ask}). With an
     * idempotency key already committed, returns the stored reply without running the handler again.
     *
     * @param replyType what to read the reply as ({@link JsonNode} for the raw JSON)
     * @param timeout   how long the server waits for the reply: above 0 and at most 60 s
     * @throws AskTimeoutException no reply within {@code timeout}; the message stays accepted
     * @throws ConflictException   {@code dead_lettered}: the message failed its last retry
     * @throws IllegalArgumentException if the timeout is out of range, or the reply does not fit {@code replyType}
     * @throws LoomClientException as for {@link #send(ActorAddress, String, Object, SendOptions)}
     */
    public <T> AskResult<T> ask(ActorAddress to, String messageType, Object payload, Class<T> replyType,
                                Duration timeout, SendOptions options) {
        Objects.requireNonNull(replyType, "replyType");
        if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(MAX_ASK_TIMEOUT) > 0) {
            throw new IllegalArgumentException("an ask timeout is above 0 and at most 60s: " + timeout);
        }
        SendOptions o = withKey(options);
        Request r = Request.post(actorPath(to, "ask"), message(messageType, payload, o.delay()))
                .query("timeout", timeout.toString())
                .header("Idempotency-Key", o.idempotencyKey()).header("traceparent", o.traceparent())
                .idempotent(o.idempotencyKey() != null).timeout(timeout.plus(ASK_MARGIN));
        JsonNode body = json(execute(r), r);
        JsonNode id = body.path("messageId");
        return new AskResult<>(id.isTextual() ? id.asText() : null, ApiJson.convert(body.get("reply"), replyType),
                body.path("deduplicated").asBoolean(false));
    }

    /**
     * The actor's latest committed state ({@code GET .../state}).
     *
     * @throws NotFoundException {@code unknown_actor_type}
     */
    public ActorStateView state(ActorAddress actor) {
        return get(Request.get(actorPath(actor, "state")), ActorStateView.class);
    }

    /**
     * The actor's state right after the turn with journal seq {@code seq} (time travel; 0 is the initial state).
     *
     * @throws NotFoundException the actor has no such seq, or the type is unknown
     * @throws ConflictException {@code state_unavailable}: the journal up to {@code seq} was trimmed
     */
    public ActorStateView stateAt(ActorAddress actor, long seq) {
        return get(Request.get(actorPath(actor, "state")).query("at", seq), ActorStateView.class);
    }

    /**
     * Up to {@code limit} (1-1000) journal entries from seq {@code from} (1 or more), oldest first.
     *
     * @throws BadRequestException a parameter out of range
     */
    public JournalPage journal(ActorAddress actor, long from, int limit) {
        return get(Request.get(actorPath(actor, "journal")).query("from", from).query("limit", limit), JournalPage.class);
    }

    /** Every entry from {@code from} to the latest (at most 1000) with the state it produced. */
    public Replay replay(ActorAddress actor, long from) {
        return get(Request.get(actorPath(actor, "replay")).query("from", from), Replay.class);
    }

    /**
     * Entries {@code from} to {@code to} inclusive (at most 1000) with the state each produced; none when
     * {@code to < from}.
     *
     * @throws BadRequestException the range covers more than 1000 entries
     */
    public Replay replay(ActorAddress actor, long from, long to) {
        return get(Request.get(actorPath(actor, "replay")).query("from", from).query("to", to), Replay.class);
    }

    /**
     * Up to {@code limit} ids of {@code type}'s actors after {@code after} ({@code null}: from the start).
     *
     * @throws NotFoundException {@code unknown_actor_type}
     */
    public ActorIdsPage actorIds(String type, String after, int limit) {
        return actorIds(type, null, after, limit);
    }

    /**
     * A page of the ids of {@code type}'s actors that start with {@code prefix} (case sensitive), in order.
     *
     * @param prefix the ids' common start, or {@code null} for every id
     * @param after  list ids after this one (a page's {@link ActorIdsPage#nextAfter()}), or {@code null}
     */
    public ActorIdsPage actorIds(String type, String prefix, String after, int limit) {
        return get(Request.get("api/actors/" + segment(type)).query("prefix", prefix).query("after", after)
                .query("limit", limit), ActorIdsPage.class);
    }

    /**
     * The message types of {@code type} with their fields.
     *
     * @throws NotFoundException no actor type has that name
     */
    public MessageTypes messageTypes(String type) {
        return get(Request.get("api/actor-types/" + segment(type) + "/message-types"), MessageTypes.class);
    }

    /** The registered actor types within the token's scope. */
    public List<ActorTypeInfo> actorTypes() {
        return Arrays.asList(get(Request.get("api/actor-types"), ActorTypes.class).actorTypes());
    }

    // ---------------------------------------------------------------- dead letters (admin)

    /**
     * One page of dead letters matching {@code filter}, ordered by id.
     *
     * @param after list letters after this id (a page's {@link DeadLetterPage#nextAfter()}), or {@code null}
     * @param limit 1-1000
     */
    public DeadLetterPage deadLetters(DeadLetterFilter filter, String after, int limit) {
        return get(Request.get(DEAD_LETTERS).query("queue", filter.queue()).query("actorId", filter.actorId())
                .query("errorType", filter.errorType()).query("sender", filter.sender())
                .query("failedAfter", instant(filter.failedAfter())).query("failedBefore", instant(filter.failedBefore()))
                .query("after", after).query("limit", limit), DeadLetterPage.class);
    }

    /**
     * One dead letter.
     *
     * @throws NotFoundException no letter has that id
     */
    public DeadLetter deadLetter(String id) {
        return get(Request.get(DEAD_LETTERS + "/" + segment(id)), DeadLetter.class);
    }

    /**
     * Returns the selected letters to their queues with attempts reset; recorded durable steps are kept.
     *
     * @return how many were redriven
     */
    public long redrive(DeadLetterSelection selection) {
        Request r = Request.post(DEAD_LETTERS + "/redrive", selection(selection));
        return json(execute(r), r).path("redriven").asLong();
    }

    /**
     * Deletes the selected letters for good.
     *
     * @return how many were deleted
     */
    public long purge(DeadLetterSelection selection) {
        Request r = Request.post(DEAD_LETTERS + "/purge", selection(selection));
        return json(execute(r), r).path("purged").asLong();
    }

    /**
     * Deletes one letter for good.
     *
     * @throws NotFoundException no letter has that id
     */
    public void deleteDeadLetter(String id) {
        Request r = new Request("DELETE", DEAD_LETTERS + "/" + segment(id));
        json(execute(r), r);
    }

    // ---------------------------------------------------------------- operations (admin)

    /** Depth, oldest message age and pending timers per queue. */
    public List<QueueDepth> queues() {
        return Arrays.asList(get(Request.get("api/admin/queues"), Queues.class).queues());
    }

    /** The answering node's circuit breakers. */
    public List<CircuitBreaker> breakers() {
        return Arrays.asList(get(Request.get("api/admin/circuit-breakers"), Breakers.class).breakers());
    }

    /**
     * Forces a breaker closed and clears its window.
     *
     * @throws NotFoundException no breaker has that name
     */
    public BreakerReset resetBreaker(String name) {
        Request r = Request.post("api/admin/circuit-breakers/" + segment(name) + "/reset",
                ApiJson.MAPPER.createObjectNode()).idempotent(true);
        return read(execute(r), BreakerReset.class, r);
    }

    /** Statistics of the active-actor pool. */
    public CacheStats cacheStats() {
        return get(Request.get("api/admin/cache/stats"), CacheStats.class);
    }

    /**
     * Passivates the idle active actors whose {@code type/id} matches {@code pattern} ({@code *} any characters,
     * {@code ?} one). Safe: state is durable and actors reactivate on their next message.
     *
     * @return how many were passivated
     */
    public long clearCache(String pattern) {
        Request r = Request.post("api/admin/cache/clear", ApiJson.MAPPER.createObjectNode().put("pattern", pattern))
                .idempotent(true);
        return json(execute(r), r).path("cleared").asLong();
    }

    /**
     * Activates actors ahead of traffic (at most 10000).
     *
     * @return how many were activated (not those already active or in partitions of other nodes)
     */
    public long warm(List<ActorAddress> actors) {
        ObjectNode body = ApiJson.MAPPER.createObjectNode();
        actors.forEach(a -> body.withArray("actors").add(a.toString()));
        Request r = Request.post("api/admin/cache/warm", body).idempotent(true);
        return json(execute(r), r).path("warmed").asLong();
    }

    /**
     * Endpoints over the latency thresholds in {@code window} (at most a day; {@code null}: the server's default).
     */
    public SlowEndpoints slowEndpoints(Duration window) {
        return get(Request.get("api/admin/performance/slow").query("window", window), SlowEndpoints.class);
    }

    /**
     * The recent traces the answering node keeps, newest first.
     *
     * @param actor only traces with a span of this actor, {@code type} or {@code type/id}; {@code null} for all
     * @param limit most traces, 1 to 1000
     */
    public Traces traces(String actor, int limit) {
        return get(Request.get("api/admin/traces").query("actor", actor).query("limit", limit), Traces.class);
    }

    /**
     * One trace the answering node keeps, with its spans by start time.
     *
     * @throws NotFoundException if the node does not keep it (never seen there, cleaned up, or keeping is off)
     */
    public Trace trace(String traceId) {
        return get(Request.get("api/admin/traces/" + segment(traceId)), Trace.class);
    }

    /** Removes the kept traces whose last span ended more than {@code olderThan} ago. */
    public TracesCleaned cleanupTraces(Duration olderThan) {
        Request r = Request.post("api/admin/traces/cleanup",
                ApiJson.MAPPER.createObjectNode().put("olderThan", olderThan.toString())).idempotent(true);
        return ApiJson.MAPPER.convertValue(json(execute(r), r), TracesCleaned.class);
    }

    /** Every partition's lease, and the answering node's id. */
    public Partitions partitions() {
        return get(Request.get("api/admin/partitions"), Partitions.class);
    }

    /** Version, node, store and effective configuration of the answering node. */
    public NodeInfo info() {
        return get(Request.get("api/admin/info"), NodeInfo.class);
    }

    /** The actor's pending timers and reminders, earliest first (admin). */
    public ActorTimers timers(ActorAddress actor) {
        return get(Request.get("api/admin/actors/" + segment(actor.type()) + "/" + segment(actor.id()) + "/timers"),
                ActorTimers.class);
    }

    /**
     * Snapshots the actor's state now.
     *
     * @return the seq the snapshot was taken at
     */
    public long snapshot(ActorAddress actor) {
        Request r = Request.post("api/admin/actors/" + segment(actor.type()) + "/" + segment(actor.id()) + "/snapshot",
                ApiJson.MAPPER.createObjectNode()).idempotent(true);
        return json(execute(r), r).path("seq").asLong();
    }

    /**
     * Deletes the actor's journal entries up to {@code upToSeq}, which must not be beyond its latest snapshot.
     *
     * @return the seq trimmed to
     * @throws ConflictException {@code upToSeq} is beyond the latest snapshot
     */
    public long trim(ActorAddress actor, long upToSeq) {
        Request r = Request.post("api/admin/actors/" + segment(actor.type()) + "/" + segment(actor.id()) + "/trim",
                ApiJson.MAPPER.createObjectNode().put("upToSeq", upToSeq)).idempotent(true);
        return json(execute(r), r).path("trimmedTo").asLong();
    }

    /**
     * {@code GET /health} (no token needed). Returns the report for 200 and for 503 (unhealthy), whose body still
     * says what is wrong.
     *
     * @throws UnexpectedResponseException {@code not_a_health_answer}: the answer is not a Loom health report
     *                                     (e.g. the URL is not a Loom server)
     */
    public Health health() {
        Request r = Request.get("health").idempotent(true).accepting(503);
        Answer a = execute(r);
        JsonNode body = parsedOrNull(a.body());
        if (body == null || !body.path("status").isTextual()) {
            throw new ErrorBody(a.status(), "not_a_health_answer", "GET /health did not return a Loom health report;"
                    + " is " + display + " a Loom server?", null, null, null).toException();
        }
        return new Health(a.status(), body.get("status").asText(), body);
    }

    // ---------------------------------------------------------------- pipelines

    /** Pipeline definitions and runs ({@code /api/pipelines}, {@code /api/pipeline-runs}) through this client. */
    public PipelineClient pipelines() {
        return new PipelineClient(this);
    }

    /** A 2xx answer's status and JSON object body. */
    record JsonAnswer(int status, JsonNode body) {
    }

    /**
     * One call for {@link PipelineClient}: {@code body} {@code null} sends none (a POST sends {@code {}}); repeated
     * on a broken connection only when {@code idempotent}.
     */
    JsonAnswer call(String method, String path, Map<String, Object> query, JsonNode body, Map<String, String> headers,
                    boolean idempotent) {
        Request r = method.equals("GET") ? Request.get(path)
                : Request.post(path, body == null ? ApiJson.MAPPER.createObjectNode() : body).idempotent(idempotent);
        query.forEach(r::query);
        headers.forEach(r::header);
        Answer a = execute(r);
        return new JsonAnswer(a.status(), json(a, r));
    }

    /** {@code body} as {@code type}, or the exception for an answer that is not what the API describes. */
    <T> T as(JsonAnswer answer, Class<T> type, String what) {
        try {
            return ApiJson.MAPPER.treeToValue(answer.body(), type);
        } catch (IOException | IllegalArgumentException e) {
            throw invalid(new Answer(answer.status(), answer.body().toString().getBytes(StandardCharsets.UTF_8)),
                    new Request("GET", what), e.getMessage());
        }
    }

    /** Encodes one path segment. */
    static String pathSegment(String value) {
        return segment(value);
    }

    // ---------------------------------------------------------------- backups (admin)

    /**
     * Streams a consistent backup of the whole store (a backup file, JSON Lines). The caller reads and closes the
     * stream; a broken connection while reading surfaces as an {@link IOException} from the stream.
     *
     * @param timeout how long the whole download may take
     */
    public InputStream exportBackup(Duration timeout) {
        Request r = Request.get("api/admin/backup/export").timeout(timeout).accept(BACKUP_MEDIA_TYPE);
        HttpResponse<InputStream> response = exchange(r, HttpResponse.BodyHandlers.ofInputStream(), in -> {
            try (in) {
                return in.readAllBytes();
            }
        });
        return response.body();
    }

    /**
     * Uploads a backup file into the server's store, which must be empty.
     *
     * @param body    opens the backup file; called once per attempt
     * @param timeout how long the whole upload may take
     * @throws ConflictException   {@code backup_refused}: the store holds data
     * @throws BadRequestException {@code invalid_backup}: the file is damaged; nothing was imported
     */
    public BackupImported importBackup(Supplier<InputStream> body, Duration timeout) {
        Request r = new Request("POST", "api/admin/backup/import").stream(BACKUP_MEDIA_TYPE, body).timeout(timeout);
        return read(execute(r), BackupImported.class, r);
    }

    /** Releases the HTTP client's connections and threads. */
    @Override
    public void close() {
        http.close();
    }

    // ---------------------------------------------------------------- the wire

    private record ActorTypes(ActorTypeInfo[] actorTypes) {
        ActorTypes {
            actorTypes = actorTypes == null ? new ActorTypeInfo[0] : actorTypes;
        }
    }

    private record Queues(QueueDepth[] queues) {
        Queues {
            queues = queues == null ? new QueueDepth[0] : queues;
        }
    }

    private record Breakers(CircuitBreaker[] breakers) {
        Breakers {
            breakers = breakers == null ? new CircuitBreaker[0] : breakers;
        }
    }

    /** A status and body as received. */
    private record Answer(int status, byte[] body) {
    }

    @FunctionalInterface
    private interface BodyBytes<T> {
        byte[] read(T body) throws IOException;
    }

    /** One API call: what to send, how long to wait, whether it may be repeated. */
    private static final class Request {
        final String method;
        final String path;
        final Map<String, Object> query = new LinkedHashMap<>();
        final Map<String, String> headers = new LinkedHashMap<>();
        String contentType;
        Supplier<HttpRequest.BodyPublisher> body = HttpRequest.BodyPublishers::noBody;
        Duration timeout;
        boolean idempotent;
        int alsoAccepted = -1;
        String accept = "application/json";

        Request(String method, String path) {
            this.method = method;
            this.path = path;
        }

        static Request get(String path) {
            return new Request("GET", path).idempotent(true);
        }

        static Request post(String path, JsonNode json) {
            byte[] bytes = json.toString().getBytes(StandardCharsets.UTF_8);
            Request r = new Request("POST", path);
            r.contentType = "application/json";
            r.body = () -> HttpRequest.BodyPublishers.ofByteArray(bytes);
            return r;
        }

        Request stream(String type, Supplier<InputStream> in) {
            contentType = type;
            body = () -> HttpRequest.BodyPublishers.ofInputStream(in);
            return this;
        }

        Request query(String name, Object value) {
            if (value != null) {
                query.put(name, value);
            }
            return this;
        }

        Request header(String name, String value) {
            if (value != null) {
                headers.put(name, value);
            }
            return this;
        }

        Request idempotent(boolean value) {
            idempotent = value;
            return this;
        }

        Request timeout(Duration value) {
            timeout = value;
            return this;
        }

        Request accepting(int status) {
            alsoAccepted = status;
            return this;
        }

        Request accept(String mediaType) {
            accept = mediaType;
            return this;
        }

        String describe() {
            return method + " /" + path;
        }
    }

    private <T> T get(Request r, Class<T> type) {
        return read(execute(r), type, r);
    }

    private Answer execute(Request r) {
        HttpResponse<byte[]> response = exchange(r, HttpResponse.BodyHandlers.ofByteArray(), b -> b);
        return new Answer(response.statusCode(), response.body());
    }

    /**
     * Sends {@code r}, retrying as the class documentation says, and returns a 2xx answer (or the status the request
     * also accepts).
     */
    private <T> HttpResponse<T> exchange(Request r, HttpResponse.BodyHandler<T> handler, BodyBytes<T> errorBytes) {
        for (int attempt = 0; ; attempt++) {
            HttpResponse<T> response;
            try {
                response = http.send(build(r), handler);
            } catch (IOException e) {
                if (attempt < retries && retriable(e, r)) {
                    pause(backoff(attempt), e);
                    continue;
                }
                throw new ServerUnreachableException(display, reason(e), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ServerUnreachableException(display, "interrupted while waiting for the answer", e);
            }
            int status = response.statusCode();
            if (status / 100 == 2 || status == r.alsoAccepted) {
                return response;
            }
            ErrorBody error;
            try {
                error = errorBody(status, errorBytes.read(response.body()), response.headers().firstValue("Retry-After")
                        .map(LoomClient::seconds).orElse(null));
            } catch (IOException e) {
                throw new ServerUnreachableException(display, "the connection broke while reading the " + status
                        + " answer: " + e.getMessage(), e);
            }
            Duration wait = error.retryAfter();
            if (status == 503 && wait != null && r.idempotent && attempt < retries && wait.compareTo(MAX_RETRY_AFTER) <= 0) {
                Duration b = backoff(attempt);
                pause(wait.compareTo(b) > 0 ? wait : b, error.toException());
                continue;
            }
            throw error.toException();
        }
    }

    /**
     * A request never sent (no connection) can always be repeated; one that may have reached the server only when
     * repeating it is harmless. A request timeout is not retried: the server may still be working on it.
     */
    private static boolean retriable(IOException e, Request r) {
        if (e instanceof HttpConnectTimeoutException) {
            return true;
        }
        if (e instanceof HttpTimeoutException || unknownHost(e)) {
            return false;
        }
        return e instanceof ConnectException || r.idempotent;
    }

    private static boolean unknownHost(IOException e) {
        return e instanceof ConnectException && e.getCause() instanceof UnresolvedAddressException;
    }

    private Duration backoff(int attempt) {
        return backoff.multipliedBy(1L << Math.min(attempt, 16));
    }

    private void pause(Duration d, Exception failure) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ServerUnreachableException interrupted = new ServerUnreachableException(display,
                    "interrupted while waiting to retry", e);
            interrupted.addSuppressed(failure);
            throw interrupted;
        }
    }

    private HttpRequest build(Request r) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(r)).timeout(r.timeout == null ? requestTimeout : r.timeout)
                .header("Accept", r.accept);
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (r.contentType != null) {
            b.header("Content-Type", r.contentType);
        }
        r.headers.forEach(b::header);
        return b.method(r.method, r.body.get()).build();
    }

    private URI uri(Request r) {
        // Relative resolution keeps a base path such as http://host/loom/ (behind a proxy) in front of the route.
        String query = r.query.isEmpty() ? "" : r.query.entrySet().stream()
                .map(e -> segment(e.getKey()) + "=" + segment(String.valueOf(e.getValue())))
                .collect(Collectors.joining("&", "?", ""));
        return base.resolve(r.path + query);
    }

    private ErrorBody errorBody(int status, byte[] bytes, Duration retryAfter) {
        JsonNode body = parsedOrNull(bytes);
        if (body != null && body.isObject() && body.path("error").isTextual()) {
            return new ErrorBody(status, body.get("error").asText(), body.path("message").asText("(no message)"),
                    body.path("field").isTextual() ? body.get("field").asText() : null,
                    body.hasNonNull("details") ? body.get("details") : null, retryAfter);
        }
        String text = bytes == null || bytes.length == 0 ? "(empty body)"
                : ApiJson.abbreviate(new String(bytes, StandardCharsets.UTF_8));
        return new ErrorBody(status, "http_error", "not a Loom error body; is " + display + " a Loom server? Body: " + text,
                null, null, retryAfter);
    }

    private <T> T read(Answer a, Class<T> type, Request r) {
        JsonNode body = json(a, r);
        try {
            return ApiJson.MAPPER.treeToValue(body, type);
        } catch (IOException | IllegalArgumentException e) {
            throw invalid(a, r, e.getMessage());
        }
    }

    private JsonNode json(Answer a, Request r) {
        JsonNode body = parsedOrNull(a.body());
        if (body == null || !body.isObject()) {
            throw invalid(a, r, "not a JSON object");
        }
        return body;
    }

    private LoomApiException invalid(Answer a, Request r, String why) {
        String text = a.body() == null ? "" : ApiJson.abbreviate(new String(a.body(), StandardCharsets.UTF_8));
        return new ErrorBody(a.status(), "invalid_response", "the answer to " + r.describe() + " is not what the API"
                + " describes (" + why + "); is " + display + " a Loom server of a compatible version? Body: " + text,
                null, null, null).toException();
    }

    private static JsonNode parsedOrNull(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            return null;
        }
        try {
            return ApiJson.parse(bytes);
        } catch (IOException e) {
            // Not JSON: the caller reports the body as text, which is the useful part.
            return null;
        }
    }

    private static Duration seconds(String header) {
        try {
            long s = Long.parseLong(header.strip());
            return s < 0 ? null : Duration.ofSeconds(s);
        } catch (NumberFormatException e) {
            // The HTTP-date form of Retry-After: rare from Loom's side, so it is treated as not given.
            return null;
        }
    }

    private static String reason(IOException e) {
        return switch (e) {
            case HttpConnectTimeoutException t -> "connection timed out";
            case HttpTimeoutException t -> "no answer within the request timeout";
            case ConnectException c when c.getCause() instanceof UnresolvedAddressException -> "unknown host";
            case ConnectException c -> "connection refused";
            default -> e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        };
    }

    private SendOptions withKey(SendOptions options) {
        Objects.requireNonNull(options, "options");
        if (options.idempotencyKey() != null || retries == 0) {
            return options;
        }
        return options.withIdempotencyKey("loom-client-" + UUID.randomUUID());
    }

    private static ObjectNode message(String messageType, Object payload, Duration delay) {
        Objects.requireNonNull(messageType, "messageType");
        JsonNode fields = payload == null ? ApiJson.MAPPER.createObjectNode() : ApiJson.tree(payload);
        if (!fields.isObject()) {
            throw new IllegalArgumentException("a message payload is a JSON object of the message's fields; got " + fields);
        }
        ObjectNode body = ApiJson.MAPPER.createObjectNode().put("type", messageType);
        body.set("payload", fields);
        if (delay != null) {
            body.put("delay", delay.toString());
        }
        return body;
    }

    private static ObjectNode selection(DeadLetterSelection selection) {
        ObjectNode body = ApiJson.MAPPER.createObjectNode();
        switch (selection) {
            case DeadLetterSelection.Ids ids -> ids.ids().forEach(body.putArray("ids")::add);
            case DeadLetterSelection.Matching m -> {
                ObjectNode f = body.putObject("filter");
                if (m.filter().queue() != null) {
                    f.put("queue", m.filter().queue());
                }
                if (m.filter().actorId() != null) {
                    f.put("actorId", m.filter().actorId());
                }
                if (m.filter().errorType() != null) {
                    f.put("errorType", m.filter().errorType());
                }
                if (m.filter().sender() != null) {
                    f.put("sender", m.filter().sender());
                }
                if (m.filter().failedAfter() != null) {
                    f.put("failedAfter", m.filter().failedAfter().toString());
                }
                if (m.filter().failedBefore() != null) {
                    f.put("failedBefore", m.filter().failedBefore().toString());
                }
            }
            case DeadLetterSelection.All all -> body.put("all", true);
        }
        return body;
    }

    private static String instant(Instant i) {
        return i == null ? null : i.toString();
    }

    private static String actorPath(ActorAddress actor, String suffix) {
        return "api/actors/" + segment(actor.type()) + "/" + segment(actor.id()) + "/" + suffix;
    }

    /** Encodes one path segment or query value. */
    private static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Configures a {@link LoomClient}. */
    public static final class Builder {
        private URI base;
        private String token;
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration requestTimeout = Duration.ofSeconds(30);
        private int retries = 2;
        private Duration backoff = Duration.ofMillis(200);

        private Builder() {
        }

        /**
         * The server's base URL, e.g. {@code http://localhost:3000} or {@code https://host/loom} behind a proxy.
         *
         * @throws IllegalArgumentException if it is not an absolute http(s) URL with a host
         */
        public Builder baseUrl(String url) {
            try {
                return baseUrl(new URI(url));
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("not a URL: '" + url + "': " + e.getReason(), e);
            }
        }

        /** @see #baseUrl(String) */
        public Builder baseUrl(URI url) {
            if (!("http".equals(url.getScheme()) || "https".equals(url.getScheme())) || url.getHost() == null) {
                throw new IllegalArgumentException("a Loom base URL is http://host[:port] or https://host[:port]: " + url);
            }
            String s = url.toString();
            this.base = URI.create(s.endsWith("/") ? s : s + "/");
            return this;
        }

        /** The bearer token; {@code null} or blank sends none (only probes, metrics and the OpenAPI document answer). */
        public Builder token(String value) {
            this.token = value == null || value.isBlank() ? null : value;
            return this;
        }

        /** How long to wait for a connection (default 5 s). */
        public Builder connectTimeout(Duration value) {
            this.connectTimeout = positive(value, "connectTimeout");
            return this;
        }

        /**
         * How long to wait for an answer (default 30 s). An ask waits its own timeout plus 10 s instead; backups
         * take theirs per call.
         */
        public Builder requestTimeout(Duration value) {
            this.requestTimeout = positive(value, "requestTimeout");
            return this;
        }

        /**
         * Retries of connection failures and of 503 with {@code Retry-After} (see {@link LoomClient}); default 2
         * retries from 200 ms. 0 turns retries, and with them generated idempotency keys, off.
         *
         * @param count   retries after the first attempt, 0-10
         * @param backoff the first pause, doubled for each further retry
         */
        public Builder retries(int count, Duration backoff) {
            if (count < 0 || count > 10) {
                throw new IllegalArgumentException("retries are 0 to 10: " + count);
            }
            this.retries = count;
            this.backoff = Objects.requireNonNull(backoff, "backoff");
            if (backoff.isNegative()) {
                throw new IllegalArgumentException("a backoff cannot be negative: " + backoff);
            }
            return this;
        }

        /**
         * @throws IllegalStateException if no base URL was given
         */
        public LoomClient build() {
            if (base == null) {
                throw new IllegalStateException("give the server's URL with baseUrl(...)");
            }
            return new LoomClient(this);
        }

        private static Duration positive(Duration d, String name) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive: " + d);
            }
            return d;
        }
    }
}
