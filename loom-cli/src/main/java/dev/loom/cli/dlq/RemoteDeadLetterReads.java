package dev.loom.cli.dlq;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loom.cli.remote.LoomClient;
import java.util.HashMap;
import java.util.Map;

/** {@link DeadLetterReads} over the admin API. */
public final class RemoteDeadLetterReads implements DeadLetterReads {
    static final String PATH = "api/admin/dead-letters";

    private final LoomClient client;

    public RemoteDeadLetterReads(LoomClient client) {
        this.client = client;
    }

    @Override
    public JsonNode list(DeadLetterFilter filter, String afterId, int limit) {
        Map<String, Object> query = new HashMap<>();
        query.put("queue", filter.queue());
        query.put("actorId", filter.actorId());
        query.put("errorType", filter.errorType());
        query.put("after", afterId);
        query.put("limit", limit);
        return client.get(PATH, query);
    }

    @Override
    public JsonNode get(String id) {
        return client.get(PATH + "/" + LoomClient.segment(id));
    }

    @Override
    public void close() {
        // The HTTP client holds no connection worth closing for a one-shot command.
    }
}
