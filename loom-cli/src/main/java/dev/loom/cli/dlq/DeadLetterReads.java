package dev.loom.cli.dlq;

import com.fasterxml.jackson.databind.JsonNode;

/** Read access to the dead-letter queue, from a server or a store file; answers in the HTTP contract's shapes. */
public interface DeadLetterReads extends AutoCloseable {
    /** {@code {"items":[...],"next","total"}}: one page of letters matching {@code filter}, ordered by id. */
    JsonNode list(DeadLetterFilter filter, String afterId, int limit);

    /**
     * One letter.
     *
     * @throws dev.loom.cli.CliException or an API error if there is no letter with that id
     */
    JsonNode get(String id);

    @Override
    void close();
}
