package dev.loom.cli.actor;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loom.actor.ActorRef;
import dev.loom.cli.remote.RemoteOptions;
import dev.loom.client.LoomClient;
import java.util.OptionalLong;

/** {@link ActorReads} over the HTTP API, through the Java client. */
public final class RemoteActorReads implements ActorReads {
    private final LoomClient client;

    public RemoteActorReads(LoomClient client) {
        this.client = client;
    }

    @Override
    public JsonNode state(ActorRef actor, OptionalLong at) {
        var address = RemoteOptions.address(actor);
        return LoomClient.toJson(at.isPresent() ? client.stateAt(address, at.getAsLong()) : client.state(address));
    }

    @Override
    public JsonNode journal(ActorRef actor, long from, int limit) {
        return LoomClient.toJson(client.journal(RemoteOptions.address(actor), from, limit));
    }

    @Override
    public JsonNode replay(ActorRef actor, long from, OptionalLong to) {
        var address = RemoteOptions.address(actor);
        return LoomClient.toJson(to.isPresent() ? client.replay(address, from, to.getAsLong()) : client.replay(address, from));
    }

    @Override
    public JsonNode timers(ActorRef actor) {
        return LoomClient.toJson(client.timers(RemoteOptions.address(actor)));
    }

    @Override
    public JsonNode ids(String type, String prefix, String after, int limit) {
        return LoomClient.toJson(client.actorIds(type, prefix, after, limit));
    }

    @Override
    public void close() {
        client.close();
    }
}
