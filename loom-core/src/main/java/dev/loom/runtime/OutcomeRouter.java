package dev.loom.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.loom.actor.ActorRef;
import dev.loom.actor.ActorType;
import dev.loom.actor.InvalidActorRefException;
import dev.loom.actor.MessageOutcome;
import dev.loom.spi.Envelope;
import dev.loom.spi.ErrorInfo;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Outcome routing: for a message that is being settled (committed, acknowledged as a duplicate, dead-lettered),
 * the {@link MessageOutcome} envelope to enqueue for its sender in the same store write, when the sender is an
 * actor whose type {@linkplain ActorType.Builder#receivesOutcomes opted in}.
 *
 * <p>No outcome is routed for a message an actor sent to itself (its timers and reminders included) nor for an
 * outcome: outcomes carry the sender label {@value #SENDER}, which names no actor, so they never produce outcomes
 * of their own. Each outcome's idempotency key is {@link MessageOutcome#keyFor}, so a redelivered outcome is
 * acknowledged by its receiver without running again; a receiver that
 * {@linkplain ActorType.Builder#deduplicatesOutcomes deduplicates outcomes} itself gets them without a key, which
 * saves an idempotency record's read and write per outcome.
 */
final class OutcomeRouter {
    /** The sender of every outcome envelope. */
    static final String SENDER = "loom.outcome";

    private final ActorRegistry registry;
    private final Envelopes envelopes;

    OutcomeRouter(ActorRegistry registry, Envelopes envelopes) {
        this.registry = registry;
        this.envelopes = envelopes;
    }

    /** The outcome envelope for {@code settled}, if its sender receives outcomes; otherwise empty. */
    List<Envelope> outcomeOf(Envelope settled, MessageOutcome.Kind kind, JsonNode reply, ErrorInfo error,
                             String deadLetterId, Instant now) {
        Optional<ActorRef> sender = sendingActor(settled);
        if (sender.isEmpty()) {
            return List.of();
        }
        ActorType<?, ?> type = registry.find(sender.get().type()).orElse(null);
        if (type == null || type.outcomes().isEmpty()) {
            return List.of();
        }
        MessageOutcome outcome = new MessageOutcome(settled.messageId(), settled.idempotencyKey(), settled.target(),
                kind, reply == null ? NullNode.instance : reply,
                error == null ? null : new MessageOutcome.Failure(error.type(), error.message()), deadLetterId);
        ActorRegistry.Encoded enc = registry.encode(type, type.outcomes().get().apply(outcome));
        return List.of(new Envelope(MessageIds.next(), sender.get(), envelopes.partitionOf(sender.get()),
                enc.messageType(), enc.payload(),
                type.deduplicatesOutcomes() ? null : MessageOutcome.keyFor(kind, settled.messageId()), SENDER,
                settled.traceparent(), now));
    }

    /** {@code sends} followed by {@code outcome} (no copy when there is no outcome). */
    static List<Envelope> with(List<Envelope> sends, List<Envelope> outcome) {
        if (outcome.isEmpty()) {
            return sends;
        }
        List<Envelope> all = new ArrayList<>(sends.size() + outcome.size());
        all.addAll(sends);
        all.addAll(outcome);
        return all;
    }

    private static Optional<ActorRef> sendingActor(Envelope settled) {
        String sender = settled.sender();
        if (sender == null || sender.indexOf('/') < 0 || sender.equals(SENDER)
                || sender.equals(settled.target().toString())) {
            return Optional.empty();
        }
        try {
            return Optional.of(ActorRef.parse(sender));
        } catch (InvalidActorRefException e) {
            return Optional.empty();
        }
    }
}
