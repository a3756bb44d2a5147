package dev.loom.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loom.actor.ActorRef;
import dev.loom.spi.Envelope;
import dev.loom.spi.Lease;
import dev.loom.spi.StoredMessage;
import dev.loom.spi.Write;
import dev.loom.spi.WriteResult;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Messages enqueued by the writes that settle a message without a turn ({@link Write.Acknowledged},
 * {@link Write.DeadLettered}): the runtime routes a message's outcome to its sender through them, so the sends
 * must be applied exactly when the settlement is, in the same change.
 */
public abstract class SettlementSendsTck extends StoreTckBase {

    @Test
    void acknowledgedEnqueuesItsSendsWithTheRemoval() {
        ActorRef target = data.actorIn(1, "target");
        ActorRef sender = data.actorIn(4, "sender");
        Lease lease = leaseFor(target);
        StoredMessage m = enqueueFor(target);
        Envelope outcome = data.message(sender);

        commitApplied(new Write.Acknowledged(lease.partition(), lease.epoch(), m.seq(), List.of(outcome)));

        assertThat(isQueued(lease.partition(), m.seq())).isFalse();
        assertThat(store.messages().forActor(sender, 10)).extracting(StoredMessage::envelope).containsExactly(outcome);
    }

    @Test
    void deadLetteredEnqueuesItsSendsWithTheMove() {
        ActorRef target = data.actorIn(2, "target");
        ActorRef sender = data.actorIn(2, "sender");
        Lease lease = leaseFor(target);
        StoredMessage m = enqueueFor(target);
        Envelope outcome = data.message(sender);

        commitApplied(new Write.DeadLettered(lease.partition(), lease.epoch(), m.seq(),
                data.deadLetter("dl-sends", m, "java.io.IOException"), List.of(outcome)));

        assertThat(isQueued(lease.partition(), m.seq())).isFalse();
        assertThat(store.deadLetters().get("dl-sends")).isPresent();
        assertThat(store.messages().forActor(sender, 10)).extracting(StoredMessage::envelope).containsExactly(outcome);
    }

    @Test
    void aRejectedSettlementEnqueuesNothing() {
        ActorRef target = data.actorIn(3, "target");
        ActorRef sender = data.actorIn(5, "sender");
        Lease lease = leaseFor(target);
        StoredMessage m = enqueueFor(target);
        commitApplied(new Write.Acknowledged(lease.partition(), lease.epoch(), m.seq()));

        WriteResult ack = commit(new Write.Acknowledged(lease.partition(), lease.epoch(), m.seq(),
                List.of(data.message(sender))));
        WriteResult dead = commit(new Write.DeadLettered(lease.partition(), lease.epoch(), m.seq(),
                data.deadLetter("dl-gone", m, "X"), List.of(data.message(sender))));

        assertThat(ack).isInstanceOf(WriteResult.Rejected.class);
        assertThat(dead).isInstanceOf(WriteResult.Rejected.class);
        assertThat(store.deadLetters().get("dl-gone")).isEmpty();
        assertThat(store.messages().forActor(sender, 10)).isEmpty();
    }

    @Test
    void aSendToAPartitionTheStoreDoesNotHaveRejectsTheWholeSettlement() {
        ActorRef target = data.actorIn(6, "target");
        ActorRef sender = data.actorIn(0, "sender");
        Lease lease = leaseFor(target);
        StoredMessage m = enqueueFor(target);
        Envelope good = data.message(sender);
        Envelope p = data.message(sender);
        Envelope outOfRange = new Envelope(p.messageId(), p.target(), data.partitions() + 3, p.messageType(),
                p.payload(), p.idempotencyKey(), p.sender(), p.traceparent(), p.enqueuedAt());

        WriteResult ack = commit(new Write.Acknowledged(lease.partition(), lease.epoch(), m.seq(),
                List.of(good, outOfRange)));
        WriteResult dead = commit(new Write.DeadLettered(lease.partition(), lease.epoch(), m.seq(),
                data.deadLetter("dl-bad-send", m, "X"), List.of(good, outOfRange)));

        assertThat(ack).isInstanceOf(WriteResult.Rejected.class);
        assertThat(dead).isInstanceOf(WriteResult.Rejected.class);
        assertThat(isQueued(lease.partition(), m.seq())).as("the message stays queued").isTrue();
        assertThat(store.deadLetters().get("dl-bad-send")).isEmpty();
        assertThat(store.messages().forActor(sender, 10)).isEmpty();
    }

    @Test
    void aFencedSettlementEnqueuesNothing() {
        ActorRef target = data.actorIn(7, "target");
        ActorRef sender = data.actorIn(1, "sender");
        Lease lease = leaseFor(target);
        StoredMessage m = enqueueFor(target);

        WriteResult ack = commit(new Write.Acknowledged(lease.partition(), lease.epoch() + 1, m.seq(),
                List.of(data.message(sender))));
        WriteResult dead = commit(new Write.DeadLettered(lease.partition(), lease.epoch() + 1, m.seq(),
                data.deadLetter("dl-fenced", m, "X"), List.of(data.message(sender))));

        assertThat(ack).isInstanceOf(WriteResult.Fenced.class);
        assertThat(dead).isInstanceOf(WriteResult.Fenced.class);
        assertThat(isQueued(lease.partition(), m.seq())).isTrue();
        assertThat(store.messages().forActor(sender, 10)).isEmpty();
    }
}
