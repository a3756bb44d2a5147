package dev.loom.spi;

import dev.loom.actor.ActorRef;
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
}
