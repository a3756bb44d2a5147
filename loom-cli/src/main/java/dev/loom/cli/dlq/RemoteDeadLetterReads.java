package dev.loom.cli.dlq;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loom.client.LoomClient;

/** {@link DeadLetterReads} over the admin API, through the Java client. */
public final class RemoteDeadLetterReads implements DeadLetterReads {
    private final LoomClient client;

    public RemoteDeadLetterReads(LoomClient client) {
        this.client = client;
    }

    @Override
    public JsonNode list(DeadLetterFilter filter, String afterId, int limit) {
        return LoomClient.toJson(client.deadLetters(Selection.clientFilter(filter), afterId, limit));
    }

    @Override
    public JsonNode get(String id) {
        return LoomClient.toJson(client.deadLetter(id));
    }

    @Override
    public void close() {
        client.close();
    }
}
