package dev.loom.runtime;

import dev.loom.actor.ActorRef;
import dev.loom.actor.ActorType;
import dev.loom.actor.MissedFirePolicy;
import dev.loom.actor.RetryPolicy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** Actor types for the runtime's tests, with probes that record what handlers did. */
final class TestActors {
    /** State of a tally: a running sum and the order of the values it received. */
    record Tally(long sum, List<Long> seen) {
        Tally {
            seen = List.copyOf(seen);
        }
    }

    sealed interface TallyMsg permits Add, Get, FailTimes, AlwaysFail, Forward, Later, Step, Remind, Unremind {
    }

    /** Adds {@code n} and records it. */
    record Add(long n) implements TallyMsg {
    }

    /** Replies with the sum. */
    record Get() implements TallyMsg {
    }

    /** Fails on the first {@code times} attempts, then adds {@code n}. */
    record FailTimes(int times, long n) implements TallyMsg {
    }

    /** Always fails. */
    record AlwaysFail(String why) implements TallyMsg {
    }

    /** Sends Add(n) to {@code targetId} (same type). */
    record Forward(String targetId, long n) implements TallyMsg {
    }

    /** Schedules Add(n) to itself after {@code millis}. */
    record Later(long millis, long n) implements TallyMsg {
    }

    /** Runs durable steps named {@code names}, then fails if {@code failAfter} and attempt < 2. */
    record Step(List<String> names, boolean failAfterSteps) implements TallyMsg {
    }

    /** Starts a reminder adding 1 every {@code millis}. */
    record Remind(long millis) implements TallyMsg {
    }

    /** Cancels the reminder. */
    record Unremind() implements TallyMsg {
    }

    /** What handlers did, for assertions. */
    static final class Probe {
        final Map<String, AtomicInteger> handled = new ConcurrentHashMap<>();
        final List<String> stepRuns = new CopyOnWriteArrayList<>();
        final List<String> stepKeys = new CopyOnWriteArrayList<>();

        int handledCount(String messageId) {
            AtomicInteger n = handled.get(messageId);
            return n == null ? 0 : n.get();
        }
    }

    static final RetryPolicy FAST_RETRY = new RetryPolicy(3, Duration.ofMillis(5), Duration.ofMillis(20), 2.0);

    static ActorType<Tally, TallyMsg> tally(Probe probe) {
        return tally("tally", probe, FAST_RETRY, 1000, false);
    }

    static ActorType<Tally, TallyMsg> tally(String name, Probe probe, RetryPolicy retry, int snapshotEvery,
                                            boolean retainJournal) {
        return ActorType.builder(name, Tally.class, TallyMsg.class)
                .initialState(new Tally(0, List.of()))
                .retry(retry)
                .snapshotEvery(snapshotEvery)
                .retainJournal(retainJournal)
                .handler((ctx, s, msg) -> {
                    probe.handled.computeIfAbsent(ctx.messageId(), k -> new AtomicInteger()).incrementAndGet();
                    return switch (msg) {
                        case Add a -> {
                            ctx.reply(s.sum() + a.n());
                            yield add(s, a.n());
                        }
                        case Get g -> {
                            ctx.reply(s.sum());
                            yield s;
                        }
                        case FailTimes f -> {
                            if (ctx.attempt() <= f.times()) {
                                throw new IllegalStateException("planned failure " + ctx.attempt() + " of " + f.times());
                            }
                            yield add(s, f.n());
                        }
                        case AlwaysFail f -> throw new IllegalStateException(f.why());
                        case Forward f -> {
                            ctx.send(ActorRef.of(ctx.self().type(), f.targetId()), new Add(f.n()));
                            yield s;
                        }
                        case Later l -> {
                            ctx.schedule(Duration.ofMillis(l.millis()), new Add(l.n()));
                            yield s;
                        }
                        case Step st -> {
                            for (String stepName : st.names()) {
                                String key = ctx.idempotencyKey();
                                ctx.run(stepName, () -> {
                                    probe.stepRuns.add(stepName);
                                    probe.stepKeys.add(key);
                                    return stepName.length();
                                });
                            }
                            if (st.failAfterSteps() && ctx.attempt() < 2) {
                                throw new IllegalStateException("fail after steps");
                            }
                            yield add(s, st.names().size());
                        }
                        case Remind r -> {
                            ctx.remind("r", Duration.ofMillis(r.millis()), new Add(1), MissedFirePolicy.FIRE_ONCE);
                            yield s;
                        }
                        case Unremind u -> {
                            ctx.cancelReminder("r");
                            yield s;
                        }
                    };
                })
                .build();
    }

    private static Tally add(Tally s, long n) {
        List<Long> seen = new java.util.ArrayList<>(s.seen());
        seen.add(n);
        return new Tally(s.sum() + n, seen);
    }

    private TestActors() {
    }
}
