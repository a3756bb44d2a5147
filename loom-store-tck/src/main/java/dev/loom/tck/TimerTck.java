package dev.loom.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loom.actor.ActorRef;
import dev.loom.spi.Envelope;
import dev.loom.spi.Lease;
import dev.loom.spi.StoredMessage;
import dev.loom.spi.Timer;
import dev.loom.spi.TimerRequest;
import dev.loom.spi.Write;
import dev.loom.spi.WriteResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Timers and reminders: due order and filter, firing at most once, reminder replacement and cancellation. */
public abstract class TimerTck extends StoreTckBase {

    @Test
    void dueReturnsDueTimersOfTheGivenPartitionsEarliestFirst() {
        ActorRef p1 = data.actorIn(1, "a");
        ActorRef p2 = data.actorIn(2, "b");
        ActorRef p3 = data.actorIn(3, "c");
        store.timers().schedule(List.of(
                data.timer(p1, TckData.T0.plusSeconds(30)),
                data.timer(p2, TckData.T0.plusSeconds(10)),
                data.timer(p3, TckData.T0.plusSeconds(5)),
                data.timer(p1, TckData.T0.plusSeconds(20)),
                data.timer(p1, TckData.T0.plusSeconds(90))));

        List<Timer> due = store.timers().due(List.of(1, 2), TckData.T0.plusSeconds(30), 100);

        assertThat(due).extracting(Timer::deliverAt).containsExactly(
                TckData.T0.plusSeconds(10), TckData.T0.plusSeconds(20), TckData.T0.plusSeconds(30));
        assertThat(store.timers().due(List.of(1, 2), TckData.T0.plusSeconds(30), 2)).extracting(Timer::deliverAt)
                .containsExactly(TckData.T0.plusSeconds(10), TckData.T0.plusSeconds(20));
        assertThat(store.timers().due(List.of(3), TckData.T0.plusSeconds(4), 100)).isEmpty();
        assertThat(store.timers().due(List.of(), TckData.T0.plusSeconds(100), 100)).isEmpty();
        assertThat(store.timers().due(List.of(1, 2, 3), TckData.T0.plusSeconds(100), 100)).hasSize(5);
    }

    @Test
    void scheduledTimersKeepTheirEnvelopeAndAreListedPerActorEarliestFirst() {
        ActorRef a = data.actor("alice");
        TimerRequest late = data.timer(a, TckData.T0.plusSeconds(50));
        TimerRequest early = data.reminder(a, TckData.T0.plusSeconds(5), "tick");
        store.timers().schedule(List.of(late, early, data.timer(data.actor("bob"), TckData.T0)));

        List<Timer> timers = store.timers().forActor(a);

        assertThat(timers).extracting(Timer::envelope).containsExactly(early.envelope(), late.envelope());
        assertThat(timers).extracting(Timer::reminder).containsExactly(early.reminder(), null);
        assertThat(timers.get(0).timerId()).isNotEqualTo(timers.get(1).timerId());
    }

    @Test
    void fireTimerEnqueuesItsMessageDeletesTheTimerAndFiresOnlyOnce() {
        ActorRef a = data.actor("alice");
        Lease lease = leaseFor(a);
        TimerRequest request = data.timer(a, TckData.T0.plusSeconds(5));
        store.timers().schedule(List.of(request));
        Timer timer = store.timers().due(List.of(lease.partition()), TckData.T0.plusSeconds(5), 10).get(0);

        commitApplied(new Write.FireTimer(lease.partition(), lease.epoch(), timer.timerId(), timer.envelope(), null));

        assertThat(store.timers().forActor(a)).isEmpty();
        assertThat(store.messages().forActor(a, 10)).extracting(StoredMessage::envelope).containsExactly(request.envelope());
        WriteResult second = commit(new Write.FireTimer(lease.partition(), lease.epoch(), timer.timerId(),
                timer.envelope(), null));
        assertThat(second).isInstanceOf(WriteResult.Rejected.class);
        assertThat(store.messages().forActor(a, 10)).hasSize(1);
    }

    @Test
    void skippedFireStoresTheNextTimerAndDeliversNothing() {
        ActorRef a = data.actor("alice");
        Lease lease = leaseFor(a);
        store.timers().schedule(List.of(data.reminder(a, TckData.T0, "tick")));
        Timer timer = store.timers().forActor(a).get(0);
        TimerRequest next = new TimerRequest(timer.envelope(), TckData.T0.plusSeconds(60), timer.reminder());

        commitApplied(new Write.FireTimer(lease.partition(), lease.epoch(), timer.timerId(), null, next));

        assertThat(queuedIds(a)).isEmpty();
        List<Timer> after = store.timers().forActor(a);
        assertThat(after).hasSize(1);
        assertThat(after.get(0).timerId()).isNotEqualTo(timer.timerId());
        assertThat(after.get(0).deliverAt()).isEqualTo(TckData.T0.plusSeconds(60));
        assertThat(after.get(0).reminder()).isEqualTo(timer.reminder());
    }

    @Test
    void fireWithDeliveryAndNextDoesBoth() {
        ActorRef a = data.actor("alice");
        Lease lease = leaseFor(a);
        store.timers().schedule(List.of(data.reminder(a, TckData.T0, "tick")));
        Timer timer = store.timers().forActor(a).get(0);
        Envelope delivery = data.message(a);

        commitApplied(new Write.FireTimer(lease.partition(), lease.epoch(), timer.timerId(), delivery,
                new TimerRequest(data.message(a), TckData.T0.plusSeconds(60), timer.reminder())));

        assertThat(queuedIds(a)).containsExactly(delivery.messageId());
        assertThat(store.timers().forActor(a)).extracting(Timer::deliverAt).containsExactly(TckData.T0.plusSeconds(60));
    }

    @Test
    void aReminderReplacesTheSameActorsPendingReminderOfTheSameName() {
        ActorRef a = data.actor("alice");
        ActorRef b = data.actor("bob");
        store.timers().schedule(List.of(
                data.reminder(a, TckData.T0.plusSeconds(10), "tick"),
                data.reminder(a, TckData.T0.plusSeconds(20), "tock"),
                data.reminder(b, TckData.T0.plusSeconds(30), "tick"),
                data.timer(a, TckData.T0.plusSeconds(40))));

        store.timers().schedule(List.of(data.reminder(a, TckData.T0.plusSeconds(50), "tick")));

        assertThat(store.timers().forActor(a)).extracting(Timer::deliverAt).containsExactly(
                TckData.T0.plusSeconds(20), TckData.T0.plusSeconds(40), TckData.T0.plusSeconds(50));
        assertThat(store.timers().forActor(b)).hasSize(1);
    }

    @Test
    void turnCommitStoresTimersReplacesRemindersAndCancelsNamedOnes() {
        ActorRef a = data.actor("alice");
        Lease lease = leaseFor(a);
        ActorRef other = data.actor("bob");
        store.timers().schedule(List.of(
                data.reminder(a, TckData.T0.plusSeconds(10), "tick"),
                data.reminder(a, TckData.T0.plusSeconds(20), "tock"),
                data.reminder(a, TckData.T0.plusSeconds(25), "keep"),
                data.reminder(other, TckData.T0.plusSeconds(30), "tock")));

        commitApplied(data.turn(lease, enqueueFor(a), 1)
                .timer(data.reminder(a, TckData.T0.plusSeconds(70), "tick"))
                .timer(data.timer(a, TckData.T0.plusSeconds(80)))
                .cancelReminder("tock")
                .build());

        assertThat(store.timers().forActor(a)).extracting(Timer::deliverAt).containsExactly(
                TckData.T0.plusSeconds(25), TckData.T0.plusSeconds(70), TckData.T0.plusSeconds(80));
        assertThat(store.timers().forActor(other)).as("another actor's reminder of the same name").hasSize(1);
    }

    @Test
    void twoThreadsFiringTheSameTimerApplyExactlyOnce() throws Exception {
        ActorRef a = data.actor("alice");
        Lease lease = leaseFor(a);
        for (int round = 0; round < 20; round++) {
            store.timers().schedule(List.of(data.timer(a, TckData.T0)));
            Timer timer = store.timers().forActor(a).get(0);
            Write fire = new Write.FireTimer(lease.partition(), lease.epoch(), timer.timerId(), timer.envelope(), null);
            CyclicBarrier start = new CyclicBarrier(2);
            List<WriteResult> results = Collections.synchronizedList(new ArrayList<>());
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                threads.add(Thread.ofPlatform().start(() -> {
                    try {
                        start.await(30, TimeUnit.SECONDS);
                        results.add(commit(fire));
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }));
            }
            for (Thread t : threads) {
                t.join(TimeUnit.SECONDS.toMillis(60));
            }

            assertThat(results).as("round %d", round).hasSize(2);
            assertThat(results.stream().filter(WriteResult.APPLIED::equals).count()).as("applied fires").isEqualTo(1);
            assertThat(results).filteredOn(r -> !r.equals(WriteResult.APPLIED))
                    .singleElement().isInstanceOf(WriteResult.Rejected.class);
            assertThat(store.timers().forActor(a)).isEmpty();
        }
        assertThat(Set.copyOf(queuedIds(a))).hasSize(20);
        assertThat(queuedIds(a)).hasSize(20);
    }
}
