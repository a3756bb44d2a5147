package dev.loom.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loom.actor.ActorRef;
import dev.loom.actor.ActorType;
import dev.loom.actor.SendOptions;
import dev.loom.json.Json;
import dev.loom.runtime.metrics.RuntimeMetrics;
import dev.loom.spi.Envelope;
import dev.loom.spi.IdempotencyRecord;
import dev.loom.spi.KnownMessage;
import dev.loom.spi.Store;
import dev.loom.spi.TimerRequest;
import dev.loom.trace.LoomSpans;
import io.opentelemetry.api.trace.Span;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The way in for messages: validates and encodes what clients and turns send, enqueues it durably (or stores it
 * as a timer when delayed), wakes the local worker of its partition, and waits for
 * the replies of asks (in memory when the turn commits here, otherwise from the stored idempotency record).
 *
 * <p>A send with an idempotency key is de-duplicated by the store itself ({@code enqueueUnlessKnown},
 * {@code scheduleUnlessKnown}), which checks for the key and stores the message in one atomic step. That is why no
 * lock is taken here: a lock in this node would not stop a second node on the same store, and the store's check
 * already serialises this node's concurrent senders.
 */
final class MessageIntake {
    private static final Duration ASK_POLL = Duration.ofMillis(200);

    private final String nodeId;
    private final Supplier<LoomStatus> status;
    private final ActorRegistry registry;
    private final Envelopes envelopes;
    private final Store store;
    private final Asks asks;
    private final Partitions partitions;
    private final Consumer<Instant> timersDueAt;
    private final Clock clock;
    private final Tracing tracing;
    private final RuntimeMetrics metrics;
    private final StoredReplies replies;

    /**
     * @param status      the node's status: sends are refused while it drains or after it stopped
     * @param store       the store through the store breaker
     * @param partitions  whose local workers a send wakes
     * @param timersDueAt asks for a timer round by the due time of a delayed send
     */
    MessageIntake(String nodeId, Supplier<LoomStatus> status, ActorRegistry registry, Envelopes envelopes, Store store,
                  Asks asks, Partitions partitions, Consumer<Instant> timersDueAt, Clock clock, Tracing tracing,
                  RuntimeMetrics metrics) {
        this.nodeId = nodeId;
        this.status = status;
        this.registry = registry;
        this.envelopes = envelopes;
        this.store = store;
        this.asks = asks;
        this.partitions = partitions;
        this.timersDueAt = timersDueAt;
        this.clock = clock;
        this.tracing = tracing;
        this.metrics = metrics;
        this.replies = new StoredReplies(store, asks, partitions, clock);
    }

    /** Replies of asks answered on other nodes, read from the store. */
    StoredReplies replies() {
        return replies;
    }

    Accepted send(ActorRef target, Object message, SendOptions options) {
        ActorType<?, ?> type = registry.require(target.type());
        return admit(target, type, registry.encode(type, message), options);
    }

    Accepted sendJson(ActorRef target, String messageType, JsonNode payload, SendOptions options) {
        ActorType<?, ?> type = registry.require(target.type());
        return admit(target, type, registry.encodeJson(type, messageType, payload), options);
    }

    Reply ask(ActorRef target, Object message, SendOptions options, Duration timeout) {
        ActorType<?, ?> type = registry.require(target.type());
        return askEncoded(target, type, registry.encode(type, message), options, timeout);
    }

    Reply askJson(ActorRef target, String messageType, JsonNode payload, SendOptions options, Duration timeout) {
        ActorType<?, ?> type = registry.require(target.type());
        return askEncoded(target, type, registry.encodeJson(type, messageType, payload), options, timeout);
    }

    private Reply askEncoded(ActorRef target, ActorType<?, ?> type, ActorRegistry.Encoded msg, SendOptions options,
                             Duration timeout) {
        String userKey = options.idempotencyKey();
        if (userKey != null) {
            Optional<IdempotencyRecord> done = store.idempotency().find(target, userKey, clock.instant());
            if (done.isPresent()) {
                return new Reply(done.get().messageId(), Json.parse(done.get().reply()), true);
            }
        }
        String messageId = MessageIds.next();
        String key = userKey != null ? userKey : "ask:" + messageId;
        Asks.Waiting waiting = asks.register(messageId, target, key, envelopes.partitionOf(target), clock.instant());
        try {
            accept(target, type, msg, options, messageId, key);
        } catch (RuntimeException e) {
            asks.forget(messageId);
            throw e;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AskTimeoutException("no reply from " + target + " to message " + messageId + " within "
                            + timeout + "; the message is accepted and will still be handled");
                }
                try {
                    return waiting.reply().get(Math.min(left, ASK_POLL.toNanos()), TimeUnit.NANOSECONDS);
                } catch (TimeoutException e) {
                    // The turn may have run on another node and its hint been lost: read the reply from the store.
                    // A dead letter is looked for only then; one this node writes fails the ask at once.
                    replies.settle(waiting, partitions.workerFor(waiting.partition()) == null);
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof RuntimeException re) {
                        throw re;
                    }
                    throw new IllegalStateException(e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AskTimeoutException("interrupted while waiting for the reply to " + messageId, e);
                }
            }
        } finally {
            asks.forget(messageId);
        }
    }

    /**
     * Accepts a send: without a key, stores a new message; with one, stores it unless the store knows the key for
     * the target, and then answers the known message's id.
     */
    private Accepted admit(ActorRef target, ActorType<?, ?> type, ActorRegistry.Encoded msg, SendOptions options) {
        String messageId = MessageIds.next();
        String key = options.idempotencyKey();
        if (key == null) {
            accept(target, type, msg, options, messageId, null);
            return new Accepted(messageId, false);
        }
        checkAccepting();
        Instant now = clock.instant();
        Instant at = Envelopes.deliveryTime(options, now);
        Span span = tracing.startSend(target, msg.messageType(), messageId, options.traceparent(), at);
        try {
            Envelope env = envelopes.client(messageId, target, msg, key, Tracing.messageTraceparent(span, options.traceparent()), now);
            Optional<KnownMessage> known = at == null
                    ? store.messages().enqueueUnlessKnown(env, now)
                    : store.timers().scheduleUnlessKnown(new TimerRequest(env, at, null), now);
            if (known.isPresent()) {
                span.setAttribute(LoomSpans.DEDUPLICATED, true);
                // Counted as accepted and settled at once, so accepted = committed + deduplicated + dead-lettered holds.
                metrics.accepted(type.name());
                metrics.outcome(type.name(), RuntimeMetrics.Outcome.DEDUPLICATED);
                return new Accepted(known.get().messageId(), true);
            }
            stored(type, env, at);
            return new Accepted(messageId, false);
        } catch (RuntimeException e) {
            Tracing.fail(span, e);
            throw e;
        } finally {
            span.end();
        }
    }

    /** Stores a new message unconditionally (sends without a key, and asks, whose key the turn checks). */
    private void accept(ActorRef target, ActorType<?, ?> type, ActorRegistry.Encoded msg, SendOptions options,
                        String messageId, String key) {
        checkAccepting();
        Instant now = clock.instant();
        Instant at = Envelopes.deliveryTime(options, now);
        Span span = tracing.startSend(target, msg.messageType(), messageId, options.traceparent(), at);
        try {
            Envelope env = envelopes.client(messageId, target, msg, key, Tracing.messageTraceparent(span, options.traceparent()), now);
            if (at == null) {
                store.messages().enqueue(List.of(env));
            } else {
                store.timers().schedule(List.of(new TimerRequest(env, at, null)));
            }
            stored(type, env, at);
        } catch (RuntimeException e) {
            Tracing.fail(span, e);
            throw e;
        } finally {
            span.end();
        }
    }

    /** After a new message was stored: wakes its partition's local worker (unless delayed) and counts it. */
    private void stored(ActorType<?, ?> type, Envelope env, Instant at) {
        if (at == null) {
            PartitionWorker w = partitions.workerFor(env.partition());
            if (w != null) {
                w.signal();
            }
        } else {
            timersDueAt.accept(at);
        }
        metrics.accepted(type.name());
    }

    private void checkAccepting() {
        LoomStatus s = status.get();
        if (s == LoomStatus.DRAINING || s == LoomStatus.STOPPED) {
            throw new LoomUnavailableException("Loom node " + nodeId + " is " + s.name().toLowerCase()
                    + " and accepts no new messages");
        }
    }
}
