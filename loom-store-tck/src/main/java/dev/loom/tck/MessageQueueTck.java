package dev.loom.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loom.actor.ActorRef;
import dev.loom.spi.Delivery;
import dev.loom.spi.Envelope;
import dev.loom.spi.ErrorInfo;
import dev.loom.spi.Lease;
import dev.loom.spi.PartitionBacklog;
import dev.loom.spi.QueueStats;
import dev.loom.spi.StepRecord;
import dev.loom.spi.StoredMessage;
import dev.loom.spi.Write;
import dev.loom.spi.WriteResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The inbox: enqueue and fetch order, cursors, per-actor listing, stats and the delivery bookkeeping writes. */
public abstract class MessageQueueTck extends StoreTckBase {

    @Test
    void enqueueAssignsIncreasingSeqsAndFetchReturnsThePartitionInSeqOrder() {
        ActorRef a1 = data.actorIn(2, "a");
        ActorRef a2 = data.actorIn(2, "b");
        ActorRef elsewhere = data.actorIn(5, "c");
        List<Envelope> batch = List.of(data.message(a1), data.message(elsewhere), data.message(a2), data.message(a1));

        List<Long> seqs = store.messages().enqueue(batch);

        assertThat(seqs).hasSize(4).isSorted().doesNotHaveDuplicates();
        List<StoredMessage> p2 = store.messages().fetch(2, 0, 100);
        assertThat(p2).extracting(StoredMessage::envelope).containsExactly(batch.get(0), batch.get(2), batch.get(3));
        assertThat(p2).extracting(StoredMessage::seq).containsExactly(seqs.get(0), seqs.get(2), seqs.get(3));
        assertThat(p2).extracting(StoredMessage::delivery).containsOnly(Delivery.fresh());
        assertThat(store.messages().fetch(5, 0, 100)).extracting(StoredMessage::envelope).containsExactly(batch.get(1));
        assertThat(store.messages().fetch(3, 0, 100)).isEmpty();

        long before = seqs.get(3);
        long later = store.messages().enqueue(List.of(data.message(a2))).get(0);
        assertThat(later).as("a later enqueue gets a larger seq").isGreaterThan(before);
    }

    @Test
    void fetchHonoursAfterSeqCursorAndLimit() {
        ActorRef a = data.actorIn(1, "a");
        List<Long> seqs = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            seqs.add(enqueueFor(a).seq());
        }

        assertThat(store.messages().fetch(1, 0, 3)).extracting(StoredMessage::seq).containsExactlyElementsOf(seqs.subList(0, 3));
        assertThat(store.messages().fetch(1, seqs.get(2), 3)).extracting(StoredMessage::seq)
                .containsExactlyElementsOf(seqs.subList(3, 6));
        assertThat(store.messages().fetch(1, seqs.get(5), 3)).extracting(StoredMessage::seq).containsExactly(seqs.get(6));
        assertThat(store.messages().fetch(1, seqs.get(6), 3)).isEmpty();
    }

    @Test
    void forActorListsOnlyThatActorsMessagesInSeqOrder() {
        ActorRef a = data.actorIn(1, "a");
        ActorRef b = data.actorIn(1, "b");
        StoredMessage a1 = enqueueFor(a);
        enqueueFor(b);
        StoredMessage a2 = enqueueFor(a);
        StoredMessage a3 = enqueueFor(a);

        assertThat(store.messages().forActor(a, 100)).containsExactly(a1, a2, a3);
        assertThat(store.messages().forActor(a, 2)).containsExactly(a1, a2);
        assertThat(store.messages().forActor(data.actor("nobody"), 100)).isEmpty();
    }

    @Test
    void statsGiveDepthOldestAndTimersPerQueue() {
        ActorRef acct1 = ActorRef.of("tck.stats-a", "1");
        ActorRef acct2 = ActorRef.of("tck.stats-a", "2");
        ActorRef other = ActorRef.of("tck.stats-b", "1");
        ActorRef timersOnly = ActorRef.of("tck.stats-c", "1");
        Instant older = TckData.T0.minusSeconds(100);
        enqueue(data.message(acct1, null, TckData.T0));
        enqueue(data.message(acct2, null, older));
        enqueue(data.message(acct1, null, TckData.T0.plusSeconds(5)));
        enqueue(data.message(other, null, TckData.T0));
        store.timers().schedule(List.of(data.timer(acct1, TckData.T0.plusSeconds(60)),
                data.timer(timersOnly, TckData.T0.plusSeconds(60)), data.timer(timersOnly, TckData.T0.plusSeconds(90))));

        assertThat(store.messages().stats()).containsExactlyInAnyOrder(
                new QueueStats("tck.stats-a", 3, older, 1),
                new QueueStats("tck.stats-b", 1, TckData.T0, 0),
                new QueueStats("tck.stats-c", 0, null, 2));
    }

    @Test
    void backlogCountsEachPartitionsQueuedMessagesAndTheOldest() {
        ActorRef a = data.actor("backlog-a");
        int pa = data.partitionOf(a);
        ActorRef b = java.util.stream.IntStream.range(0, 1000).mapToObj(i -> data.actor("backlog-b" + i))
                .filter(x -> data.partitionOf(x) != pa).findFirst().orElseThrow();
        int pb = data.partitionOf(b);
        int empty = java.util.stream.IntStream.range(0, PARTITIONS).filter(p -> p != pa && p != pb).findFirst()
                .orElseThrow();
        Instant older = TckData.T0.minusSeconds(100);
        enqueue(data.message(a, null, TckData.T0));
        enqueue(data.message(a, null, older));
        StoredMessage acked = enqueue(data.message(b, null, TckData.T0.minusSeconds(500)));
        enqueue(data.message(b, null, TckData.T0.plusSeconds(5)));
        store.timers().schedule(List.of(data.timer(ActorRef.of(TckData.TYPE, "backlog-timer"),
                TckData.T0.plusSeconds(60))));
        commitApplied(new Write.Acknowledged(pb, leaseFor(b).epoch(), acked.seq()));

        assertThat(store.messages().backlog(List.of(pb, empty, pa))).containsExactly(
                new PartitionBacklog(pb, 1, TckData.T0.plusSeconds(5)),
                new PartitionBacklog(empty, 0, null),
                new PartitionBacklog(pa, 2, older));
        assertThat(store.messages().backlog(List.of())).isEmpty();
    }

    @Test
    void statsOmitEmptiedQueues() {
        ActorRef a = ActorRef.of("tck.stats-d", "1");
        StoredMessage m = enqueueFor(a);
        commitApplied(new Write.Acknowledged(m.envelope().partition(), leaseFor(a).epoch(), m.seq()));

        assertThat(store.messages().stats()).extracting(QueueStats::queue).doesNotContain("tck.stats-d");
    }

    @Test
    void attemptFailedUpdatesDeliveryBookkeeping() {
        ActorRef a = data.actor("alice");
        Lease lease = leaseFor(a);
        StoredMessage m = enqueueFor(a);
        ErrorInfo first = data.error("java.io.IOException");
        ErrorInfo second = data.error("java.lang.IllegalStateException");
        Instant t1 = TckData.T0.plusSeconds(1);
        Instant t2 = TckData.T0.plusSeconds(5);

        commitApplied(new Write.AttemptFailed(lease.partition(), lease.epoch(), m.seq(), 1, t1.plusSeconds(2), first, t1));
        commitApplied(new Write.AttemptFailed(lease.partition(), lease.epoch(), m.seq(), 2, t2.plusSeconds(4), second, t2));

        StoredMessage after = queued(m.envelope().partition(), m.seq());
        assertThat(after.envelope()).isEqualTo(m.envelope());
        assertThat(after.delivery()).isEqualTo(new Delivery(2, t2.plusSeconds(4), t1, t2, second, List.of()));
    }

    /**
     * The runtime postpones a message whose step's circuit breaker is open with an {@code AttemptFailed} that keeps
     * the attempt count: the store takes the count as given (never adds to it) and keeps the recorded steps.
     */
    @Test
    void attemptFailedWithAnUnchangedCountPostponesWithoutUsingAnAttempt() {
        ActorRef a = data.actor("alice");
        Lease lease = leaseFor(a);
        StoredMessage m = enqueueFor(a);
        StepRecord s0 = data.step(0, "charge");
        ErrorInfo failure = data.error("java.io.IOException");
        ErrorInfo open = data.error("dev.loom.breaker.BreakerOpenException");
        Instant t1 = TckData.T0.plusSeconds(1);
        Instant t2 = TckData.T0.plusSeconds(5);

        commitApplied(new Write.StepRecorded(lease.partition(), lease.epoch(), m.seq(), s0));
        commitApplied(new Write.AttemptFailed(lease.partition(), lease.epoch(), m.seq(), 1, t1.plusSeconds(2), failure, t1));
        commitApplied(new Write.AttemptFailed(lease.partition(), lease.epoch(), m.seq(), 1, t2.plusSeconds(60), open, t2));
        commitApplied(new Write.AttemptFailed(lease.partition(), lease.epoch(), m.seq(), 1, t2.plusSeconds(90), open, t2));

        assertThat(queued(m.envelope().partition(), m.seq()).delivery())
                .isEqualTo(new Delivery(1, t2.plusSeconds(90), t1, t2, open, List.of(s0)));
    }

    @Test
    void stepRecordedAppendsStepsAndRejectsADuplicateIndex() {
        ActorRef a = data.actor("alice");
        Lease lease = leaseFor(a);
        StoredMessage m = enqueueFor(a);
        StepRecord s0 = data.step(0, "charge");
        StepRecord s1 = data.step(1, "email");

        commitApplied(new Write.StepRecorded(lease.partition(), lease.epoch(), m.seq(), s0));
        commitApplied(new Write.StepRecorded(lease.partition(), lease.epoch(), m.seq(), s1));
        WriteResult duplicate = commit(new Write.StepRecorded(lease.partition(), lease.epoch(), m.seq(),
                new StepRecord(1, "other", "\"x\"", "java.lang.String", TckData.T0)));

        assertThat(duplicate).isInstanceOf(WriteResult.Rejected.class);
        assertThat(queued(m.envelope().partition(), m.seq()).delivery().steps()).containsExactly(s0, s1);
    }

    @Test
    void acknowledgedRemovesTheMessageOnce() {
        ActorRef a = data.actor("alice");
        Lease lease = leaseFor(a);
        StoredMessage m = enqueueFor(a);
        StoredMessage kept = enqueueFor(a);

        commitApplied(new Write.Acknowledged(lease.partition(), lease.epoch(), m.seq()));

        assertThat(isQueued(m.envelope().partition(), m.seq())).isFalse();
        assertThat(isQueued(kept.envelope().partition(), kept.seq())).isTrue();
        assertThat(commit(new Write.Acknowledged(lease.partition(), lease.epoch(), m.seq())))
                .isInstanceOf(WriteResult.Rejected.class);
    }

    @Test
    void writesOnAMessageNoLongerQueuedAreRejected() {
        ActorRef a = data.actor("alice");
        Lease lease = leaseFor(a);
        StoredMessage m = enqueueFor(a);
        commitApplied(new Write.Acknowledged(lease.partition(), lease.epoch(), m.seq()));
        int p = lease.partition();
        long e = lease.epoch();

        assertThat(commit(new Write.AttemptFailed(p, e, m.seq(), 1, TckData.T0, data.error("X"), TckData.T0)))
                .isInstanceOf(WriteResult.Rejected.class);
        assertThat(commit(new Write.StepRecorded(p, e, m.seq(), data.step(0, "s"))))
                .isInstanceOf(WriteResult.Rejected.class);
        assertThat(commit(new Write.DeadLettered(p, e, m.seq(), data.deadLetter("dl-1", m, "X"))))
                .isInstanceOf(WriteResult.Rejected.class);
        assertThat(store.deadLetters().get("dl-1")).isEmpty();
        assertThat(isQueued(p, m.seq())).isFalse();
    }
}
