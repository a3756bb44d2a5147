package dev.loom.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loom.actor.ActorRef;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Asks waiting for their reply on this node, by message id. A reply arrives in one of two ways: the turn committed
 * on this node ({@link #complete}, {@link #fail}), or the intake found the turn's idempotency record in the store
 * (the turn ran on another node) and settles the ask itself.
 */
final class Asks {
    private final Map<String, Waiting> pending = new ConcurrentHashMap<>();
    /** The same asks by partition, so that a reply hint costs the asks of its partition only. */
    private final Map<Integer, Set<Waiting>> byPartition = new ConcurrentHashMap<>();

    /**
     * An ask waiting for its reply.
     *
     * @param messageId the asked message
     * @param target    the asked actor
     * @param key       the idempotency key its turn commits a record under (the caller's, or {@code ask:<messageId>})
     * @param partition the target's partition
     * @param since     when the ask was sent (dead letters older than this are not its own)
     */
    record Waiting(String messageId, ActorRef target, String key, int partition, Instant since,
                   CompletableFuture<Reply> reply) {
    }

    Waiting register(String messageId, ActorRef target, String key, int partition, Instant since) {
        Waiting w = new Waiting(messageId, target, key, partition, since, new CompletableFuture<>());
        pending.put(messageId, w);
        byPartition.computeIfAbsent(partition, p -> ConcurrentHashMap.newKeySet()).add(w);
        return w;
    }

    void complete(String messageId, JsonNode reply, boolean deduplicated) {
        if (pending.isEmpty()) {
            return;
        }
        Waiting w = remove(messageId);
        if (w != null) {
            w.reply().complete(new Reply(messageId, reply, deduplicated));
        }
    }

    void fail(String messageId, RuntimeException e) {
        Waiting w = remove(messageId);
        if (w != null) {
            w.reply().completeExceptionally(e);
        }
    }

    void forget(String messageId) {
        remove(messageId);
    }

    /** The asks waiting for a turn in {@code partition}. */
    List<Waiting> waitingIn(int partition) {
        Set<Waiting> in = byPartition.get(partition);
        return in == null ? List.of() : List.copyOf(in);
    }

    private Waiting remove(String messageId) {
        Waiting w = pending.remove(messageId);
        if (w != null) {
            Set<Waiting> in = byPartition.get(w.partition());
            if (in != null) {
                in.remove(w);
            }
        }
        return w;
    }
}
