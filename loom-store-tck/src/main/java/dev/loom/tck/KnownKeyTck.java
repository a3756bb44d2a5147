package dev.loom.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loom.actor.ActorRef;
import dev.loom.spi.Envelope;
import dev.loom.spi.KnownMessage;
import dev.loom.spi.Lease;
import dev.loom.spi.StoredMessage;
import dev.loom.spi.Timer;
import dev.loom.spi.TimerRequest;
import dev.loom.spi.Write;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@link dev.loom.spi.MessageStore#enqueueUnlessKnown} and {@link dev.loom.spi.TimerStore#scheduleUnlessKnown}:
 * a key is known while its first message is scheduled, queued or committed (until the record expires), scoped to
 * the target, never while dead-lettered; a known key stores nothing; racing calls store one message.
 */
public abstract class KnownKeyTck extends StoreTckBase {
    private static final Instant HOUR = TckData.T0.plus(Duration.ofHours(1));
    private static final Instant SOON = TckData.T0.plusSeconds(60);

    private Envelope keyed(ActorRef target, String key) {
        return data.message(target, key, TckData.T0);
    }

    private Optional<KnownMessage> admit(Envelope message, Instant now) {
        return store.messages().enqueueUnlessKnown(message, now);
    }

    private static KnownMessage queued(Envelope first) {
        return new KnownMessage(first.messageId(), KnownMessage.Stage.QUEUED);
    }

    @Test
    void aQueuedKeyIsKnownAndARepeatStoresNothing() {
        ActorRef a = data.actor("alice");
        Envelope first = keyed(a, "k");

        assertThat(admit(first, SOON)).as("the first message with the key").isEmpty();
        assertThat(admit(keyed(a, "k"), SOON)).contains(queued(first));
        assertThat(store.timers().scheduleUnlessKnown(new TimerRequest(keyed(a, "k"), HOUR, null), SOON))
                .contains(queued(first));

        assertThat(queuedIds(a)).containsExactly(first.messageId());
        assertThat(store.timers().forActor(a)).isEmpty();
        StoredMessage stored = store.messages().forActor(a, 10).get(0);
        assertThat(stored.envelope()).isEqualTo(first);
    }

    @Test
    void keysAreScopedToTheirTargetAndDistinctKeysAreIndependent() {
        ActorRef a = data.actor("alice");
        ActorRef b = data.actor("bob");
        Envelope forA = keyed(a, "k");
        assertThat(admit(forA, SOON)).isEmpty();

        assertThat(admit(keyed(b, "k"), SOON)).as("same key, other actor").isEmpty();
        assertThat(admit(keyed(a, "k2"), SOON)).as("same actor, other key").isEmpty();
        assertThat(admit(keyed(ActorRef.of("tck.other-type", a.id()), "k"), SOON)).as("same id, other type").isEmpty();

        assertThat(queuedIds(a)).hasSize(2);
        assertThat(queuedIds(b)).hasSize(1);
    }

    @Test
    void aCommittedKeyIsKnownWithItsMessageIdUntilTheRecordExpires() {
        ActorRef a = data.actor("alice");
        Envelope first = keyed(a, "k");
        assertThat(admit(first, SOON)).isEmpty();
        StoredMessage handled = store.messages().forActor(a, 10).get(0);
        commitApplied(data.turn(leaseFor(a), handled, 1).idempotency("k", "\"done\"", HOUR).build());
        assertThat(queuedIds(a)).isEmpty();

        assertThat(admit(keyed(a, "k"), SOON))
                .contains(new KnownMessage(first.messageId(), KnownMessage.Stage.COMMITTED));
        assertThat(store.timers().scheduleUnlessKnown(new TimerRequest(keyed(a, "k"), HOUR, null), SOON))
                .contains(new KnownMessage(first.messageId(), KnownMessage.Stage.COMMITTED));
        assertThat(queuedIds(a)).isEmpty();
        assertThat(store.timers().forActor(a)).isEmpty();

        Envelope afterExpiry = keyed(a, "k");
        assertThat(admit(afterExpiry, HOUR.plusSeconds(1))).as("the record expired").isEmpty();
        assertThat(queuedIds(a)).containsExactly(afterExpiry.messageId());
    }

    @Test
    void aCommittedKeyIsReportedBeforeAQueuedDuplicateAndTheSmallestSeqBeforeLaterOnes() {
        ActorRef a = data.actor("alice");
        Lease lease = leaseFor(a);
        // Duplicates that reached the queue without the check (sent from turns, redriven).
        StoredMessage m1 = enqueue(keyed(a, "k"));
        StoredMessage m2 = enqueue(keyed(a, "k"));
        enqueue(keyed(a, "k"));

        assertThat(admit(keyed(a, "k"), SOON)).contains(queued(m1.envelope()));

        commitApplied(data.turn(lease, m1, 1).idempotency("k", "1", HOUR).build());
        assertThat(admit(keyed(a, "k"), SOON))
                .contains(new KnownMessage(m1.envelope().messageId(), KnownMessage.Stage.COMMITTED));
        assertThat(admit(keyed(a, "k"), HOUR.plusSeconds(1))).as("expired record, queued duplicate")
                .contains(queued(m2.envelope()));
        assertThat(queuedIds(a)).hasSize(2);
    }

    @Test
    void aScheduledKeyIsKnownAndStaysKnownWhenTheTimerFires() {
        ActorRef a = data.actor("alice");
        Envelope later = keyed(a, "k");
        Envelope earlier = keyed(a, "k");
        assertThat(store.timers().scheduleUnlessKnown(new TimerRequest(later, HOUR, null), SOON)).isEmpty();
        // An unchecked timer with the key that is due sooner is the one reported.
        store.timers().schedule(List.of(new TimerRequest(earlier, SOON, null)));

        KnownMessage scheduled = new KnownMessage(earlier.messageId(), KnownMessage.Stage.SCHEDULED);
        assertThat(admit(keyed(a, "k"), SOON)).contains(scheduled);
        assertThat(store.timers().scheduleUnlessKnown(new TimerRequest(keyed(a, "k"), HOUR, null), SOON))
                .contains(scheduled);
        assertThat(store.timers().forActor(a)).hasSize(2);
        assertThat(queuedIds(a)).isEmpty();

        Lease lease = leaseFor(a);
        Timer due = store.timers().forActor(a).get(0);
        assertThat(due.envelope()).isEqualTo(earlier);
        commitApplied(new Write.FireTimer(lease.partition(), lease.epoch(), due.timerId(), due.envelope(), null));
        assertThat(admit(keyed(a, "k"), SOON)).as("after the fire, queued").contains(queued(earlier));
    }

    @Test
    void aDeadLetteredFirstMessageLeavesTheKeyFree() {
        ActorRef a = data.actor("alice");
        assertThat(admit(keyed(a, "k"), SOON)).isEmpty();
        StoredMessage failed = store.messages().forActor(a, 10).get(0);
        Lease lease = leaseFor(a);
        commitApplied(new Write.DeadLettered(lease.partition(), lease.epoch(), failed.seq(),
                data.deadLetter("dl-1", failed, "java.lang.IllegalStateException")));

        Envelope retry = keyed(a, "k");
        assertThat(admit(retry, SOON)).isEmpty();
        assertThat(queuedIds(a)).containsExactly(retry.messageId());
    }

    @Test
    void aMessageWithoutAKeyOrWithABadPartitionIsRefusedAndNothingIsStored() {
        ActorRef a = data.actor("alice");
        Envelope unkeyed = data.message(a);
        assertThatThrownBy(() -> admit(unkeyed, SOON)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.timers().scheduleUnlessKnown(new TimerRequest(unkeyed, HOUR, null), SOON))
                .isInstanceOf(IllegalArgumentException.class);
        Envelope k = keyed(a, "k");
        Envelope badPartition = new Envelope(k.messageId(), a, PARTITIONS, k.messageType(), k.payload(), "k",
                k.sender(), k.traceparent(), k.enqueuedAt());
        assertThatThrownBy(() -> admit(badPartition, SOON)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.timers().scheduleUnlessKnown(new TimerRequest(badPartition, HOUR, null), SOON))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(queuedIds(a)).isEmpty();
        assertThat(store.timers().forActor(a)).isEmpty();
        assertThat(admit(keyed(a, "k"), SOON)).as("the refused calls left the key free").isEmpty();
    }

    @Test
    void aQueuedOrScheduledKeyIsStillKnownAfterReopening() {
        assumeDurable();
        ActorRef a = data.actor("alice");
        ActorRef b = data.actor("bob");
        Envelope queuedFirst = keyed(a, "k");
        Envelope scheduledFirst = keyed(b, "k");
        assertThat(admit(queuedFirst, SOON)).isEmpty();
        assertThat(store.timers().scheduleUnlessKnown(new TimerRequest(scheduledFirst, HOUR, null), SOON)).isEmpty();

        reopenStore();

        assertThat(admit(keyed(a, "k"), SOON)).contains(queued(queuedFirst));
        assertThat(admit(keyed(b, "k"), SOON))
                .contains(new KnownMessage(scheduledFirst.messageId(), KnownMessage.Stage.SCHEDULED));
    }

    /**
     * Many threads offer different messages with one key at the same instant, in several rounds (keys), through
     * both methods. In each round exactly one call stores its message and every other call reports that one.
     */
    @Test
    void racingCallsWithOneKeyStoreExactlyOneMessage() throws Exception {
        int threads = 16;
        int rounds = 10;
        ActorRef a = data.actor("racer");
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            for (int round = 0; round < rounds; round++) {
                String key = "race-" + round;
                CyclicBarrier start = new CyclicBarrier(threads);
                List<Envelope> offered = new ArrayList<>();
                List<Future<Optional<KnownMessage>>> results = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    Envelope e = keyed(a, key);
                    boolean asTimer = t % 4 == 3;
                    offered.add(e);
                    results.add(pool.submit(() -> {
                        start.await(10, TimeUnit.SECONDS);
                        return asTimer
                                ? store.timers().scheduleUnlessKnown(new TimerRequest(e, HOUR, null), SOON)
                                : store.messages().enqueueUnlessKnown(e, SOON);
                    }));
                }
                List<String> storedIds = new ArrayList<>();
                List<KnownMessage> reported = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    Optional<KnownMessage> r = results.get(t).get(30, TimeUnit.SECONDS);
                    if (r.isEmpty()) {
                        storedIds.add(offered.get(t).messageId());
                    } else {
                        reported.add(r.get());
                    }
                }
                assertThat(storedIds).as("calls that stored a message for %s", key).hasSize(1);
                assertThat(reported).extracting(KnownMessage::messageId).as("ids reported for %s", key)
                        .containsOnly(storedIds.get(0));
                long storedAsMessages = store.messages().forActor(a, 10_000).stream()
                        .filter(m -> key.equals(m.envelope().idempotencyKey())).count();
                long storedAsTimers = store.timers().forActor(a).stream()
                        .filter(tm -> key.equals(tm.envelope().idempotencyKey())).count();
                assertThat(storedAsMessages + storedAsTimers).as("messages and timers stored for %s", key).isEqualTo(1);
            }
        }
    }
}
