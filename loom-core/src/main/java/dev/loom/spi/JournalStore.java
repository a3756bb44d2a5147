package dev.loom.spi;

import dev.loom.actor.ActorRef;
import java.util.ArrayList;
import java.util.List;

/** Read side of the journal. Entries are appended only by {@link Write.TurnCommit}. */
public interface JournalStore {
    /** Up to {@code limit} entries of the actor with seq at least {@code fromSeq}, ascending. */
    List<JournalEntry> read(ActorRef actor, long fromSeq, int limit);

    /** The actor's last seq, or 0 if it has never committed a turn (trimming does not change it). */
    long lastSeq(ActorRef actor);

    /** The smallest seq still stored, or 0 when no entry is stored. */
    long firstSeq(ActorRef actor);

    /** Ids of actors of {@code type} that have a journal entry or snapshot, ascending, after {@code afterId}. */
    List<String> actorIds(String type, String afterId, int limit);

    /**
     * The ids {@link #actorIds} lists that start with {@code prefix} (compared character by character, case
     * sensitive), in the same order, after {@code afterId}, at most {@code limit}. An empty prefix lists every id.
     *
     * <p>The default pages through {@link #actorIds} and relies on the ids with a common prefix being contiguous in
     * its order, so it stops at the first id past the range; it reads every id before the range, so stores should
     * answer with an indexed range query instead.
     *
     * @param prefix  the ids' common start; not null
     * @param afterId the previous page's last id, or {@code null} from the start
     * @param limit   at most this many (0 or less: none)
     */
    default List<String> actorIdsStartingWith(String type, String prefix, String afterId, int limit) {
        if (prefix.isEmpty() || limit <= 0) {
            return actorIds(type, afterId, limit);
        }
        int page = Math.max(limit, 200);
        List<String> out = new ArrayList<>();
        String cursor = afterId;
        boolean inRange = false;
        while (true) {
            List<String> ids = actorIds(type, cursor, page);
            for (String id : ids) {
                if (id.startsWith(prefix)) {
                    inRange = true;
                    out.add(id);
                    if (out.size() == limit) {
                        return out;
                    }
                } else if (inRange) {
                    return out;
                }
            }
            if (ids.size() < page) {
                return out;
            }
            cursor = ids.getLast();
        }
    }
}
