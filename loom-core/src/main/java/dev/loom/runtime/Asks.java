package dev.loom.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/** Asks waiting for their reply on this node, by message id. */
final class Asks {
    private final Map<String, CompletableFuture<Reply>> pending = new ConcurrentHashMap<>();

    CompletableFuture<Reply> register(String messageId) {
        CompletableFuture<Reply> f = new CompletableFuture<>();
        pending.put(messageId, f);
        return f;
    }

    void complete(String messageId, JsonNode reply, boolean deduplicated) {
        if (pending.isEmpty()) {
            return;
        }
        CompletableFuture<Reply> f = pending.remove(messageId);
        if (f != null) {
            f.complete(new Reply(messageId, reply, deduplicated));
        }
    }

    void fail(String messageId, RuntimeException e) {
        CompletableFuture<Reply> f = pending.remove(messageId);
        if (f != null) {
            f.completeExceptionally(e);
        }
    }

    void forget(String messageId) {
        pending.remove(messageId);
    }
}
