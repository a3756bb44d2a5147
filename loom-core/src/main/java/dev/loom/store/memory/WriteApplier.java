package dev.loom.store.memory;

import dev.loom.spi.Delivery;
import dev.loom.spi.Envelope;
import dev.loom.spi.Lease;
import dev.loom.spi.StepRecord;
import dev.loom.spi.StoredMessage;
import dev.loom.spi.Timer;
import dev.loom.spi.TimerRequest;
import dev.loom.spi.Write;
import dev.loom.spi.WriteResult;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Applies one {@link Write} to a {@link MemoryState}: first every check (fence, then conflicts), then the
 * changes, so a write that fails a check leaves no trace. Callers hold the {@link Access} lock.
 */
final class WriteApplier {
    private final MemoryState state;

    WriteApplier(MemoryState state) {
        this.state = state;
    }

    WriteResult apply(Write write) {
        Lease lease = state.leases.get(write.partition());
        if (lease == null || lease.epoch() != write.epoch()) {
            return new WriteResult.Fenced(write.partition(), write.epoch());
        }
        String conflict = conflict(write);
        if (conflict != null) {
            return new WriteResult.Rejected(conflict);
        }
        change(write);
        return WriteResult.APPLIED;
    }

    /** Why the write cannot be applied whole, or {@code null} when it can. */
    private String conflict(Write write) {
        return switch (write) {
            case Write.TurnCommit t -> turnConflict(t);
            case Write.StepRecorded s -> {
                StoredMessage m = queued(s.partition(), s.messageSeq());
                if (m == null) {
                    yield notQueued(s.partition(), s.messageSeq());
                }
                boolean recorded = m.delivery().steps().stream().anyMatch(r -> r.index() == s.step().index());
                yield recorded ? "step " + s.step().index() + " of message seq " + s.messageSeq()
                        + " is already recorded" : null;
            }
            case Write.AttemptFailed a -> queuedOrWhyNot(a.partition(), a.messageSeq());
            case Write.DeadLettered d -> {
                String missing = queuedOrWhyNot(d.partition(), d.messageSeq());
                if (missing != null) {
                    yield missing;
                }
                yield state.deadLetters.containsKey(d.deadLetter().id())
                        ? "dead letter id " + d.deadLetter().id() + " already exists" : sendsProblem(d.sends());
            }
            case Write.Acknowledged a -> {
                String missing = queuedOrWhyNot(a.partition(), a.messageSeq());
                yield missing != null ? missing : sendsProblem(a.sends());
            }
            case Write.FireTimer f -> fireConflict(f);
            case Write.SnapshotTaken s -> {
                long last = state.lastSeq(s.snapshot().actor());
                yield s.snapshot().seq() > last ? "snapshot seq " + s.snapshot().seq() + " of "
                        + s.snapshot().actor() + " is beyond its last journal seq " + last : null;
            }
            case Write.Trim t -> {
                long snap = state.latestSnapshotSeq(t.actor());
                yield t.upToSeq() > snap ? "cannot trim " + t.actor() + " up to seq " + t.upToSeq()
                        + ": its latest snapshot is at seq " + snap : null;
            }
        };
    }

    private String turnConflict(Write.TurnCommit t) {
        String missing = queuedOrWhyNot(t.partition(), t.messageSeq());
        if (missing != null) {
            return missing;
        }
        Optional<String> misfit = t.problemAfter(state.lastSeq(t.entry().actor()));
        if (misfit.isPresent()) {
            return misfit.get();
        }
        String badSend = sendsProblem(t.sends());
        if (badSend != null) {
            return badSend;
        }
        for (TimerRequest timer : t.timers()) {
            String bad = state.partitionProblem(timer.envelope());
            if (bad != null) {
                return bad;
            }
        }
        return null;
    }

    private String sendsProblem(List<Envelope> sends) {
        for (Envelope send : sends) {
            String bad = state.partitionProblem(send);
            if (bad != null) {
                return bad;
            }
        }
        return null;
    }

    private String fireConflict(Write.FireTimer f) {
        Timer timer = state.timers.get(f.timerId());
        if (timer == null) {
            return "timer " + f.timerId() + " no longer exists";
        }
        if (timer.envelope().partition() != f.partition()) {
            return "timer " + f.timerId() + " belongs to partition " + timer.envelope().partition()
                    + ", not " + f.partition();
        }
        if (f.deliver() != null && state.partitionProblem(f.deliver()) != null) {
            return state.partitionProblem(f.deliver());
        }
        return f.next() != null ? state.partitionProblem(f.next().envelope()) : null;
    }

    private void change(Write write) {
        switch (write) {
            case Write.TurnCommit t -> {
                state.append(t.entry());
                if (t.snapshot() != null) {
                    state.storeSnapshot(t.snapshot(), t.trimToSnapshot());
                }
                t.sends().forEach(e -> state.enqueue(e, Delivery.fresh()));
                t.timers().forEach(state::schedule);
                state.removeReminders(t.entry().actor(), t.cancelReminders());
                if (t.idempotency() != null) {
                    state.insertIdempotency(t.idempotency());
                }
                state.queue(t.partition()).remove(t.messageSeq());
            }
            case Write.StepRecorded s -> {
                StoredMessage m = queued(s.partition(), s.messageSeq());
                Delivery d = m.delivery();
                List<StepRecord> steps = new ArrayList<>(d.steps());
                steps.add(s.step());
                steps.sort(Comparator.comparingInt(StepRecord::index));
                replace(m, new Delivery(d.attempts(), d.notBefore(), d.firstFailedAt(), d.lastFailedAt(),
                        d.lastError(), steps));
            }
            case Write.AttemptFailed a -> {
                StoredMessage m = queued(a.partition(), a.messageSeq());
                Delivery d = m.delivery();
                replace(m, new Delivery(a.attempts(), a.notBefore(),
                        d.firstFailedAt() != null ? d.firstFailedAt() : a.failedAt(), a.failedAt(), a.error(),
                        d.steps()));
            }
            case Write.DeadLettered d -> {
                state.queue(d.partition()).remove(d.messageSeq());
                state.deadLetters.put(d.deadLetter().id(), d.deadLetter());
                d.sends().forEach(e -> state.enqueue(e, Delivery.fresh()));
            }
            case Write.Acknowledged a -> {
                state.queue(a.partition()).remove(a.messageSeq());
                a.sends().forEach(e -> state.enqueue(e, Delivery.fresh()));
            }
            case Write.FireTimer f -> {
                state.timers.remove(f.timerId());
                if (f.deliver() != null) {
                    state.enqueue(f.deliver(), Delivery.fresh());
                }
                if (f.next() != null) {
                    state.schedule(f.next());
                }
            }
            case Write.SnapshotTaken s -> state.storeSnapshot(s.snapshot(), s.trim());
            case Write.Trim t -> state.trimJournal(t.actor(), t.upToSeq());
        }
    }

    private void replace(StoredMessage m, Delivery delivery) {
        state.queue(m.envelope().partition()).put(m.seq(), new StoredMessage(m.seq(), m.envelope(), delivery));
    }

    private StoredMessage queued(int partition, long seq) {
        return state.queue(partition).get(seq);
    }

    private String queuedOrWhyNot(int partition, long seq) {
        return queued(partition, seq) == null ? notQueued(partition, seq) : null;
    }

    private static String notQueued(int partition, long seq) {
        return "message seq " + seq + " is no longer queued in partition " + partition;
    }
}
