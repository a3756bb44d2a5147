package dev.loom.store.sqlite;

import dev.loom.actor.ActorRef;
import dev.loom.partition.Partitioner;
import dev.loom.spi.Envelope;
import dev.loom.spi.IdempotencyRecord;
import dev.loom.spi.JournalEntry;
import dev.loom.spi.Lease;
import dev.loom.spi.StoredMessage;
import dev.loom.spi.Write;
import dev.loom.spi.WriteResult;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * Throughput of the SQLite store for the runtime's hot path, printed as rows/s and turns/s (not a test;
 * surefire does not run it). One turn = a client's enqueue of a message plus the {@code TurnCommit} that
 * handles it (journal insert, message delete, an idempotency record for every tenth turn).
 *
 * <p>Phases: (1) enqueue only, many client threads each enqueueing one message per call; (2) the pipeline:
 * clients enqueue while consumer threads fetch their partitions and commit turns in batches of up to 1,000,
 * as the core's group committer does; the clock runs until every message has been committed.
 *
 * <p>Run: {@code mvn -q -o -pl loom-store-sqlite -am test-compile} then
 * {@code java -cp <test classpath> dev.loom.store.sqlite.SqliteStoreBenchmark [messages] [clients] [consumers] [FULL|NORMAL] [actors]}.
 */
public final class SqliteStoreBenchmark {
    private static final int PARTITIONS = 64;
    private static int actors = 10_000;
    private static final String NODE = "bench-node";

    private SqliteStoreBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int messages = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int clients = args.length > 1 ? Integer.parseInt(args[1]) : 64;
        int consumers = args.length > 2 ? Integer.parseInt(args[2]) : 4;
        SynchronousMode sync = args.length > 3 ? SynchronousMode.valueOf(args[3]) : SynchronousMode.FULL;
        actors = args.length > 4 ? Integer.parseInt(args[4]) : actors;
        Path dir = Files.createTempDirectory("loom-sqlite-bench");
        try {
            System.out.printf("SQLite store benchmark: %,d messages to %,d actors, %d client threads, %d consumers,"
                    + " synchronous=%s%n", messages, actors, clients, consumers, sync);
            enqueueOnly(dir.resolve("enqueue.db"), messages, clients, sync);
            pipeline(dir.resolve("pipeline.db"), messages, clients, consumers, sync);
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private static void enqueueOnly(Path file, int messages, int clients, SynchronousMode sync) throws Exception {
        try (SqliteStore store = open(file, sync)) {
            long start = System.nanoTime();
            long written = writtenBytes();
            runClients(store, messages, clients);
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("enqueue only:   %,d messages in %.2f s = %,.0f rows/s%s%n", messages, seconds,
                    messages / seconds, writerFigures(store, messages, written));
        }
    }

    private static void pipeline(Path file, int messages, int clients, int consumers, SynchronousMode sync)
            throws Exception {
        try (SqliteStore store = open(file, sync)) {
            Lease[] leases = new Lease[PARTITIONS];
            for (int p = 0; p < PARTITIONS; p++) {
                leases[p] = store.leases().acquire(p, NODE, Duration.ofHours(1), Instant.now()).orElseThrow();
            }
            AtomicLong committed = new AtomicLong();
            AtomicLong rows = new AtomicLong();
            AtomicLong batches = new AtomicLong();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            long written = writtenBytes();
            CountDownLatch done = new CountDownLatch(consumers);
            long start = System.nanoTime();
            List<Thread> threads = new ArrayList<>();
            for (int c = 0; c < consumers; c++) {
                int consumer = c;
                threads.add(Thread.ofPlatform().name("consumer-" + c).start(() -> {
                    try {
                        consume(store, leases, consumer, consumers, messages, committed, rows, batches);
                    } catch (Throwable t) {
                        failure.compareAndSet(null, t);
                    } finally {
                        done.countDown();
                    }
                }));
            }
            runClients(store, messages, clients);
            rows.addAndGet(messages);
            done.await();
            if (failure.get() != null) {
                throw new IllegalStateException("consumer failed", failure.get());
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("pipeline:       %,d turns in %.2f s = %,.0f turns/s (%,.0f rows/s; %,d commit calls,"
                            + " avg %.0f turns per call)%n", committed.get(), seconds, committed.get() / seconds,
                    rows.get() / seconds, batches.get(), (double) committed.get() / batches.get());
            System.out.printf("                %s%n", writerFigures(store, messages, written));
        }
    }

    private static void consume(SqliteStore store, Lease[] leases, int consumer, int consumers, int total,
                                AtomicLong committed, AtomicLong rows, AtomicLong batches) {
        Map<ActorRef, Long> lastSeq = new HashMap<>();
        long[] cursor = new long[PARTITIONS];
        Instant expires = Instant.now().plus(Duration.ofDays(1));
        while (committed.get() < total) {
            List<Write> batch = new ArrayList<>();
            for (int p = consumer; p < PARTITIONS && batch.size() < 1000; p += consumers) {
                for (StoredMessage m : store.messages().fetch(p, cursor[p], 1000 - batch.size())) {
                    cursor[p] = m.seq();
                    Envelope e = m.envelope();
                    long seq = lastSeq.merge(e.target(), 1L, Long::sum);
                    Instant now = Instant.now();
                    boolean withKey = m.seq() % 10 == 0;
                    IdempotencyRecord idem = withKey
                            ? new IdempotencyRecord(e.target(), "key-" + m.seq(), e.messageId(), "{\"ok\":true}", now, expires) : null;
                    batch.add(new Write.TurnCommit(p, leases[p].epoch(), m.seq(),
                            new JournalEntry(e.target(), seq, e.messageId(), e.messageType(), null,
                                    "[{\"op\":\"replace\",\"path\":\"/n\",\"value\":" + seq + "}]", null, now),
                            null, false, List.of(), List.of(), List.of(), idem));
                    rows.addAndGet(withKey ? 3 : 2);
                }
            }
            if (batch.isEmpty()) {
                Thread.onSpinWait();
                continue;
            }
            List<WriteResult> results = store.commit(batch);
            for (WriteResult r : results) {
                if (!(r instanceof WriteResult.Applied)) {
                    throw new IllegalStateException("turn not applied: " + r);
                }
            }
            batches.incrementAndGet();
            committed.addAndGet(results.size());
        }
    }

    private static void runClients(SqliteStore store, int messages, int clients) throws InterruptedException {
        AtomicLong next = new AtomicLong();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < clients; c++) {
                pool.submit(() -> {
                    try {
                        for (long i = next.getAndIncrement(); i < messages; i = next.getAndIncrement()) {
                            ActorRef actor = ActorRef.of("bench.counter", "a" + (i % actors));
                            store.messages().enqueue(List.of(new Envelope("m-" + i, actor,
                                    Partitioner.partitionOf(actor, PARTITIONS), "Add", "{\"n\":1}", null,
                                    "bench-client", null, Instant.now())));
                        }
                    } catch (Throwable t) {
                        failure.compareAndSet(null, t);
                    }
                });
            }
        }
        if (failure.get() != null) {
            throw new IllegalStateException("client failed", failure.get());
        }
    }

    /**
     * Where the writer's time went: per transaction (and the part of it in {@code COMMIT}, the WAL write and
     * fsync), per write, the writer thread's CPU time and the bytes the process wrote, per turn or message.
     */
    private static String writerFigures(SqliteStore store, long units, long writtenBefore) {
        WriterCounters c = store.writerCounters();
        long n = Math.max(1, c.transactions());
        long cpu = cpuNanos("loom-sqlite-writer");
        long checkpointerCpu = cpuNanos("loom-sqlite-checkpointer");
        return String.format(" [writer: %,d transactions of %.0f writes (%.1f tasks), %.2f ms each of which COMMIT"
                        + " %.2f ms; %.1f us per write; writer CPU %s, checkpointer CPU %s; written %s; busy %.1f s]",
                c.transactions(), (double) c.writes() / n, (double) c.tasks() / n, c.busyNanos() / 1e6 / n,
                c.commitNanos() / 1e6 / n, c.busyNanos() / 1e3 / Math.max(1, c.writes()),
                cpu < 0 ? "n/a" : String.format("%.1f us per turn", cpu / 1e3 / units),
                checkpointerCpu < 0 ? "n/a" : String.format("%.1f us per turn", checkpointerCpu / 1e3 / units),
                writtenBefore < 0 ? "n/a" : String.format("%,.0f bytes per turn", (double) (writtenBytes() - writtenBefore) / units),
                c.busyNanos() / 1e9);
    }

    /** CPU time so far of the live thread with this name (the store's writer, its checkpointer), or -1. */
    private static long cpuNanos(String threadName) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().equals(threadName) && t.isAlive()) {
                return threads.getThreadCpuTime(t.threadId());
            }
        }
        return -1;
    }

    /** Bytes this process passed to write calls so far ({@code wchar} of /proc/self/io), or -1 off Linux. */
    private static long writtenBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/io"))) {
                if (line.startsWith("wchar:")) {
                    return Long.parseLong(line.substring("wchar:".length()).trim());
                }
            }
            return -1;
        } catch (java.io.IOException e) {
            return -1;
        }
    }

    private static SqliteStore open(Path file, SynchronousMode sync) {
        return SqliteStore.open(SqliteStoreOptions.at(file).withPartitions(PARTITIONS).withSynchronous(sync));
    }
}
