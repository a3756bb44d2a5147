package dev.loom.cli.dlq;

import dev.loom.cli.CliException;
import dev.loom.cli.ExitCode;
import dev.loom.client.DeadLetterSelection;
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
                    + "--error-type, --sender, --failed-after, --failed-before), or --all - exactly one of these", ExitCode.USAGE);
        }
        return new Selection(given, filter, all);
    }

    /** The selection as the client takes it. */
    DeadLetterSelection toClient() {
        if (all) {
            return DeadLetterSelection.all();
        }
        return ids.isEmpty() ? DeadLetterSelection.matching(clientFilter(filter)) : DeadLetterSelection.ids(ids);
    }

    /** The CLI's filter as the client's. */
    static dev.loom.client.DeadLetterFilter clientFilter(DeadLetterFilter filter) {
        return new dev.loom.client.DeadLetterFilter(filter.queue(), filter.actorId(), filter.errorType(), filter.sender(),
                filter.failedAfter(), filter.failedBefore());
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
