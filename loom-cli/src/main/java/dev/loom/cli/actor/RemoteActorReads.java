package dev.loom.cli.actor;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loom.actor.ActorRef;
import dev.loom.cli.remote.LoomClient;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;

/** {@link ActorReads} over the HTTP API. */
public final class RemoteActorReads implements ActorReads {
    private final LoomClient client;

    public RemoteActorReads(LoomClient client) {
        this.client = client;
    }

    @Override
    public JsonNode state(ActorRef actor, OptionalLong at) {
        Map<String, Object> query = new HashMap<>();
        at.ifPresent(seq -> query.put("at", seq));
        return client.get(ActorPaths.of(actor, "state"), query);
    }

    @Override
    public JsonNode journal(ActorRef actor, long from, int limit) {
        return client.get(ActorPaths.of(actor, "journal"), Map.of("from", from, "limit", limit));
    }

    @Override
    public JsonNode replay(ActorRef actor, long from, OptionalLong to) {
        Map<String, Object> query = new HashMap<>();
        query.put("from", from);
        to.ifPresent(seq -> query.put("to", seq));
        return client.get(ActorPaths.of(actor, "replay"), query);
    }

    @Override
    public void close() {
        // The HTTP client holds no connection worth closing for a one-shot command.
    }
}
