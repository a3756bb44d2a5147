package dev.loom.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loom.actor.ActorRef;
import dev.loom.journal.PatchMismatchException;
import dev.loom.journal.Patches;
import dev.loom.json.Json;
import dev.loom.json.SerializationException;
import dev.loom.spi.JournalEntry;
import dev.loom.spi.Snapshot;
import dev.loom.spi.Store;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** Rebuilds actor states from the store: a snapshot folded with the journal entries after it. */
final class StateFolder {
    /**
     * A state and the seq it includes.
     *
     * @param base the seq of the snapshot the fold started from (0: the initial state)
     */
    record Folded(long seq, JsonNode state, long base) {
    }

    private static final String EVOLVING = "; see \"Evolving actors\" in docs/ARCHITECTURE.md (add fields with"
            + " defaults, keep a renamed field's JSON name with @JsonProperty, ignore removed fields with"
            + " @JsonIgnoreProperties)";

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
            return new Folded(0, initial, 0);
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

    /**
     * The folded state as an instance of the actor type's state class.
     *
     * @throws IncompatibleStateException if it does not read as {@code stateClass}, naming the field and the journal
     *                                    entry (or snapshot) that wrote it
     */
    <S> S read(ActorRef actor, Folded folded, Class<S> stateClass) {
        try {
            return Json.fromTree(folded.state(), stateClass);
        } catch (SerializationException e) {
            String field = e.fieldPath().orElse(null);
            Optional<JournalEntry> writer = field == null ? Optional.empty()
                    : lastWriter(actor, pointer(field), folded.base(), folded.seq());
            long seq = writer.map(JournalEntry::seq).orElse(folded.base());
            String origin = writer.map(w -> "written by journal entry seq " + w.seq() + " (message type "
                    + w.messageType() + ")").orElse(folded.base() > 0 ? "as in the snapshot at seq " + folded.base()
                    : "as in the initial state");
            String detail = e.getMessage().replaceFirst("^cannot read \\w+ from JSON: ", "");
            throw new IncompatibleStateException(actor, seq, field, "the state of " + actor + " (through seq "
                    + folded.seq() + ") no longer reads as " + stateClass.getName() + ": "
                    + (field == null ? "" : "field '" + field + "', " + origin + ": ") + detail
                    + ". The journal holds JSON patches of the state as the state class that wrote it saw it" + EVOLVING, e);
        }
    }

    /** The last entry in {@code (from, to]} whose patch writes {@code pointer}, a parent of it, or inside it. */
    private Optional<JournalEntry> lastWriter(ActorRef actor, String pointer, long from, long to) {
        JournalEntry last = null;
        long seq = from;
        while (seq < to) {
            int want = (int) Math.min(PAGE, to - seq);
            List<JournalEntry> page = store.journal().read(actor, seq + 1, want);
            for (JournalEntry e : page) {
                for (JsonNode op : Json.parse(e.patch())) {
                    String path = op.path("path").asText();
                    if (path.equals(pointer) || pointer.startsWith(path + "/") || path.startsWith(pointer + "/")
                            || path.isEmpty()) {
                        last = e;
                    }
                }
                seq = e.seq();
            }
            if (page.size() < want) {
                break;
            }
        }
        return Optional.ofNullable(last);
    }

    /** Jackson's {@code items[2].price} as the JSON Pointer {@code /items/2/price}. */
    private static String pointer(String field) {
        return "/" + field.replace("[", ".").replace("]", "").replace('.', '/').replace("//", "/");
    }

    private Folded applyEntries(ActorRef actor, JsonNode state, long seq, long upTo, Consumer<ReplayStep> each) {
        long base = seq;
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
                if (!inPlace || !copied) {
                    // A replay hands every intermediate state out, so each entry gets its own copy.
                    state = state.deepCopy();
                    copied = true;
                }
                try {
                    state = Patches.foldInPlace(state, e.patch());
                } catch (PatchMismatchException mismatch) {
                    throw new IncompatibleStateException(actor, e.seq(), mismatch.path(), "journal entry seq " + e.seq()
                            + " (message type " + e.messageType() + ") of " + actor + " does not apply to its state at"
                            + " field '" + mismatch.path() + "': " + mismatch.getMessage() + ". Its patch was written"
                            + " against the state class of that time, which the current one no longer matches"
                            + EVOLVING, mismatch);
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
        return new Folded(seq, state, base);
    }
}
