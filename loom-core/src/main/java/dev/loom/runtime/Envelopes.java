package dev.loom.runtime;

import dev.loom.actor.ActorRef;
import dev.loom.actor.ActorType;
import dev.loom.actor.SendOptions;
import dev.loom.partition.Partitioner;
import dev.loom.spi.Envelope;
import io.opentelemetry.api.trace.Span;
import java.time.Instant;

/**
 * Makes the envelopes of new messages: encodes the message with its actor type's registered codec, gives it an id,
 * its target's partition and its trace context. Clients' sends ({@link MessageIntake}) and turns' sends
 * ({@link TurnContext}) both use it, so a message is encoded the same way whoever sends it.
 */
final class Envelopes {
    private final ActorRegistry registry;
    private final int partitions;
    private final Tracing tracing;

    Envelopes(ActorRegistry registry, int partitions, Tracing tracing) {
        this.registry = registry;
        this.partitions = partitions;
        this.tracing = tracing;
    }

    int partitionOf(ActorRef ref) {
        return Partitioner.partitionOf(ref, partitions);
    }

    /** A client's message, already encoded, sent under {@code traceparent}. */
    Envelope client(String messageId, ActorRef target, ActorRegistry.Encoded msg, String key,
                                 String traceparent, Instant now) {
        return new Envelope(messageId, target, partitionOf(target), msg.messageType(), msg.payload(), key,
                "client", traceparent, now);
    }

    /**
     * A message sent from a turn, under a send span that {@code turn} ends when its outcome is known.
     *
     * @param deliverAt when a delayed message is due, or null
     * @throws UnknownActorTypeException if {@code target}'s type is not registered
     */
    Envelope fromTurn(ActorRef target, Object message, String key, String sender, String parentTrace,
                                   Instant now, Instant deliverAt, TurnSpan turn) {
        ActorType<?, ?> type = registry.require(target.type());
        ActorRegistry.Encoded enc = registry.encode(type, message);
        String messageId = MessageIds.next();
        Span span = tracing.startSend(target, enc.messageType(), messageId, parentTrace, deliverAt);
        turn.send(span);
        return new Envelope(messageId, target, partitionOf(target), enc.messageType(), enc.payload(), key,
                sender, Tracing.messageTraceparent(span, parentTrace), now);
    }

    /** The delivery time of a send, or null to deliver at once. */
    static Instant deliveryTime(SendOptions options, Instant now) {
        Instant at = options.deliverAt() != null ? options.deliverAt()
                : options.delay() != null && !options.delay().isZero() ? now.plus(options.delay()) : null;
        return at != null && at.isAfter(now) ? at : null;
    }
}
