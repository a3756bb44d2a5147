package dev.loom.cli.direct;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loom.actor.ActorRef;
import dev.loom.cli.actor.ActorReads;
import dev.loom.json.Json;
import dev.loom.runtime.ReplayStep;
import dev.loom.spi.JournalEntry;
import dev.loom.spi.Timer;
import java.util.List;
import java.util.OptionalLong;

/** {@link ActorReads} straight from a database file. */
public final class DirectActorReads implements ActorReads {
    private final DirectLoom direct;

    public DirectActorReads(DirectLoom direct) {
        this.direct = direct;
    }

    @Override
    public JsonNode state(ActorRef actor, OptionalLong at) {
        return ApiShapes.state(at.isPresent() ? direct.loom().stateAt(actor, at.getAsLong()) : direct.loom().state(actor));
    }

    @Override
    public JsonNode journal(ActorRef actor, long from, int limit) {
        // One entry more than asked tells whether a next page exists.
        List<JournalEntry> entries = direct.loom().journal(actor, from, limit + 1);
        ObjectNode page = Json.mapper().createObjectNode();
        page.put("actor", actor.toString());
        ArrayNode out = page.putArray("entries");
        entries.stream().limit(limit).forEach(e -> out.add(ApiShapes.entry(e)));
        if (entries.size() > limit) {
            page.put("next", entries.get(limit).seq());
        } else {
            page.putNull("next");
        }
        return page;
    }

    @Override
    public JsonNode replay(ActorRef actor, long from, OptionalLong to) {
        long last = to.isPresent() ? to.getAsLong() : direct.loom().state(actor).seq();
        ObjectNode replay = Json.mapper().createObjectNode();
        replay.put("actor", actor.toString());
        ArrayNode steps = replay.putArray("steps");
        if (last >= from) {
            for (ReplayStep step : direct.loom().replay(actor, from, last)) {
                ObjectNode s = steps.addObject();
                s.set("entry", ApiShapes.entry(step.entry()));
                s.set("state", step.state());
            }
        }
        return replay;
    }

    @Override
    public JsonNode timers(ActorRef actor) {
        ObjectNode answer = Json.mapper().createObjectNode();
        answer.put("actor", actor.toString());
        ArrayNode out = answer.putArray("timers");
        for (Timer t : direct.loom().store().timers().forActor(actor)) {
            ObjectNode n = out.addObject().put("timerId", t.timerId()).put("deliverAt", t.deliverAt().toString());
            n.set("message", Json.toTree(t.envelope()));
            if (t.reminder() == null) {
                n.putNull("reminder");
            } else {
                n.putObject("reminder").put("name", t.reminder().name()).put("interval", t.reminder().interval().toString())
                        .put("missed", t.reminder().missed().name());
            }
        }
        return answer;
    }

    @Override
    public JsonNode ids(String type, String prefix, String after, int limit) {
        List<String> ids = direct.loom().store().journal().actorIdsStartingWith(type, prefix == null ? "" : prefix,
                after, limit);
        ObjectNode page = Json.mapper().createObjectNode();
        page.put("type", type);
        ArrayNode out = page.putArray("ids");
        ids.forEach(out::add);
        if (ids.size() == limit) {
            page.put("next", ids.getLast());
        } else {
            page.putNull("next");
        }
        return page;
    }

    @Override
    public void close() {
        direct.close();
    }
}
