package dev.loom.tck;

import dev.loom.actor.ActorRef;
import dev.loom.spi.DeadLetter;
import dev.loom.spi.DeadLetterQuery;
import dev.loom.spi.IdempotencyRecord;
import dev.loom.spi.JournalEntry;
import dev.loom.spi.QueueStats;
import dev.loom.spi.Snapshot;
import dev.loom.spi.Store;
import dev.loom.spi.StoredMessage;
import dev.loom.spi.Timer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * Everything a store answers through its read API about a set of actors, keys and types, gathered into one
 * comparable value: two stores hold the same data when their contents are equal.
 *
 * @param actors       per actor: journal, first and last seq, snapshots at every seq, timers, queued messages
 * @param partitions   per partition: every queued message in fetch order
 * @param due          every timer due at the far future, in due order
 * @param stats        queue statistics
 * @param deadLetters  every dead letter, in id order
 * @param idempotency  the answer of {@code find} for each probed key at each probed time
 * @param actorIds     per actor type, the ids with a journal or snapshot
 */
record StoreContents(Map<ActorRef, ActorContents> actors, List<List<StoredMessage>> partitions, List<Timer> due,
                     List<QueueStats> stats, List<DeadLetter> deadLetters,
                     Map<String, Optional<IdempotencyRecord>> idempotency, Map<String, List<String>> actorIds) {
    private static final int ALL = 10_000;

    /** What the store answers about one actor. */
    record ActorContents(List<JournalEntry> journal, long firstSeq, long lastSeq, List<Optional<Snapshot>> snapshots,
                         Optional<Snapshot> latest, List<Timer> timers, List<StoredMessage> queued) {
    }

    /** A key to probe: the actor, the key, and the instants at which to ask. */
    record KeyProbe(ActorRef actor, String key, List<Instant> at) {
    }

    static StoreContents of(Store store, List<ActorRef> actors, List<KeyProbe> keys, List<String> types) {
        Map<ActorRef, ActorContents> byActor = new LinkedHashMap<>();
        for (ActorRef a : actors) {
            long last = store.journal().lastSeq(a);
            List<Optional<Snapshot>> snaps = new ArrayList<>();
            for (long seq = 0; seq <= last + 1; seq++) {
                snaps.add(store.snapshots().atOrBefore(a, seq));
            }
            byActor.put(a, new ActorContents(store.journal().read(a, 0, ALL), store.journal().firstSeq(a), last, snaps,
                    store.snapshots().latest(a), store.timers().forActor(a), store.messages().forActor(a, ALL)));
        }
        List<List<StoredMessage>> queues = IntStream.range(0, store.partitions())
                .mapToObj(p -> store.messages().fetch(p, 0, ALL)).toList();
        List<Integer> every = IntStream.range(0, store.partitions()).boxed().toList();
        Map<String, Optional<IdempotencyRecord>> found = new LinkedHashMap<>();
        for (KeyProbe k : keys) {
            for (Instant at : k.at()) {
                found.put(k.actor() + "/" + k.key() + "@" + at, store.idempotency().find(k.actor(), k.key(), at));
            }
        }
        Map<String, List<String>> ids = new LinkedHashMap<>();
        types.forEach(t -> ids.put(t, store.journal().actorIds(t, null, ALL)));
        return new StoreContents(byActor, queues, store.timers().due(every, Instant.parse("2200-01-01T00:00:00Z"), ALL),
                store.messages().stats(), store.deadLetters().list(DeadLetterQuery.all(ALL)), found, ids);
    }
}
