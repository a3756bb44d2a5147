package dev.loom.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loom.actor.ActorRef;
import dev.loom.journal.Patches;
import dev.loom.json.Json;
import dev.loom.spi.JournalEntry;
import dev.loom.spi.Snapshot;
import dev.loom.spi.Store;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** Rebuilds actor states from the store: a snapshot folded with the journal entries after it. */
final class StateFolder {
    /** A state and the seq it includes. */
    record Folded(long seq, JsonNode state) {
    }

    private static final int PAGE = 1000;
    private final Store store;

    StateFolder(Store store) {
        this.store = store;
    }

    /** The latest committed state: the latest snapshot plus the journal tail after it. */
    Folded latest(ActorRef actor, JsonNode initial) {
        Optional<Snapshot> snap = store.snapshots().latest(actor);
        long seq = snap.map(Snapshot::seq).orElse(0L);
        JsonNode state = snap.map(s -> Json.parse(s.state())).orElse(initial);
        return applyEntries(actor, state, seq, Long.MAX_VALUE, null);
    }

    /**
     * The state right after the turn with {@code seq}.
     *
     * @throws StateUnavailableException if seq is beyond the last, or the entries needed were trimmed
     */
    Folded at(ActorRef actor, JsonNode initial, long seq) {
        long last = store.journal().lastSeq(actor);
        if (seq < 0 || seq > last) {
            throw new StateUnavailableException("actor " + actor + " has committed " + last
                    + " turns; seq " + seq + " does not exist");
        }
        if (seq == 0) {
            return new Folded(0, initial);
        }
        Optional<Snapshot> snap = store.snapshots().atOrBefore(actor, seq);
        long base = snap.map(Snapshot::seq).orElse(0L);
        JsonNode state = snap.map(s -> Json.parse(s.state())).orElse(initial);
        return applyEntries(actor, state, base, seq, null);
    }

    /** Each entry in {@code [from, to]} with the state it produced. */
    List<ReplayStep> replay(ActorRef actor, JsonNode initial, long from, long to) {
        long last = store.journal().lastSeq(actor);
        long end = Math.min(to, last);
        if (from < 1 || from > end) {
            throw new StateUnavailableException("actor " + actor + " has committed " + last
                    + " turns; nothing to replay from " + from + " to " + to);
        }
        Folded start = at(actor, initial, from - 1);
        List<ReplayStep> steps = new ArrayList<>();
        applyEntries(actor, start.state(), start.seq(), end, steps::add);
        return steps;
    }

    private Folded applyEntries(ActorRef actor, JsonNode state, long seq, long upTo, Consumer<ReplayStep> each) {
        // Without a replay consumer nobody sees intermediate states: fold onto one private copy.
        boolean inPlace = each == null;
        boolean copied = false;
        while (seq < upTo) {
            int want = (int) Math.min(PAGE, upTo - seq);
            List<JournalEntry> page = store.journal().read(actor, seq + 1, want);
            for (JournalEntry e : page) {
                if (e.seq() != seq + 1) {
                    throw new StateUnavailableException("journal of " + actor + " has no entry " + (seq + 1)
                            + " (entries before " + e.seq() + " were trimmed and no snapshot covers them)");
                }
                if (inPlace) {
                    if (!copied) {
                        state = state.deepCopy();
                        copied = true;
                    }
                    state = Patches.applyInPlace(state, e.patch());
                } else {
                    state = Patches.apply(state, e.patch());
                }
                seq = e.seq();
                if (each != null) {
                    each.accept(new ReplayStep(e, state));
                }
            }
            if (page.size() < want) {
                break;
            }
        }
        if (upTo != Long.MAX_VALUE && seq != upTo) {
            throw new StateUnavailableException("journal of " + actor + " ends at " + seq + ", not " + upTo);
        }
        return new Folded(seq, state);
    }
}
