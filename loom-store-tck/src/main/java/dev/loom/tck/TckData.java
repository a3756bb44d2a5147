package dev.loom.tck;

import dev.loom.actor.ActorRef;
import dev.loom.actor.MissedFirePolicy;
import dev.loom.partition.Partitioner;
import dev.loom.spi.DeadLetter;
import dev.loom.spi.Envelope;
import dev.loom.spi.ErrorInfo;
import dev.loom.spi.JournalEntry;
import dev.loom.spi.Lease;
import dev.loom.spi.Reminder;
import dev.loom.spi.Snapshot;
import dev.loom.spi.StepRecord;
import dev.loom.spi.StoredMessage;
import dev.loom.spi.TimerRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Test data for the TCK: actors, envelopes, journal entries, timers and turns, all with explicit times
 * (instants have whole milliseconds, the least precision a store must keep).
 */
public final class TckData {
    /** The base instant of every TCK test; tests pass times relative to it as {@code now}. */
    public static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
    /** The actor type used unless a test needs several. */
    public static final String TYPE = "tck.account";

    private final int partitions;
    private final AtomicLong counter = new AtomicLong();

    public TckData(int partitions) {
        this.partitions = partitions;
    }

    public int partitions() {
        return partitions;
    }

    public static Instant at(Duration sinceT0) {
        return T0.plus(sinceT0);
    }

    public ActorRef actor(String id) {
        return ActorRef.of(TYPE, id);
    }

    public int partitionOf(ActorRef actor) {
        return Partitioner.partitionOf(actor, partitions);
    }

    /** An actor of {@code type} whose id starts with {@code prefix} and that lives in {@code partition}. */
    public ActorRef actorIn(String type, int partition, String prefix) {
        for (int i = 0; ; i++) {
            ActorRef candidate = ActorRef.of(type, prefix + "-" + i);
            if (partitionOf(candidate) == partition) {
                return candidate;
            }
        }
    }

    public ActorRef actorIn(int partition, String prefix) {
        return actorIn(TYPE, partition, prefix);
    }

    /** A fresh message (unique id) for {@code target}, enqueued at {@link #T0}. */
    public Envelope message(ActorRef target) {
        return message(target, null, T0);
    }

    /** A fresh message for {@code target} with an idempotency key (or {@code null}) and enqueue time. */
    public Envelope message(ActorRef target, String idempotencyKey, Instant enqueuedAt) {
        long n = counter.incrementAndGet();
        return new Envelope("msg-" + n, target, partitionOf(target), "Deposit", "{\"n\":" + n + "}",
                idempotencyKey, "tck/sender", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
                enqueuedAt);
    }

    public JournalEntry entry(ActorRef actor, long seq, Envelope handled) {
        return new JournalEntry(actor, seq, handled.messageId(), handled.messageType(), handled.idempotencyKey(),
                "[{\"op\":\"replace\",\"path\":\"/balance\",\"value\":" + seq + "}]", handled.traceparent(),
                T0.plusMillis(seq));
    }

    public Snapshot snapshot(ActorRef actor, long seq) {
        return new Snapshot(actor, seq, "{\"balance\":" + seq + "}", T0.plusMillis(seq));
    }

    public StepRecord step(int index, String name) {
        return new StepRecord(index, name, "\"result-" + index + "\"", "java.lang.String", T0.plusSeconds(index));
    }

    public ErrorInfo error(String type) {
        return new ErrorInfo(type, "boom", type + ": boom\n\tat tck.Handler.handle(Handler.java:1)\n");
    }

    public TimerRequest timer(ActorRef target, Instant deliverAt) {
        return new TimerRequest(message(target), deliverAt, null);
    }

    public TimerRequest reminder(ActorRef target, Instant deliverAt, String name) {
        return new TimerRequest(message(target), deliverAt,
                new Reminder(name, Duration.ofMinutes(1), MissedFirePolicy.FIRE_ONCE));
    }

    /** A dead letter of a stored message, failed with {@code errorType}. */
    public DeadLetter deadLetter(String id, StoredMessage failed, String errorType) {
        Envelope e = failed.envelope();
        return new DeadLetter(id, e.target().type(), e.target(), e, failed.delivery().steps(), error(errorType), 3,
                T0.plusSeconds(1), T0.plusSeconds(3));
    }

    /** A turn handling {@code handled} under {@code lease}, appending journal {@code seq}; add effects to it. */
    public TurnBuilder turn(Lease lease, StoredMessage handled, long seq) {
        return new TurnBuilder(this, lease, handled, seq);
    }
}
