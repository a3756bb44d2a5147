package dev.loom.http.routes;

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

    private final ServerContext ctx;

    private ActorRoutes(ServerContext ctx) {
        this.ctx = ctx;
    }

    public static List<Route> routes(ServerContext ctx) {
        ActorRoutes r = new ActorRoutes(ctx);
        return List.of(
                Route.get("/api/actor-types", Access.READ, "Registered actor types with their message types and policies",
                        r::actorTypes),
                Route.post("/api/actors/{type}/{id}/messages", Access.WRITE,
                        "Send a message (durable when answered 202); Idempotency-Key and traceparent headers", r::send),
                Route.post("/api/actors/{type}/{id}/ask", Access.WRITE,
                        "Send a message and wait for the reply (?timeout=, default 10s, max 60s)", r::ask),
                Route.get("/api/actors/{type}/{id}/state", Access.READ, "The actor's state, or as of a journal seq (?at=)",
                        r::state),
                Route.get("/api/actors/{type}/{id}/journal", Access.READ, "Journal entries (?from=1&limit=100)", r::journal),
                Route.get("/api/actors/{type}/{id}/replay", Access.READ, "Replay the journal with the state after each entry"
                        + " (?from=1&to=)", r::replay),
                Route.get("/api/actors/{type}", Access.READ, "Ids of the type's actors (?after=&limit=100)", r::list));
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

    private ApiResponse send(Call call) {
        ActorRef actor = call.actor();
        MessageRequest m = MessageRequest.from(call);
        refuseWhenDraining();
        Accepted sent = ctx.loom().sendJson(actor, m.messageType(), m.payload(), m.options());
        return ApiResponse.json(202, F.objectNode().put("messageId", sent.messageId()).put("actor", actor.toString()).put("deduplicated", sent.deduplicated()));
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
        Optional<String> prefix = call.caller().scope().idPrefix();
        List<String> ids = ctx.loom().store().journal().actorIds(type, after, limit);
        ObjectNode body = F.objectNode().put("type", type);
        ArrayNode arr = body.putArray("ids");
        ids.stream().filter(id -> prefix.map(id::startsWith).orElse(true)).forEach(arr::add);
        if (ids.size() == limit) {
            body.put("next", ids.getLast());
        } else {
            body.putNull("next");
        }
        return ApiResponse.ok(body);
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
