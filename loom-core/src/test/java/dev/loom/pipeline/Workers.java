package dev.loom.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loom.actor.ActorRef;
import dev.loom.actor.ActorType;
import dev.loom.actor.RetryPolicy;
import dev.loom.json.Json;
import dev.loom.runtime.Loom;
import dev.loom.spi.JournalEntry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The actors pipeline tests send tasks to. {@code worker} answers {@link Do} after failing its first
 * {@code failFirst} calls for a key (each failure dead-letters the task at once: one attempt per message), and
 * records the order in which keys were handled; {@code sleeper} never finishes a {@link Hang} (it keeps retrying
 * slowly), so a stage timeout is what ends the task.
 */
final class Workers {
    /** The worker's state: how many turns it committed. */
    record Work(int turns) {
    }

    /** The worker's messages. */
    sealed interface WorkerMsg permits Do, Undo {
    }

    /** Answers {@code {"key", "value", "call"}} after {@code failFirst} failed calls for {@code key}. */
    record Do(String key, int failFirst, JsonNode value) implements WorkerMsg {
    }

    /** A compensation: recorded in {@link #compensations}; fails when {@code fail}. */
    record Undo(String key, boolean fail, JsonNode output) implements WorkerMsg {
    }

    /** The sleeper's state. */
    record Idle(int n) {
    }

    /** Never completes. */
    record Hang(String key) {
    }

    final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    final List<String> handled = new CopyOnWriteArrayList<>();
    final List<String> compensations = new CopyOnWriteArrayList<>();

    ActorType<Work, WorkerMsg> worker() {
        return ActorType.builder("worker", Work.class, WorkerMsg.class)
                .initialState(new Work(0))
                .retry(new RetryPolicy(1, Duration.ZERO, Duration.ZERO, 1.0))
                .handler((ctx, state, msg) -> switch (msg) {
                    case Do d -> {
                        int call = calls.computeIfAbsent(d.key(), k -> new AtomicInteger()).incrementAndGet();
                        if (call <= d.failFirst()) {
                            throw new IllegalStateException("call " + call + " of " + d.key() + " fails");
                        }
                        handled.add(d.key());
                        ctx.reply(Json.mapper().createObjectNode().put("key", d.key()).put("call", call)
                                .set("value", d.value()));
                        yield new Work(state.turns() + 1);
                    }
                    case Undo u -> {
                        if (u.fail()) {
                            throw new IllegalStateException("compensation of " + u.key() + " fails");
                        }
                        compensations.add(u.key());
                        yield new Work(state.turns() + 1);
                    }
                })
                .build();
    }

    ActorType<Idle, Hang> sleeper() {
        return ActorType.builder("sleeper", Idle.class, Hang.class)
                .initialState(new Idle(0))
                .retry(new RetryPolicy(1000, Duration.ofSeconds(1), Duration.ofSeconds(1), 1.0))
                .handler((ctx, state, msg) -> {
                    throw new IllegalStateException("still sleeping on " + msg.key());
                })
                .build();
    }

    /** Idempotency keys (task ids) of every committed turn of the worker actors {@code ids}. */
    static List<String> committedTaskIds(Loom loom, List<String> ids) {
        List<String> out = new ArrayList<>();
        for (String id : ids) {
            for (JournalEntry e : loom.journal(ActorRef.of("worker", id), 1, 100_000)) {
                if (e.idempotencyKey() != null) {
                    out.add(e.idempotencyKey());
                }
            }
        }
        return Collections.unmodifiableList(out);
    }

    static Task task(String actorId, String key) {
        return Task.to("worker", actorId, "Do").with("key", Value.of(key)).with("failFirst", Value.of(0));
    }

    static Task failing(String actorId, String key, int failFirst) {
        return task(actorId, key).with("failFirst", Value.of(failFirst));
    }

    static Task undo(String actorId, String key) {
        return Task.to("worker", actorId, "Undo").with("key", Value.of(key)).with("fail", Value.of(false));
    }
}
