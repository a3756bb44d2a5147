package dev.loom.bench.compare;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs the same work on each contender, one after the other, on one PostgreSQL server: {@code senders} virtual
 * threads increment {@code actors} counters round-robin, each waiting for its increment to be durable before the
 * next; first {@code warmup} increments that are not timed (JIT compilation, every counter's first activation or
 * recovery), then {@code increments} timed ones. Throughput = timed increments / (last durable - first sent).
 * After each run the database is asked how many increments it holds; a shortfall fails the run.
 *
 * @param actors       counters
 * @param increments   timed increments per contender
 * @param warmup       untimed increments before them
 * @param senders      concurrent senders
 * @param payloadBytes characters of each increment's payload
 * @param systems      which contenders to run, in order: {@code loom}, {@code pekko}, {@code dbos}
 */
record Comparison(int actors, long increments, long warmup, int senders, int payloadBytes, List<String> systems) {
    static final List<String> ALL = List.of("loom", "pekko", "dbos");
    private static final Duration APPLY_TIMEOUT = Duration.ofMinutes(5);

    Comparison {
        if (actors < 1 || increments < 1 || warmup < 0 || senders < 1 || payloadBytes < 0) {
            throw new IllegalArgumentException("actors, increments and senders must be at least 1; warmup and"
                    + " payload bytes at least 0");
        }
        for (String s : systems) {
            if (!ALL.contains(s)) {
                throw new IllegalArgumentException("unknown system '" + s + "'; expected some of " + ALL);
            }
        }
        systems = List.copyOf(systems);
    }

    /**
     * One contender's figures.
     *
     * @param cpu CPU used while the timed increments ran: this JVM's and the server's
     */
    record Result(String system, String describe, long increments, double seconds, long durable, CpuClock.CpuTime cpu) {
        double perSecond() {
            return increments / seconds;
        }

        /** This JVM's CPU per increment, in microseconds. */
        double jvmMicros() {
            return cpu.jvmNanos() / 1e3 / increments;
        }

        /** The server's CPU per increment, in microseconds; NaN where it is not known. */
        double serverMicros() {
            return cpu.serverNanos().isPresent() ? cpu.serverNanos().getAsLong() / 1e3 / increments : Double.NaN;
        }
    }

    /** Runs every chosen contender on a fresh database of {@code server}. */
    List<Result> run(ComparisonServer server, Progress progress) throws Exception {
        List<Result> results = new ArrayList<>();
        CpuClock cpu = server.cpuClock();
        for (String system : systems) {
            String url = server.createDatabase("compare_" + system);
            progress.say("starting " + system + " on " + url);
            try (Contender contender = open(system, url)) {
                results.add(measure(contender, cpu, progress));
            }
        }
        return results;
    }

    private Contender open(String system, String url) throws Exception {
        return switch (system) {
            case "loom" -> new LoomContender(url, ComparisonServer.USER, actors);
            case "pekko" -> new PekkoContender(url, ComparisonServer.USER, actors);
            case "dbos" -> new DbosContender(url, ComparisonServer.USER, actors);
            default -> throw new IllegalArgumentException("unknown system " + system);
        };
    }

    private Result measure(Contender contender, CpuClock cpu, Progress progress) throws Exception {
        String payload = "x".repeat(payloadBytes);
        if (warmup > 0) {
            drive(contender, 0, warmup, payload);
            contender.awaitApplied(warmup, APPLY_TIMEOUT);
        }
        progress.say(contender.name() + ": warmed up with " + warmup + " increments; timing " + increments);
        CpuClock.CpuTime cpuBefore = cpu.now();
        long start = System.nanoTime();
        drive(contender, warmup, increments, payload);
        long end = contender.awaitApplied(warmup + increments, APPLY_TIMEOUT);
        CpuClock.CpuTime used = cpu.now().since(cpuBefore);
        double seconds = Math.max(1, end - start) / 1e9;
        long durable = contender.durableCount();
        if (durable < warmup + increments) {
            throw new IllegalStateException(contender.name() + " holds " + durable + " increments in its database"
                    + " after " + (warmup + increments) + " were acknowledged");
        }
        Result r = new Result(contender.name(), contender.describe(), increments, seconds, durable, used);
        progress.say(String.format(Locale.ROOT, "%s: %,.0f increments/s", r.system(), r.perSecond()));
        return r;
    }

    /** Sends increments {@code first .. first + count - 1} from {@link #senders} threads and waits for them. */
    private void drive(Contender contender, long first, long count, String payload) throws Exception {
        AtomicReference<Exception> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>(senders);
        for (int s = 0; s < senders; s++) {
            long offset = s;
            threads.add(Thread.ofVirtual().name("compare-sender-" + s).start(() -> {
                for (long i = offset; i < count && failure.get() == null; i += senders) {
                    try {
                        contender.increment((int) ((first + i) % actors), payload);
                    } catch (Exception e) {
                        failure.compareAndSet(null, e);
                    }
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        if (failure.get() != null) {
            throw new IllegalStateException(contender.name() + " failed an increment: " + failure.get(), failure.get());
        }
    }

    /** Where the comparison reports what it is doing. */
    @FunctionalInterface
    interface Progress {
        void say(String line);
    }
}
