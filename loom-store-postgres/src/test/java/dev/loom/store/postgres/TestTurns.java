package dev.loom.store.postgres;

import dev.loom.actor.ActorRef;
import dev.loom.spi.Envelope;
import dev.loom.spi.JournalEntry;
import dev.loom.spi.Lease;
import dev.loom.spi.StoredMessage;
import dev.loom.spi.Write;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Minimal messages and turns for the store's own tests (the TCK has its fuller builders). */
final class TestTurns {
    static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

    private TestTurns() {
    }

    /** Enqueues a {@code Deposit} for {@code actor} into {@code partition}, as stored. */
    static StoredMessage enqueue(PostgresStore store, ActorRef actor, int partition) {
        Envelope e = new Envelope(UUID.randomUUID().toString(), actor, partition, "Deposit", "{}", null, null, null, T0);
        long seq = store.messages().enqueue(List.of(e)).get(0);
        return new StoredMessage(seq, e, null);
    }

    /** The turn handling {@code m} under {@code lease} with journal entry {@code seq} and no other effects. */
    static Write.TurnCommit turn(Lease lease, StoredMessage m, ActorRef actor, long seq) {
        JournalEntry entry = new JournalEntry(actor, seq, m.envelope().messageId(), "Deposit", null, "[]", null, T0);
        return new Write.TurnCommit(lease.partition(), lease.epoch(), m.seq(), entry, null, false, List.of(), List.of(),
                List.of(), null);
    }
}
