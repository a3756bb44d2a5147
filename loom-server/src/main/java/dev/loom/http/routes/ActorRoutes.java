package dev.loom.http.routes;

import static dev.loom.http.JsonSchema.any;
import static dev.loom.http.JsonSchema.arrayOf;
import static dev.loom.http.JsonSchema.bool;
import static dev.loom.http.JsonSchema.integer;
import static dev.loom.http.JsonSchema.nullable;
import static dev.loom.http.JsonSchema.number;
import static dev.loom.http.JsonSchema.object;
import static dev.loom.http.JsonSchema.oneOfStrings;
import static dev.loom.http.JsonSchema.string;
import static dev.loom.http.routes.JsonViews.F;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loom.actor.ActorRef;
import dev.loom.actor.ActorType;
import dev.loom.config.Durations;
import dev.loom.http.Access;
import dev.loom.http.ApiException;
import dev.loom.http.ApiResponse;
import dev.loom.http.Call;
import dev.loom.http.ErrorStatus;
import dev.loom.http.Operation;
import dev.loom.http.Operation.Parameter;
import dev.loom.http.Route;
import dev.loom.runtime.Accepted;
import dev.loom.runtime.ActorState;
import dev.loom.runtime.Reply;
import dev.loom.runtime.ReplayStep;
import dev.loom.spi.JournalEntry;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The application API: actor types, send, ask, state, journal, replay and listing. */
public final class ActorRoutes {
    static final Duration DEFAULT_ASK_TIMEOUT = Duration.ofSeconds(10);
    static final Duration MAX_ASK_TIMEOUT = Duration.ofSeconds(60);
    static final int MAX_PAGE = 1000;
    static final int MAX_REPLAY_STEPS = 1000;
    static final int MAX_PREFIX = 200;

    private static final Parameter IDEMPOTENCY_KEY = Parameter.header("Idempotency-Key", "De-duplication key,"
            + " scoped to the actor: a message with a key already accepted is not enqueued again",
            string().put("minLength", 1).put("maxLength", 200));
    private static final Parameter TRACEPARENT = Parameter.header("traceparent", "W3C trace context the message"
            + " and its turn are recorded under", string().put("pattern", "^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$"));
    private static final ObjectNode PAGE_LIMIT = integer().put("minimum", 1).put("maximum", MAX_PAGE);

    private static final Operation ACTOR_TYPES = Operation.of("Registered actor types with their message types and"
                    + " policies")
            .ok("The actor types within the token's scope", object().required("actorTypes", arrayOf(object()
                    .required("name", string())
                    .required("messageTypes", arrayOf(string()))
                    .required("retry", object()
                            .required("maxAttempts", integer().put("minimum", 1))
                            .required("initialDelay", string().put("description", "ISO-8601 duration"))
                            .required("maxDelay", string().put("description", "ISO-8601 duration"))
                            .required("multiplier", number())
                            .build())
                    .required("snapshotEvery", integer())
                    .required("retainJournal", bool())
                    .optional("passivateAfter", string().put("description", "ISO-8601 duration"))
                    .build())).build())
            .build();
    private static final Operation MESSAGE_TYPES = Operation.of("The type's message types with their fields, for"
                    + " building a message")
            .param(ApiSchemas.ACTOR_TYPE)
            .ok("One entry per message type, in declaration order", object()
                    .required("type", string())
                    .required("messageTypes", arrayOf(object()
                            .required("name", string().put("description", "The `type` of a MessageRequest"))
                            .required("described", bool().put("description", "Whether the fields are known (the"
                                    + " message class is a record); when false, only raw JSON can be sent"))
                            .required("fields", arrayOf(object()
                                    .required("name", string())
                                    .required("type", oneOfStrings("string", "integer", "number", "boolean", "array",
                                            "object"))
                                    .required("required", bool().put("description", "A primitive field: the server"
                                            + " refuses the message when it is missing or null"))
                                    .optional("enum", arrayOf(string()).put("description", "The values an enum"
                                            + " field accepts"))
                                    .build()))
                            .build()))
                    .build())
            .errors(ErrorStatus.BAD_REQUEST, ErrorStatus.NOT_FOUND)
            .build();
    private static final Operation SEND = Operation.of("Send a message (durable when answered 202)")
            .param(ApiSchemas.ACTOR_TYPE).param(ApiSchemas.ACTOR_ID).param(IDEMPOTENCY_KEY).param(TRACEPARENT)
            .jsonBody(ApiSchemas.MESSAGE_REQUEST)
            .response(202, "Accepted: the message is stored and will be processed", object()
                    .required("messageId", nullable(string().put("description", "The message's id; null only when deduplicated against a key"
                            + " committed by a Loom version that did not keep message ids in idempotency records")))
                    .required("actor", string().put("description", "type/id"))
                    .required("deduplicated", bool().put("description", "true when a message with the same"
                            + " Idempotency-Key was already accepted; messageId is then the original's"))
                    .build())
            .errors(ErrorStatus.NOT_FOUND, ErrorStatus.UNAVAILABLE)
            .build();
    private static final Operation ASK = Operation.of("Send a message and wait for the reply")
            .param(ApiSchemas.ACTOR_TYPE).param(ApiSchemas.ACTOR_ID)
            .query("timeout", "How long to wait for the reply: a duration such as PT5S, 500ms, 5s, 2m, 1h or 1d,"
                    + " above 0 and at most " + MAX_ASK_TIMEOUT.toSeconds() + "s; default "
                    + DEFAULT_ASK_TIMEOUT.toSeconds() + "s", string())
            .param(IDEMPOTENCY_KEY).param(TRACEPARENT)
            .jsonBody(ApiSchemas.MESSAGE_REQUEST)
            .ok("The actor's reply", object()
                    .required("messageId", nullable(string().put("description", "The message's id; null only when deduplicated against a key"
                            + " committed by a Loom version that did not keep message ids in idempotency records")))
                    .required("reply", any().put("description", "What the handler replied (null for none)"))
                    .required("deduplicated", bool().put("description", "true when the reply is that of a message"
                            + " already accepted with the same Idempotency-Key"))
                    .build())
            .errors(ErrorStatus.NOT_FOUND, ErrorStatus.CONFLICT, ErrorStatus.UNAVAILABLE, ErrorStatus.ASK_TIMEOUT)
            .build();
    private static final Operation STATE = Operation.of("The actor's state, now or as of a journal seq")
            .param(ApiSchemas.ACTOR_TYPE).param(ApiSchemas.ACTOR_ID)
            .query("at", "The journal seq to fold the state up to (0: the initial state); default: the latest",
                    integer().put("minimum", 0))
            .ok("The state and the seq it reflects", object()
                    .required("actor", string())
                    .required("seq", integer().put("minimum", 0))
                    .required("state", any())
                    .build())
            .errors(ErrorStatus.BAD_REQUEST, ErrorStatus.NOT_FOUND, ErrorStatus.CONFLICT, ErrorStatus.UNAVAILABLE)
            .build();
    private static final Operation JOURNAL = Operation.of("Journal entries, oldest first")
            .param(ApiSchemas.ACTOR_TYPE).param(ApiSchemas.ACTOR_ID)
            .query("from", "The first seq; default 1", integer().put("minimum", 1))
            .query("limit", "At most this many entries; default 100", PAGE_LIMIT)
            .ok("A page of entries", object()
                    .required("actor", string())
                    .required("entries", arrayOf(ApiSchemas.JOURNAL_ENTRY))
                    .required("next", nullable(integer()).put("description", "The `from` of the next page; null on"
                            + " the last"))
                    .build())
            .errors(ErrorStatus.BAD_REQUEST, ErrorStatus.NOT_FOUND, ErrorStatus.UNAVAILABLE)
            .build();
    private static final Operation REPLAY = Operation.of("Replay the journal with the state after each entry")
            .param(ApiSchemas.ACTOR_TYPE).param(ApiSchemas.ACTOR_ID)
            .query("from", "The first seq; default 1", integer().put("minimum", 1))
            .query("to", "The last seq; default: the latest. At most " + MAX_REPLAY_STEPS + " entries from `from`",
                    integer().put("minimum", 0))
            .ok("The steps (none when `to` is below `from`)", object()
                    .required("actor", string())
                    .required("steps", arrayOf(object()
                            .required("entry", ApiSchemas.JOURNAL_ENTRY)
                            .required("state", any().put("description", "The state after the entry"))
                            .build()))
                    .build())
            .errors(ErrorStatus.BAD_REQUEST, ErrorStatus.NOT_FOUND, ErrorStatus.CONFLICT, ErrorStatus.UNAVAILABLE)
            .build();
    private static final Operation LIST = Operation.of("Ids of the type's actors, in order")
            .param(ApiSchemas.ACTOR_TYPE)
            .query("prefix", "Only ids that start with this (case sensitive, no wildcards; at most " + MAX_PREFIX
                    + " characters); default: every id", string().put("maxLength", MAX_PREFIX))
            .query("after", "List ids after this one (the previous page's `next`)", string())
            .query("limit", "At most this many ids; default 100", PAGE_LIMIT)
            .ok("A page of ids (only those within the token's id prefix)", object()
                    .required("type", string())
                    .required("ids", arrayOf(string()))
                    .required("next", nullable(string()).put("description", "The `after` of the next page; null on"
                            + " the last"))
                    .build())
            .errors(ErrorStatus.BAD_REQUEST, ErrorStatus.NOT_FOUND, ErrorStatus.UNAVAILABLE)
            .build();

    private final ServerContext ctx;

    private ActorRoutes(ServerContext ctx) {
        this.ctx = ctx;
    }

    public static List<Route> routes(ServerContext ctx) {
        ActorRoutes r = new ActorRoutes(ctx);
        return List.of(
                Route.get("/api/actor-types", Access.READ, ACTOR_TYPES, r::actorTypes),
                Route.get("/api/actor-types/{type}/message-types", Access.READ, MESSAGE_TYPES, r::messageTypes),
                Route.post("/api/actors/{type}/{id}/messages", Access.WRITE, SEND, r::send),
                Route.post("/api/actors/{type}/{id}/ask", Access.WRITE, ASK, r::ask),
                Route.get("/api/actors/{type}/{id}/state", Access.READ, STATE, r::state),
                Route.get("/api/actors/{type}/{id}/journal", Access.READ, JOURNAL, r::journal),
                Route.get("/api/actors/{type}/{id}/replay", Access.READ, REPLAY, r::replay),
                Route.get("/api/actors/{type}", Access.READ, LIST, r::list));
    }

    private ApiResponse actorTypes(Call call) {
        ObjectNode body = F.objectNode();
        ArrayNode arr = body.putArray("actorTypes");
        for (ActorType<?, ?> t : ctx.loom().actorTypes()) {
            if (!call.caller().scope().permitsType(t.name())) {
                continue;
            }
            ObjectNode n = arr.addObject().put("name", t.name());
            ArrayNode types = n.putArray("messageTypes");
            t.messageTypes().keySet().forEach(types::add);
            n.putObject("retry").put("maxAttempts", t.retry().maxAttempts())
                    .put("initialDelay", t.retry().initialDelay().toString())
                    .put("maxDelay", t.retry().maxDelay().toString())
                    .put("multiplier", t.retry().multiplier());
            n.put("snapshotEvery", t.snapshotEvery());
            n.put("retainJournal", t.retainJournal());
            t.passivateAfter().ifPresent(p -> n.put("passivateAfter", p.toString()));
        }
        return ApiResponse.ok(body);
    }

    private ApiResponse messageTypes(Call call) {
        String type = call.param("type");
        try {
            ActorRef.of(type, "x");
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, "invalid_actor_ref", e.getMessage());
        }
        ActorType<?, ?> t = ctx.loom().actorTypes().stream().filter(a -> a.name().equals(type)).findFirst()
                .orElseThrow(() -> new ApiException(404, "unknown_actor_type", "no actor type '" + type
                        + "' is registered; GET /api/actor-types lists them"));
        ObjectNode body = F.objectNode().put("type", type);
        ArrayNode arr = body.putArray("messageTypes");
        t.messageTypes().forEach((name, cls) -> {
            ObjectNode m = arr.addObject().put("name", name).put("described", MessageFields.described(cls));
            ArrayNode fields = m.putArray("fields");
            for (MessageFields f : MessageFields.of(cls)) {
                ObjectNode n = fields.addObject().put("name", f.name()).put("type", f.type()).put("required", f.required());
                if (!f.values().isEmpty()) {
                    ArrayNode values = n.putArray("enum");
                    f.values().forEach(values::add);
                }
            }
        });
        return ApiResponse.ok(body);
    }

    private ApiResponse send(Call call) {
        ActorRef actor = call.actor();
        MessageRequest m = MessageRequest.from(call);
        refuseWhenDraining();
        Accepted sent = ctx.loom().sendJson(actor, m.messageType(), m.payload(), m.options());
        return ApiResponse.json(202, F.objectNode().put("messageId", sent.messageId()).put("actor", actor.toString())
                .put("deduplicated", sent.deduplicated()));
    }

    private ApiResponse ask(Call call) {
        ActorRef actor = call.actor();
        Duration timeout = askTimeout(call.query("timeout"));
        MessageRequest m = MessageRequest.from(call);
        refuseWhenDraining();
        Reply reply = ctx.loom().askJson(actor, m.messageType(), m.payload(), m.options(), timeout);
        ObjectNode body = F.objectNode().put("messageId", reply.messageId());
        body.set("reply", reply.value() == null ? F.nullNode() : reply.value());
        body.put("deduplicated", reply.deduplicated());
        return ApiResponse.ok(body);
    }

    private ApiResponse state(Call call) {
        ActorRef actor = call.actor();
        requireType(actor.type());
        ActorState s;
        if (call.query("at").isPresent()) {
            long at = call.longQuery("at", 0, 0, Long.MAX_VALUE);
            long last = ctx.loom().store().journal().lastSeq(actor);
            if (at > last) {
                throw ApiException.notFound("actor " + actor + " has no seq " + at + "; its last committed seq is " + last);
            }
            s = ctx.loom().stateAt(actor, at);
        } else {
            s = ctx.loom().state(actor);
        }
        ObjectNode body = F.objectNode().put("actor", actor.toString()).put("seq", s.seq());
        body.set("state", s.state());
        return ApiResponse.ok(body);
    }

    private ApiResponse journal(Call call) {
        ActorRef actor = call.actor();
        requireType(actor.type());
        long from = call.longQuery("from", 1, 1, Long.MAX_VALUE);
        int limit = (int) call.longQuery("limit", 100, 1, MAX_PAGE);
        List<JournalEntry> entries = ctx.loom().journal(actor, from, limit);
        ObjectNode body = F.objectNode().put("actor", actor.toString());
        ArrayNode arr = body.putArray("entries");
        entries.forEach(e -> arr.add(JsonViews.journalEntry(e)));
        if (entries.size() == limit) {
            body.put("next", entries.getLast().seq() + 1);
        } else {
            body.putNull("next");
        }
        return ApiResponse.ok(body);
    }

    private ApiResponse replay(Call call) {
        ActorRef actor = call.actor();
        requireType(actor.type());
        long from = call.longQuery("from", 1, 1, Long.MAX_VALUE);
        long last = ctx.loom().store().journal().lastSeq(actor);
        long to = call.longQuery("to", last, 0, Long.MAX_VALUE);
        if (to < from) {
            return ApiResponse.ok(replayBody(actor, List.of()));
        }
        if (to - from + 1 > MAX_REPLAY_STEPS) {
            throw ApiException.badField("bad_request", "to", "a replay covers at most " + MAX_REPLAY_STEPS
                    + " entries; ask for from=" + from + "&to=" + (from + MAX_REPLAY_STEPS - 1) + " and page on");
        }
        return ApiResponse.ok(replayBody(actor, ctx.loom().replay(actor, from, to)));
    }

    private static ObjectNode replayBody(ActorRef actor, List<ReplayStep> steps) {
        ObjectNode body = F.objectNode().put("actor", actor.toString());
        ArrayNode arr = body.putArray("steps");
        for (ReplayStep s : steps) {
            ObjectNode n = arr.addObject();
            n.set("entry", JsonViews.journalEntry(s.entry()));
            n.set("state", s.state());
        }
        return body;
    }

    private ApiResponse list(Call call) {
        String type = call.param("type");
        try {
            ActorRef.of(type, "x");
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, "invalid_actor_ref", e.getMessage());
        }
        requireType(type);
        int limit = (int) call.longQuery("limit", 100, 1, MAX_PAGE);
        String after = call.query("after").orElse(null);
        String asked = call.query("prefix").orElse("");
        if (asked.length() > MAX_PREFIX) {
            throw ApiException.badField("bad_request", "prefix", "query parameter 'prefix' must be at most " + MAX_PREFIX
                    + " characters");
        }
        Optional<String> prefix = effectivePrefix(asked, call.caller().scope().idPrefix().orElse(""));
        List<String> ids = prefix.isEmpty() ? List.of()
                : ctx.loom().store().journal().actorIdsStartingWith(type, prefix.get(), after, limit);
        ObjectNode body = F.objectNode().put("type", type);
        ArrayNode arr = body.putArray("ids");
        ids.forEach(arr::add);
        if (ids.size() == limit) {
            body.put("next", ids.getLast());
        } else {
            body.putNull("next");
        }
        return ApiResponse.ok(body);
    }

    /**
     * The prefix the listed ids must have to match both the asked one and the token's scope: the longer of the two
     * when one starts with the other, empty when none can match both.
     */
    static Optional<String> effectivePrefix(String asked, String scoped) {
        if (asked.startsWith(scoped)) {
            return Optional.of(asked);
        }
        return scoped.startsWith(asked) ? Optional.of(scoped) : Optional.empty();
    }

    private void requireType(String type) {
        boolean known = ctx.loom().actorTypes().stream().anyMatch(t -> t.name().equals(type));
        if (!known) {
            throw new ApiException(404, "unknown_actor_type", "no actor type '" + type + "' is registered; GET"
                    + " /api/actor-types lists them");
        }
    }

    private void refuseWhenDraining() {
        if (!ctx.lifecycle().acceptsWork()) {
            throw ApiException.unavailable("the server is shutting down and accepts no new messages; retry on another node");
        }
    }

    static Duration askTimeout(Optional<String> text) {
        if (text.isEmpty()) {
            return DEFAULT_ASK_TIMEOUT;
        }
        Optional<Duration> d = Durations.parse(text.get());
        if (d.isEmpty() || d.get().isZero() || d.get().isNegative() || d.get().compareTo(MAX_ASK_TIMEOUT) > 0) {
            throw ApiException.badField("bad_request", "timeout", "query parameter 'timeout' must be "
                    + Durations.expectedForm() + ", above 0 and at most 60s");
        }
        return d.get();
    }
}
