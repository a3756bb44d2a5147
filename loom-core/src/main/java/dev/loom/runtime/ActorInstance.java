package dev.loom.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loom.actor.ActorRef;
import dev.loom.actor.ActorType;
import dev.loom.actor.MessageOutcome;
import dev.loom.actor.NonDeterminismException;
import dev.loom.breaker.BreakerOpenException;
import dev.loom.delivery.RetryDecision;
import dev.loom.journal.Patches;
import dev.loom.json.Json;
import dev.loom.runtime.metrics.RuntimeMetrics;
import dev.loom.spi.DeadLetter;
import dev.loom.spi.Delivery;
import dev.loom.spi.Envelope;
import dev.loom.spi.ErrorInfo;
import dev.loom.spi.IdempotencyRecord;
import dev.loom.spi.JournalEntry;
import dev.loom.spi.Snapshot;
import dev.loom.spi.StepRecord;
import dev.loom.spi.StoreException;
import dev.loom.spi.StoredMessage;
import dev.loom.spi.Write;
import dev.loom.spi.WriteResult;
import io.opentelemetry.context.Scope;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One active actor: its state, its mailbox and the loop that runs its turns one at a time on a virtual
 * thread. A message leaves the mailbox only when its turn committed, it was acknowledged as a duplicate,
 * or it was dead-lettered; a failing message stays at the head (so later ones wait) until then.
 *
 * <p>Lock order: the pool's lock, then an instance's lock; never the reverse.
 */
final class ActorInstance<S, M> {
    private static final Duration MAX_STORE_BACKOFF = Duration.ofSeconds(2);

    /** What handling one message came to. */
    private sealed interface Result {
        record Done() implements Result {
        }

        record Retry(StoredMessage updated) implements Result {
        }

        record Stop() implements Result {
        }
    }

    private static final Result DONE = new Result.Done();
    private static final Result STOP = new Result.Stop();

    final ActorRef ref;
    final ActorType<S, M> type;
    final PartitionWorker worker;
    private final TurnServices services;
    private final ActorPool pool;
    private final Logger log;

    private S state;
    private JsonNode stateJson;
    private long lastSeq;
    private volatile boolean loaded;

    /** A postponed message and the breaker it waits for. */
    private record Awaited(long messageSeq, String breaker) {
    }

    /** The postponed head message's wait, or null (touched by the turn loop only). */
    private Awaited awaited;

    private ArrayDeque<StoredMessage> mailbox;
    private boolean running;
    private boolean retired;
    /** The last committed turn left a state its type passivates at ({@link ActorType#passivatesAt}). */
    private boolean done;
    volatile long lastUsedNanos = System.nanoTime();
    /** When the pool last touched this actor's entry (guarded by the pool's lock; orders the idle sweep). */
    long accessedNanos = lastUsedNanos;

    /** @param pool the pool this actor lives in, which it leaves when its type passivates it at its state */
    ActorInstance(TurnServices services, ActorPool pool, ActorType<S, M> type, ActorRef ref, PartitionWorker worker) {
        this.services = services;
        this.pool = pool;
        this.type = type;
        this.ref = ref;
        this.worker = worker;
        this.log = LoggerFactory.getLogger("loom.actor." + type.name());
    }

    /** Adds a message and starts the turn loop if it is not running. Called under the pool's lock. */
    synchronized void enqueue(StoredMessage m) {
        if (mailbox == null) {
            mailbox = new ArrayDeque<>(4);
        }
        mailbox.addLast(m);
        lastUsedNanos = System.nanoTime();
        startIfIdle();
    }

    /** Activates the actor in the background without a message (cache warming). */
    synchronized void warm() {
        startIfIdle();
    }

    private void startIfIdle() {
        if (!running && !retired) {
            running = true;
            Thread.startVirtualThread(this::drain);
        }
    }

    /** Retires the actor if it is idle (nothing running, nothing queued); true if it did. */
    synchronized boolean tryRetire() {
        if (running || (mailbox != null && !mailbox.isEmpty())) {
            return false;
        }
        retired = true;
        return true;
    }

    /** Retires at once, dropping queued messages (they stay in the store for the partition's next holder). */
    synchronized void retireNow() {
        retired = true;
        mailbox = null;
    }

    synchronized boolean isIdle() {
        return !running && (mailbox == null || mailbox.isEmpty());
    }

    /** The committed state, if activated. */
    synchronized Optional<ActorState> view() {
        return loaded ? Optional.of(new ActorState(ref, lastSeq, stateJson)) : Optional.empty();
    }

    private void drain() {
        try {
            if (!loaded) {
                tryActivate();
            }
            while (true) {
                StoredMessage m;
                boolean leave;
                synchronized (this) {
                    if (retired || !worker.isActive() || services.partitions().isStopping() || mailbox == null || mailbox.isEmpty()) {
                        running = false;
                        if (mailbox != null && mailbox.isEmpty()) {
                            mailbox = null;
                        }
                        leave = done && !retired;
                        m = null;
                    } else {
                        leave = false;
                        m = mailbox.peekFirst();
                    }
                }
                if (m == null) {
                    if (leave) {
                        // Outside this actor's lock: the pool's lock is always taken first.
                        pool.passivate(this);
                    }
                    return;
                }
                Result r = handle(m);
                synchronized (this) {
                    switch (r) {
                        case Result.Done d -> {
                            if (mailbox != null) {
                                mailbox.pollFirst();
                            }
                            worker.completed();
                        }
                        case Result.Retry retry -> {
                            if (mailbox != null && !mailbox.isEmpty()) {
                                mailbox.pollFirst();
                                mailbox.addFirst(retry.updated());
                            }
                        }
                        case Result.Stop s -> {
                            running = false;
                            return;
                        }
                    }
                    lastUsedNanos = System.nanoTime();
                }
            }
        } catch (Throwable t) {
            log.error("turn loop of {} died; resynchronising partition {}", ref, worker.partition, t);
            synchronized (this) {
                running = false;
            }
            services.partitions().resync(worker);
            if (t instanceof Error e) {
                throw e;
            }
        }
    }

    private void tryActivate() {
        try {
            activate();
        } catch (RuntimeException e) {
            log.warn("activation of {} failed ({}); it is retried with the next message", ref, e.toString());
        }
    }

    private void activate() {
        StateFolder.Folded f = services.folder().latest(ref, services.registry().initialState(type));
        S s = services.folder().read(ref, f, type.stateClass());
        JsonNode canonical = Json.toTree(s);
        synchronized (this) {
            state = s;
            stateJson = canonical;
            lastSeq = f.seq();
            loaded = true;
        }
    }

    /** Handles one message until it is done, to be retried later, or the partition is gone. */
    private Result handle(StoredMessage m) {
        Instant notBefore = m.delivery().notBefore();
        if (notBefore != null && !services.partitions().sleepUntil(notBefore, worker, breakerClosed(m))) {
            return STOP;
        }
        awaited = null;
        worker.turnStarted();
        try {
            long backoffMs = 50;
            while (true) {
                if (!services.partitions().leaseAllowsTurn(worker)) {
                    return STOP;
                }
                try {
                    return attempt(m);
                } catch (StoreException e) {
                    log.warn("store failed during the turn of {} on message {}: {}; retrying in {} ms",
                            ref, m.envelope().messageId(), e.getMessage(), backoffMs);
                    if (!services.partitions().sleep(Duration.ofMillis(backoffMs), worker)) {
                        return STOP;
                    }
                    backoffMs = Math.min(backoffMs * 2, MAX_STORE_BACKOFF.toMillis());
                }
            }
        } finally {
            worker.turnEnded();
        }
    }

    /** One attempt at handling {@code m}, under its turn span and with the trace ids in the log's MDC. */
    private Result attempt(StoredMessage m) {
        TurnSpan turn = new TurnSpan(services.tracing().startTurn(ref, m.envelope(), m.delivery().attempts() + 1),
                m.envelope().traceparent());
        try {
            return attempt(m, turn);
        } catch (StoreException e) {
            turn.outcome(TurnSpan.Outcome.STORE_FAILED, e);
            throw e;
        } finally {
            turn.end();
        }
    }

    /**
     * One attempt: activate if needed, answer a duplicate from its idempotency record, then decode the message, run
     * the handler, build the turn's commit and apply its outcome.
     */
    private Result attempt(StoredMessage m, TurnSpan turn) {
        Envelope env = m.envelope();
        if (!loaded) {
            try {
                activate();
            } catch (StoreException e) {
                throw e;
            } catch (RuntimeException e) {
                return failed(m, new IllegalStateException("cannot activate " + ref + ": " + e.getMessage(), e),
                        m.delivery().steps(), turn);
            }
        }
        Instant now = services.now();
        if (env.idempotencyKey() != null) {
            Optional<IdempotencyRecord> done = services.idempotency().find(ref, env.idempotencyKey(), now);
            if (done.isPresent()) {
                return acknowledgeDuplicate(m, done.get(), turn);
            }
        }
        Object message;
        try {
            message = decode(env);
        } catch (RuntimeException e) {
            return deadLetter(m, e, m.delivery().attempts() + 1, m.delivery().steps(), turn);
        }
        long started = System.nanoTime();
        long seq = lastSeq + 1;
        turn.seq(seq);
        TurnContext ctx = new TurnContext(services, ref, m, worker.epoch, seq, now, log, turn);
        return switch (run(m, message, ctx, turn)) {
            case Ran.Ended<S> ended -> ended.result();
            case Ran.Handled<S> handled -> apply(m, handled, commitOf(m, handled, ctx, seq, now, turn), ctx, started, turn);
        };
    }

    /** What running the handler came to: a new state to commit, or an end of the attempt without a commit. */
    private sealed interface Ran<S> {
        record Handled<S>(S next, JsonNode nextJson) implements Ran<S> {
        }

        record Ended<S>(Result result) implements Ran<S> {
        }
    }

    /**
     * The message's payload as its type's message class.
     *
     * @throws RuntimeException if the payload does not decode (the message is dead-lettered: it never will)
     */
    private Object decode(Envelope env) {
        return services.registry().decode(type, env.messageType(), env.payload());
    }

    /** Runs the handler under the turn's span; a failure or a lost partition ends the attempt here. */
    private Ran<S> run(StoredMessage m, Object message, TurnContext ctx, TurnSpan turn) {
        try (Scope scope = turn.makeCurrent()) {
            S next = type.handler().handle(ctx, state, type.messageClass().cast(message));
            if (next == null) {
                throw new IllegalStateException("the handler of actor type '" + type.name()
                        + "' returned null; return the new (or unchanged) state instead");
            }
            return new Ran.Handled<>(next, Json.toTree(next));
        } catch (PartitionLostException e) {
            turn.outcome(TurnSpan.Outcome.FENCED);
            services.partitions().partitionLost(worker);
            return new Ran.Ended<>(STOP);
        } catch (StepRejectedException e) {
            turn.outcome(TurnSpan.Outcome.REJECTED);
            log.warn("{}; re-reading partition {} from the store to replay the recorded steps", e.getMessage(), worker.partition);
            services.partitions().resync(worker);
            return new Ran.Ended<>(STOP);
        } catch (StoreException e) {
            throw e;
        } catch (NonDeterminismException e) {
            return new Ran.Ended<>(deadLetter(m, e, m.delivery().attempts() + 1, ctx.steps(), turn));
        } catch (Exception | StackOverflowError | AssertionError e) {
            Optional<BreakerOpenException> open = BreakerOpenException.in(e).or(ctx::trippedBreaker);
            return new Ran.Ended<>(open.isPresent() ? postponed(m, open.get(), ctx.steps(), turn) : failed(m, e, ctx.steps(), turn));
        } finally {
            ctx.close();
        }
    }

    /** The turn's one atomic write: journal entry, snapshot, sends and timers, idempotency record, acknowledgement. */
    private Write.TurnCommit commitOf(StoredMessage m, Ran.Handled<S> handled, TurnContext ctx, long seq, Instant now,
                                      TurnSpan turn) {
        Envelope env = m.envelope();
        String key = env.idempotencyKey();
        JournalEntry entry = new JournalEntry(ref, seq, env.messageId(), env.messageType(), key,
                Patches.diff(stateJson, handled.nextJson()), turn.traceparent(), now);
        Snapshot snapshot = type.snapshotEvery() > 0 && seq % type.snapshotEvery() == 0
                ? new Snapshot(ref, seq, Json.write(handled.nextJson()), now) : null;
        IdempotencyRecord idem = key == null ? null
                : new IdempotencyRecord(ref, key, env.messageId(), Json.write(ctx.reply()), now, now.plus(services.idempotencyTtl()));
        List<Envelope> sends = OutcomeRouter.with(ctx.sends(), services.outcomes().outcomeOf(env,
                MessageOutcome.Kind.COMPLETED, ctx.reply(), null, null, now));
        return new Write.TurnCommit(env.partition(), worker.epoch, m.seq(), entry, snapshot,
                snapshot != null && !type.retainJournal(), sends, ctx.timers(), ctx.cancelledReminders(), idem);
    }

    /** Commits the turn; once applied, the new state is the actor's and the ask and the receivers hear of it. */
    private Result apply(StoredMessage m, Ran.Handled<S> handled, Write.TurnCommit commit, TurnContext ctx,
                         long started, TurnSpan turn) {
        return switch (services.committer().commit(commit)) {
            case WriteResult.Applied a -> {
                synchronized (this) {
                    state = handled.next();
                    stateJson = handled.nextJson();
                    lastSeq = commit.entry().seq();
                    done = type.passivatesAt(state);
                }
                turn.outcome(TurnSpan.Outcome.COMMITTED);
                services.metrics().outcome(type.name(), RuntimeMetrics.Outcome.COMMITTED);
                services.metrics().turn(type.name(), System.nanoTime() - started);
                services.asks().complete(m.envelope().messageId(), ctx.reply(), false);
                services.partitions().delivered(commit.sends());
                yield DONE;
            }
            case WriteResult.Fenced f -> lost(turn);
            case WriteResult.Rejected rej -> rejected(m, rej, turn);
        };
    }

    private Result acknowledgeDuplicate(StoredMessage m, IdempotencyRecord done, TurnSpan turn) {
        List<Envelope> outcome = services.outcomes().outcomeOf(m.envelope(), MessageOutcome.Kind.DUPLICATE,
                Json.parse(done.reply()), null, null, services.now());
        return switch (services.committer().commit(new Write.Acknowledged(m.envelope().partition(), worker.epoch, m.seq(),
                outcome))) {
            case WriteResult.Applied a -> {
                services.partitions().delivered(outcome);
                turn.outcome(TurnSpan.Outcome.DEDUPLICATED);
                services.metrics().outcome(type.name(), RuntimeMetrics.Outcome.DEDUPLICATED);
                services.asks().complete(m.envelope().messageId(), Json.parse(done.reply()), true);
                yield DONE;
            }
            case WriteResult.Fenced f -> lost(turn);
            case WriteResult.Rejected rej -> rejected(m, rej, turn);
        };
    }

    private Result failed(StoredMessage m, Throwable error, List<StepRecord> steps, TurnSpan turn) {
        int attempts = m.delivery().attempts() + 1;
        return switch (RetryDecision.after(type.retry(), attempts, services.now())) {
            case RetryDecision.DeadLetter d -> deadLetter(m, error, d.attempts(), steps, turn);
            case RetryDecision.Retry r -> retryLater(m, error, attempts, r.notBefore(), steps, turn, () -> {
                turn.outcome(TurnSpan.Outcome.RETRIED, error);
                services.metrics().outcome(type.name(), RuntimeMetrics.Outcome.RETRIED);
                log.debug("message {} to {} failed (attempt {} of {}), retrying after {}: {}", m.envelope().messageId(),
                        ref, attempts, type.retry().maxAttempts(), r.notBefore(), error.toString());
            });
        };
    }

    /**
     * A step's breaker refused its call: the message runs again when the breaker lets calls through, with its
     * attempt count unchanged (the downstream service was not called, so nothing failed), durably so.
     */
    private Result postponed(StoredMessage m, BreakerOpenException open, List<StepRecord> steps, TurnSpan turn) {
        Instant notBefore = services.now().plus(open.retryAfter());
        return retryLater(m, open, m.delivery().attempts(), notBefore, steps, turn, () -> {
            turn.outcome(TurnSpan.Outcome.POSTPONED, open);
            services.metrics().postponed(type.name(), open.breaker());
            awaited = new Awaited(m.seq(), open.breaker());
            log.debug("message {} to {} waits for circuit breaker '{}' until {} (attempts used: {})",
                    m.envelope().messageId(), ref, open.breaker(), notBefore, m.delivery().attempts());
        });
    }

    /** Records the message's next try at {@code notBefore} after {@code attempts} failed attempts. */
    private Result retryLater(StoredMessage m, Throwable error, int attempts, Instant notBefore, List<StepRecord> steps,
                              TurnSpan turn, Runnable applied) {
        Instant now = services.now();
        ErrorInfo info = ErrorInfo.of(error);
        Write w = new Write.AttemptFailed(m.envelope().partition(), worker.epoch, m.seq(), attempts, notBefore, info, now);
        return switch (services.committer().commit(w)) {
            case WriteResult.Applied a -> {
                applied.run();
                Instant first = m.delivery().firstFailedAt() != null ? m.delivery().firstFailedAt() : now;
                yield new Result.Retry(new StoredMessage(m.seq(), m.envelope(),
                        new Delivery(attempts, notBefore, first, now, info, steps)));
            }
            case WriteResult.Fenced f -> lost(turn);
            case WriteResult.Rejected rej -> rejected(m, rej, turn);
        };
    }

    /** While {@code m} waits after a postponement: whether its breaker was closed (reset) meanwhile. */
    private BooleanSupplier breakerClosed(StoredMessage m) {
        Awaited a = awaited;
        return a == null || a.messageSeq() != m.seq() ? () -> false : () -> services.breakers().isClosed(a.breaker());
    }

    private Result deadLetter(StoredMessage m, Throwable error, int attempts, List<StepRecord> steps, TurnSpan turn) {
        Instant now = services.now();
        Instant first = m.delivery().firstFailedAt() != null ? m.delivery().firstFailedAt() : now;
        DeadLetter dl = new DeadLetter(MessageIds.deadLetter(now.toEpochMilli()), ref.type(), ref, m.envelope(), steps,
                ErrorInfo.of(error), attempts, first, now);
        List<Envelope> outcome = services.outcomes().outcomeOf(m.envelope(), MessageOutcome.Kind.DEAD_LETTERED, null,
                dl.error(), dl.id(), now);
        return switch (services.committer().commit(new Write.DeadLettered(m.envelope().partition(), worker.epoch, m.seq(),
                dl, outcome))) {
            case WriteResult.Applied a -> {
                services.partitions().delivered(outcome);
                turn.outcome(TurnSpan.Outcome.DEAD_LETTERED, error);
                services.metrics().outcome(type.name(), RuntimeMetrics.Outcome.DEAD_LETTERED);
                log.warn("message {} ({}) to {} dead-lettered as {} after {} attempt(s): {}", m.envelope().messageId(),
                        m.envelope().messageType(), ref, dl.id(), attempts, error.toString());
                services.asks().fail(m.envelope().messageId(), new MessageDeadLetteredException("message "
                        + m.envelope().messageId() + " to " + ref + " was dead-lettered as " + dl.id() + " after "
                        + attempts + " attempt(s): " + error));
                yield DONE;
            }
            case WriteResult.Fenced f -> lost(turn);
            case WriteResult.Rejected rej -> rejected(m, rej, turn);
        };
    }

    private Result lost(TurnSpan turn) {
        turn.outcome(TurnSpan.Outcome.FENCED);
        services.partitions().partitionLost(worker);
        return STOP;
    }

    private Result rejected(StoredMessage m, WriteResult.Rejected rej, TurnSpan turn) {
        turn.outcome(TurnSpan.Outcome.REJECTED);
        log.error("store rejected the commit of message {} to {}: {}; resynchronising partition {} from the store",
                m.envelope().messageId(), ref, rej.reason(), worker.partition);
        services.partitions().resync(worker);
        return STOP;
    }
}
