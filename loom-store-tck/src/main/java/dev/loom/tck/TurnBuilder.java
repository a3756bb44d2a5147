package dev.loom.tck;

import dev.loom.actor.ActorRef;
import dev.loom.spi.Envelope;
import dev.loom.spi.IdempotencyRecord;
import dev.loom.spi.Lease;
import dev.loom.spi.Snapshot;
import dev.loom.spi.StoredMessage;
import dev.loom.spi.TimerRequest;
import dev.loom.spi.Write;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Builds a {@link Write.TurnCommit} for the TCK: a handled message plus the effects a test adds. */
public final class TurnBuilder {
    private final TckData data;
    private final StoredMessage handled;
    private final ActorRef actor;
    private final int partition;
    private long epoch;
    private long seq;
    private Snapshot snapshot;
    private boolean trim;
    private final List<Envelope> sends = new ArrayList<>();
    private final List<TimerRequest> timers = new ArrayList<>();
    private final List<String> cancels = new ArrayList<>();
    private IdempotencyRecord idempotency;

    TurnBuilder(TckData data, Lease lease, StoredMessage handled, long seq) {
        this.data = data;
        this.handled = handled;
        this.actor = handled.envelope().target();
        this.partition = lease.partition();
        this.epoch = lease.epoch();
        this.seq = seq;
    }

    /** Overrides the fencing epoch (to write as a stale holder). */
    public TurnBuilder epoch(long epoch) {
        this.epoch = epoch;
        return this;
    }

    public TurnBuilder seq(long seq) {
        this.seq = seq;
        return this;
    }

    public TurnBuilder send(Envelope message) {
        sends.add(message);
        return this;
    }

    public TurnBuilder timer(TimerRequest timer) {
        timers.add(timer);
        return this;
    }

    public TurnBuilder cancelReminder(String name) {
        cancels.add(name);
        return this;
    }

    /** Adds a snapshot at the turn's seq. */
    public TurnBuilder snapshot(boolean trimToSnapshot) {
        this.snapshot = data.snapshot(actor, seq);
        this.trim = trimToSnapshot;
        return this;
    }

    /** Adds the idempotency record of the handled message, committed at {@link TckData#T0}. */
    public TurnBuilder idempotency(String key, String reply, Instant expiresAt) {
        this.idempotency = new IdempotencyRecord(actor, key, handled.envelope().messageId(), reply, TckData.T0,
                expiresAt);
        return this;
    }

    public Write.TurnCommit build() {
        return new Write.TurnCommit(partition, epoch, handled.seq(), data.entry(actor, seq, handled.envelope()),
                snapshot, trim, sends, timers, cancels, idempotency);
    }
}
