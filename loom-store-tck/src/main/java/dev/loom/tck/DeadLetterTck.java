package dev.loom.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loom.actor.ActorRef;
import dev.loom.spi.DeadLetter;
import dev.loom.spi.DeadLetterQuery;
import dev.loom.spi.Delivery;
import dev.loom.spi.Envelope;
import dev.loom.spi.Lease;
import dev.loom.spi.StepRecord;
import dev.loom.spi.StoredMessage;
import dev.loom.spi.Write;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The dead-letter queue: moves whole, list with filters and cursor, count, redrive, purge. */
public abstract class DeadLetterTck extends StoreTckBase {

    @Test
    void deadLetteredMovesTheMessageWholeToTheQueue() {
        ActorRef a = data.actor("alice");
        Lease lease = leaseFor(a);
        StoredMessage m = enqueueFor(a);
        commitApplied(new Write.StepRecorded(lease.partition(), lease.epoch(), m.seq(), data.step(0, "charge")));
        StoredMessage withStep = queued(lease.partition(), m.seq());
        DeadLetter letter = data.deadLetter("dl-1", withStep, "java.io.IOException");

        commitApplied(new Write.DeadLettered(lease.partition(), lease.epoch(), m.seq(), letter));

        assertThat(isQueued(lease.partition(), m.seq())).isFalse();
        assertThat(store.deadLetters().get("dl-1")).contains(letter);
        assertThat(store.deadLetters().get("dl-1").orElseThrow().steps()).containsExactly(data.step(0, "charge"));
        assertThat(store.deadLetters().count(DeadLetterQuery.all(10))).isEqualTo(1);
        assertThat(store.deadLetters().get("dl-unknown")).isEmpty();
    }

    @Test
    void listFiltersOrdersByIdAndPagesWithTheCursor() {
        ActorRef a1 = ActorRef.of("tck.orders", "a1");
        ActorRef a2 = ActorRef.of("tck.orders", "a2");
        ActorRef b1 = ActorRef.of("tck.billing", "a1");
        deadLetter("dl-05", a1, "java.io.IOException");
        deadLetter("dl-02", a2, "java.io.IOException");
        deadLetter("dl-04", b1, "java.lang.IllegalStateException");
        deadLetter("dl-01", a1, "java.lang.IllegalStateException");
        deadLetter("dl-03", a1, "java.io.IOException");

        assertThat(ids(DeadLetterQuery.all(100))).containsExactly("dl-01", "dl-02", "dl-03", "dl-04", "dl-05");
        DeadLetterQuery orders = new DeadLetterQuery("tck.orders", null, null, null, 2);
        assertThat(ids(orders)).containsExactly("dl-01", "dl-02");
        assertThat(ids(orders.after("dl-02"))).containsExactly("dl-03", "dl-05");
        assertThat(ids(orders.after("dl-05"))).isEmpty();
        assertThat(store.deadLetters().count(orders.after("dl-02"))).as("count ignores cursor and limit").isEqualTo(4);
        assertThat(ids(new DeadLetterQuery(null, "a1", null, null, 100))).containsExactly("dl-01", "dl-03", "dl-04", "dl-05");
        assertThat(ids(new DeadLetterQuery("tck.orders", "a1", "java.io.IOException", null, 100)))
                .containsExactly("dl-03", "dl-05");
        assertThat(store.deadLetters().count(new DeadLetterQuery(null, null, "java.lang.IllegalStateException", null, 1)))
                .isEqualTo(2);
        assertThat(ids(new DeadLetterQuery("tck.none", null, null, null, 100))).isEmpty();
    }

    @Test
    void redriveReturnsTheMessageToItsQueueWithAttemptsResetAndStepsKept() {
        ActorRef a = data.actor("alice");
        Lease lease = leaseFor(a);
        StoredMessage m = enqueueFor(a);
        StepRecord step = data.step(0, "charge");
        commitApplied(new Write.StepRecorded(lease.partition(), lease.epoch(), m.seq(), step));
        commitApplied(new Write.AttemptFailed(lease.partition(), lease.epoch(), m.seq(), 3, TckData.T0.plusSeconds(9),
                data.error("X"), TckData.T0.plusSeconds(3)));
        commitApplied(new Write.DeadLettered(lease.partition(), lease.epoch(), m.seq(),
                data.deadLetter("dl-1", queued(lease.partition(), m.seq()), "X")));

        List<String> redriven = store.deadLetters().redrive(List.of("dl-unknown", "dl-1"));

        assertThat(redriven).containsExactly("dl-1");
        assertThat(store.deadLetters().get("dl-1")).isEmpty();
        List<StoredMessage> back = store.messages().forActor(a, 10);
        assertThat(back).hasSize(1);
        StoredMessage again = back.get(0);
        assertThat(again.envelope()).as("same envelope: messageId, target, partition").isEqualTo(m.envelope());
        assertThat(again.delivery()).isEqualTo(Delivery.withSteps(List.of(step)));
        assertThat(store.messages().fetch(m.envelope().partition(), m.seq(), 10)).as("fetchable after the old seq")
                .containsExactly(again);
        assertThat(store.deadLetters().redrive(List.of("dl-1"))).as("second redrive").isEmpty();
        assertThat(store.messages().forActor(a, 10)).hasSize(1);
    }

    @Test
    void purgeDeletesExistingLettersAndCountsThem() {
        ActorRef a = data.actor("alice");
        deadLetter("dl-1", a, "X");
        deadLetter("dl-2", a, "X");
        deadLetter("dl-3", a, "X");

        assertThat(store.deadLetters().purge(List.of("dl-1", "dl-3", "dl-unknown"))).isEqualTo(2);

        assertThat(ids(DeadLetterQuery.all(10))).containsExactly("dl-2");
        assertThat(store.deadLetters().purge(List.of("dl-1"))).isZero();
        assertThat(queuedIds(a)).as("purge does not enqueue").isEmpty();
    }

    @Test
    void listAndCountFilterBySenderAndLastFailureTime() {
        ActorRef a = ActorRef.of("tck.tasks", "t1");
        deadLetterFrom("dl-1", a, "loom.pipeline/run-1", TckData.T0.plusSeconds(10));
        deadLetterFrom("dl-2", a, "loom.pipeline/run-2", TckData.T0.plusSeconds(20));
        deadLetterFrom("dl-3", a, "loom.pipeline/run-1", TckData.T0.plusSeconds(30));
        deadLetterFrom("dl-4", a, null, TckData.T0.plusSeconds(40));

        DeadLetterQuery all = DeadLetterQuery.all(100);
        assertThat(ids(all.withSender("loom.pipeline/run-1"))).containsExactly("dl-1", "dl-3");
        assertThat(store.deadLetters().count(all.withSender("loom.pipeline/run-1"))).isEqualTo(2);
        assertThat(ids(all.withSender("loom.pipeline/run"))).as("the sender matches exactly, not by prefix").isEmpty();
        assertThat(ids(all.failedBetween(TckData.T0.plusSeconds(20), null))).containsExactly("dl-2", "dl-3", "dl-4");
        assertThat(ids(all.failedBetween(null, TckData.T0.plusSeconds(30))))
                .as("the upper bound is exclusive").containsExactly("dl-1", "dl-2");
        DeadLetterQuery window = all.failedBetween(TckData.T0.plusSeconds(20), TckData.T0.plusSeconds(31));
        assertThat(ids(window)).containsExactly("dl-2", "dl-3");
        assertThat(store.deadLetters().count(window)).isEqualTo(2);
        DeadLetterQuery both = window.withSender("loom.pipeline/run-1");
        assertThat(ids(both)).containsExactly("dl-3");
        assertThat(ids(new DeadLetterQuery("tck.tasks", null, null, "loom.pipeline/run-1", null, null, "dl-1", 100)))
                .as("with the cursor").containsExactly("dl-3");
        assertThat(store.deadLetters().count(all.failedBetween(TckData.T0.plusSeconds(41), null))).isZero();
    }

    private void deadLetterFrom(String id, ActorRef actor, String sender, Instant lastFailedAt) {
        Lease lease = leaseFor(actor);
        Envelope e = data.message(actor);
        StoredMessage m = enqueue(new Envelope(e.messageId(), e.target(), e.partition(), e.messageType(), e.payload(),
                e.idempotencyKey(), sender, e.traceparent(), e.enqueuedAt()));
        DeadLetter base = data.deadLetter(id, m, "java.io.IOException");
        commitApplied(new Write.DeadLettered(lease.partition(), lease.epoch(), m.seq(), new DeadLetter(base.id(),
                base.originalQueue(), base.actor(), base.message(), base.steps(), base.error(), base.attempts(),
                lastFailedAt.minusSeconds(5), lastFailedAt)));
    }

    private void deadLetter(String id, ActorRef actor, String errorType) {
        Lease lease = leaseFor(actor);
        StoredMessage m = enqueueFor(actor);
        commitApplied(new Write.DeadLettered(lease.partition(), lease.epoch(), m.seq(), data.deadLetter(id, m, errorType)));
    }

    private List<String> ids(DeadLetterQuery query) {
        return store.deadLetters().list(query).stream().map(DeadLetter::id).toList();
    }
}
