package dev.loom.cli.dlq;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loom.cli.CliException;
import dev.loom.cli.ExitCode;
import dev.loom.json.Json;
import java.util.List;

/**
 * Which letters a redrive or purge applies to: given ids, a filter, or all. Exactly one must be given, so a
 * forgotten argument never turns into "everything".
 */
record Selection(List<String> ids, DeadLetterFilter filter, boolean all) {
    /**
     * @throws CliException if none or more than one of ids, filter and all are given
     */
    static Selection of(List<String> ids, DeadLetterFilter filter, boolean all, String command) {
        List<String> given = ids == null ? List.of() : ids;
        int kinds = (given.isEmpty() ? 0 : 1) + (filter.isEmpty() ? 0 : 1) + (all ? 1 : 0);
        if (kinds != 1) {
            throw new CliException("say which dead letters to " + command + ": give IDs, or a filter (--queue, --actor-id, "
                    + "--error-type), or --all - exactly one of these", ExitCode.USAGE);
        }
        return new Selection(given, filter, all);
    }

    /** The request body of the admin API: {@code {"ids"}}, {@code {"filter"}} or {@code {"all": true}}. */
    ObjectNode body() {
        ObjectNode body = Json.mapper().createObjectNode();
        if (all) {
            body.put("all", true);
        } else if (!ids.isEmpty()) {
            ids.forEach(body.putArray("ids")::add);
        } else {
            ObjectNode f = body.putObject("filter");
            if (filter.queue() != null) {
                f.put("queue", filter.queue());
            }
            if (filter.actorId() != null) {
                f.put("actorId", filter.actorId());
            }
            if (filter.errorType() != null) {
                f.put("errorType", filter.errorType());
            }
        }
        return body;
    }

    /** How the selection reads in a sentence. */
    String describe() {
        if (all) {
            return "ALL dead letters";
        }
        if (!ids.isEmpty()) {
            return ids.size() + " dead letter(s) by id";
        }
        return "every dead letter matching " + filter;
    }
}
