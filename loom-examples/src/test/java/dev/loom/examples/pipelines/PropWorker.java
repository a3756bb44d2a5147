package dev.loom.examples.pipelines;

import dev.loom.actor.ActorRef;
import dev.loom.actor.ActorType;
import dev.loom.actor.RetryPolicy;
import dev.loom.json.Json;
import dev.loom.runtime.Loom;
import dev.loom.spi.JournalEntry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The actor the random pipelines of {@link RandomPipelineProperties} send their tasks to: {@link Do} fails its first
 * {@code failFirst} calls for a key (each failure dead-letters the task at once), then succeeds; {@link Undo}
 * records a compensation. It counts calls and successes per key and keeps the order of compensations.
 */
final class PropWorker {
    static final String NAME = "prop-worker";

    record Work(long turns) {
    }

    sealed interface Msg permits Do, Undo {
    }

    record Do(String key, int failFirst) implements Msg {
    }

    record Undo(String key) implements Msg {
    }

    final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    final Map<String, AtomicInteger> successes = new ConcurrentHashMap<>();
    final List<String> undone = new CopyOnWriteArrayList<>();

    ActorType<Work, Msg> type() {
        return ActorType.builder(NAME, Work.class, Msg.class)
                .initialState(new Work(0))
                .retry(new RetryPolicy(1, Duration.ZERO, Duration.ZERO, 1.0))
                .handler((ctx, state, msg) -> switch (msg) {
                    case Do d -> {
                        int call = calls.computeIfAbsent(d.key(), k -> new AtomicInteger()).incrementAndGet();
                        if (call <= d.failFirst()) {
                            throw new IllegalStateException("call " + call + " of " + d.key() + " fails");
                        }
                        successes.computeIfAbsent(d.key(), k -> new AtomicInteger()).incrementAndGet();
                        ctx.reply(Json.mapper().createObjectNode().put("key", d.key()));
                        yield new Work(state.turns() + 1);
                    }
                    case Undo u -> {
                        undone.add(u.key());
                        yield new Work(state.turns() + 1);
                    }
                })
                .build();
    }

    /** Idempotency keys (task ids) of every committed turn of the workers {@code ids}, in journal order. */
    static List<String> committedTaskIds(Loom loom, List<String> ids) {
        List<String> out = new ArrayList<>();
        for (String id : ids) {
            for (JournalEntry e : loom.journal(ActorRef.of(NAME, id), 1, 100_000)) {
                out.add(e.idempotencyKey());
            }
        }
        return out;
    }
}
