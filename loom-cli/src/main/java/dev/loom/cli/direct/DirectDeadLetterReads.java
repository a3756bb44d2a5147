package dev.loom.cli.direct;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loom.cli.CliException;
import dev.loom.cli.dlq.DeadLetterFilter;
import dev.loom.cli.dlq.DeadLetterReads;
import dev.loom.json.Json;
import dev.loom.spi.DeadLetter;
import dev.loom.spi.DeadLetterQuery;
import java.util.List;

/** {@link DeadLetterReads} straight from a database file. */
public final class DirectDeadLetterReads implements DeadLetterReads {
    private final DirectLoom direct;

    public DirectDeadLetterReads(DirectLoom direct) {
        this.direct = direct;
    }

    @Override
    public JsonNode list(DeadLetterFilter filter, String afterId, int limit) {
        DeadLetterQuery query = new DeadLetterQuery(filter.queue(), filter.actorId(), filter.errorType(), filter.sender(),
                filter.failedAfter(), filter.failedBefore(), afterId, limit);
        List<DeadLetter> items = direct.loom().deadLetters().list(query);
        ObjectNode page = Json.mapper().createObjectNode();
        ArrayNode out = page.putArray("items");
        items.forEach(d -> out.add(ApiShapes.deadLetter(d)));
        if (items.size() == limit) {
            page.put("next", items.getLast().id());
        } else {
            page.putNull("next");
        }
        page.put("total", direct.loom().deadLetters().count(query));
        return page;
    }

    @Override
    public JsonNode get(String id) {
        return direct.loom().deadLetters().get(id).map(ApiShapes::deadLetter)
                .orElseThrow(() -> new CliException("no dead letter with id '" + id + "'"));
    }

    @Override
    public void close() {
        direct.close();
    }
}
