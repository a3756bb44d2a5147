package dev.loom.store.sqlite;

import dev.loom.actor.ActorRef;
import dev.loom.spi.Envelope;
import dev.loom.spi.IdempotencyRecord;
import dev.loom.spi.JournalEntry;
import dev.loom.spi.Lease;
import dev.loom.spi.Write;
import dev.loom.spi.WriteResult;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The second JVM of the multi-process tests: opens the same database file and acts as another node. It
 * reports on stdout, one line per event, and takes orders on stdin.
 *
 * <p>Modes: {@code holder <file>} (node A: leases partition 0, commits one turn, then on "next" tries another
 * with its now stale lease); {@code stream <file>} (commits turns until killed); {@code lock <file>} (holds
 * an exclusive lock on the file until stdin closes); {@code write <file>} (holds a write transaction,
 * {@code BEGIN IMMEDIATE} in WAL mode as another Loom node or the sqlite3 shell would, until stdin closes).
 */
public final class ChildStoreProcess {
    static final int PARTITIONS = 4;
    static final ActorRef SINK = ActorRef.of("child.sink", "sink");
    static final Instant KEY_EXPIRY = Instant.parse("2100-01-01T00:00:00Z");

    private ChildStoreProcess() {
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[1]);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        switch (args[0]) {
            case "holder" -> holder(file, in);
            case "stream" -> stream(file);
            case "lock" -> lock(file, in);
            case "write" -> write(file, in);
            default -> throw new IllegalArgumentException("unknown mode " + args[0]);
        }
    }

    /** An actor in partition 0 of a {@value #PARTITIONS}-partition store, named {@code prefix-n}. */
    static ActorRef actorInPartition0(String prefix) {
        for (int n = 0; ; n++) {
            ActorRef a = ActorRef.of("child.counter", prefix + "-" + n);
            if (dev.loom.partition.Partitioner.partitionOf(a, PARTITIONS) == 0) {
                return a;
            }
        }
    }

    static Envelope message(ActorRef target, String id) {
        return new Envelope(id, target, dev.loom.partition.Partitioner.partitionOf(target, PARTITIONS), "Add",
                "{\"n\":1}", null, "child", null, Instant.parse("2030-01-01T00:00:00Z"));
    }

    static Write.TurnCommit turn(Lease lease, long messageSeq, Envelope handled, long seq, List<Envelope> sends,
                                 IdempotencyRecord idempotency) {
        JournalEntry entry = new JournalEntry(handled.target(), seq, handled.messageId(), handled.messageType(), null,
                "[]", null, Instant.parse("2030-01-01T00:00:00Z"));
        return new Write.TurnCommit(lease.partition(), lease.epoch(), messageSeq, entry, null, false, sends,
                List.of(), List.of(), idempotency);
    }

    private static SqliteStore open(Path file) {
        return SqliteStore.open(SqliteStoreOptions.at(file).withPartitions(PARTITIONS));
    }

    private static void holder(Path file, BufferedReader in) throws Exception {
        ActorRef actor = actorInPartition0("shared");
        try (SqliteStore store = open(file)) {
            Lease lease = store.leases().acquire(0, "node-a", Duration.ofSeconds(30), Instant.parse("2030-01-01T00:00:00Z"))
                    .orElseThrow();
            Envelope first = message(actor, "from-a-1");
            long seq = store.messages().enqueue(List.of(first)).get(0);
            report("FIRST " + describe(store.commit(List.of(turn(lease, seq, first, 1, List.of(), null))).get(0))
                    + " " + lease.epoch());
            String order = in.readLine();
            if (!"next".equals(order)) {
                throw new IllegalStateException("expected 'next', got " + order);
            }
            Envelope second = message(actor, "from-a-2");
            long seq2 = store.messages().enqueue(List.of(second)).get(0);
            report("SECOND " + describe(store.commit(List.of(turn(lease, seq2, second, 2, List.of(), null))).get(0)));
        }
    }

    /** Commits batches of five turns (one per actor, each with two sends and a key) until killed. */
    private static void stream(Path file) {
        List<ActorRef> actors = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            actors.add(actorInPartition0("stream" + i));
        }
        Map<ActorRef, Long> lastSeq = new HashMap<>();
        try (SqliteStore store = open(file)) {
            Lease lease = store.leases().acquire(0, "node-a", Duration.ofDays(1), Instant.parse("2030-01-01T00:00:00Z"))
                    .orElseThrow();
            for (int n = 1; ; n += actors.size()) {
                List<Envelope> handled = new ArrayList<>();
                for (int i = 0; i < actors.size(); i++) {
                    handled.add(message(actors.get(i), "m-" + (n + i)));
                }
                List<Long> seqs = store.messages().enqueue(handled);
                List<Write> turns = new ArrayList<>();
                for (int i = 0; i < handled.size(); i++) {
                    Envelope h = handled.get(i);
                    long seq = lastSeq.merge(h.target(), 1L, Long::sum);
                    turns.add(turn(lease, seqs.get(i), h, seq,
                            List.of(message(SINK, h.messageId() + "-send-1"), message(SINK, h.messageId() + "-send-2")),
                            new IdempotencyRecord(h.target(), "key-" + h.messageId(), h.messageId(), "1", Instant.now(), KEY_EXPIRY)));
                }
                List<WriteResult> results = store.commit(turns);
                for (int i = 0; i < results.size(); i++) {
                    if (!(results.get(i) instanceof WriteResult.Applied)) {
                        throw new IllegalStateException("turn " + handled.get(i).messageId() + ": " + results.get(i));
                    }
                    report("APPLIED " + handled.get(i).messageId());
                }
            }
        }
    }

    private static void lock(Path file, BufferedReader in) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.execute("PRAGMA locking_mode=EXCLUSIVE");
            s.execute("BEGIN EXCLUSIVE");
            s.execute("CREATE TABLE IF NOT EXISTS lock_probe (x INTEGER)");
            report("LOCKED");
            while (in.readLine() != null) {
                // Hold the lock until the parent closes our stdin.
                Thread.onSpinWait();
            }
            s.execute("ROLLBACK");
        }
    }

    private static void write(Path file, BufferedReader in) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.execute("BEGIN IMMEDIATE");
            report("WRITING");
            while (in.readLine() != null) {
                // Keep the transaction open until the parent closes our stdin.
                Thread.onSpinWait();
            }
            s.execute("ROLLBACK");
        }
    }

    private static String describe(WriteResult r) {
        return switch (r) {
            case WriteResult.Applied a -> "APPLIED";
            case WriteResult.Fenced f -> "FENCED";
            case WriteResult.Rejected rej -> "REJECTED " + rej.reason();
        };
    }

    private static void report(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
