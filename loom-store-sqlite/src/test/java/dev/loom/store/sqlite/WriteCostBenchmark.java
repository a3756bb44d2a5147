package dev.loom.store.sqlite;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * What each of a turn's row changes costs SQLite itself, without the store's threads around it (not a test;
 * surefire does not run it). One thread plays the store's writer: a transaction enqueues {@code turns} messages
 * (to random actors of 10,000, 64 partitions, 100-character payloads), the next one commits their turns (each
 * message removed, one journal row appended). Printed per variant: the thread's CPU time per turn and the WAL
 * frames (pages) written per turn; no checkpoint runs, so the WAL's length counts every page each commit wrote.
 *
 * <p>The variants change one thing each against the store's schema ({@link Migrations}):
 * <ul>
 *   <li>{@code current}: the journal as a rowid table plus the unique {@code (actor_type, actor_id, seq)} index;
 *   <li>{@code no-journal-index}: the same without the index (what the index costs; the store cannot do without it);
 *   <li>{@code range-ack}: messages removed by one range delete per partition, the cost floor of acknowledging by
 *       a per-partition cursor instead of one delete per message;
 *   <li>{@code multi-row-delete}: messages removed {@value #ROWS_PER_INSERT} at a time by
 *       {@code DELETE ... WHERE (partition, seq) IN (VALUES ...)};
 *   <li>{@code int-actor-key}: the journal and its index keyed by an integer per actor instead of the two texts.
 * </ul>
 *
 * <p>Run: {@code mvn -q -o -pl loom-store-sqlite -am test-compile} then
 * {@code java -cp <test classpath> dev.loom.store.sqlite.WriteCostBenchmark [rounds] [turnsPerCommit]}.
 */
public final class WriteCostBenchmark {
    private static final int ACTORS = 10_000;
    private static final int PARTITIONS = 64;
    private static final int ROWS_PER_INSERT = 16;
    private static final String PAYLOAD = "{\"sentAtNanos\":123456789012,\"payload\":\"" + "x".repeat(100) + "\"}";

    private enum Variant { CURRENT, NO_JOURNAL_INDEX, RANGE_ACK, MULTI_ROW_DELETE, INT_ACTOR_KEY }

    private WriteCostBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int turns = args.length > 1 ? Integer.parseInt(args[1]) : 704;
        if (turns % ROWS_PER_INSERT != 0) {
            throw new IllegalArgumentException("turnsPerCommit must be a multiple of " + ROWS_PER_INSERT);
        }
        System.out.printf("SQLite write cost: %d rounds of %d turns, synchronous=FULL, no checkpoints%n", rounds, turns);
        // The first run also pays for the JIT compiling this loop, so it is a warm-up, printed but not a variant.
        List<Variant> runs = new ArrayList<>(List.of(Variant.values()));
        runs.addFirst(Variant.CURRENT);
        for (int i = 0; i < runs.size(); i++) {
            Path dir = Files.createTempDirectory("loom-write-cost");
            try {
                run(runs.get(i), i == 0 ? "(warm-up)" : "", dir.resolve("cost.db"), rounds, turns);
            } finally {
                for (String suffix : List.of("", "-wal", "-shm")) {
                    Files.deleteIfExists(dir.resolve("cost.db" + suffix));
                }
                Files.deleteIfExists(dir);
            }
        }
    }

    private static void run(Variant v, String note, Path file, int rounds, int turns) throws SQLException, java.io.IOException {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA journal_mode=WAL");
                s.execute("PRAGMA synchronous=FULL");
                s.execute("PRAGMA cache_size=-32768");
                s.execute("PRAGMA wal_autocheckpoint=0");
                for (String sql : Migrations.ALL.get(0).statements()) {
                    if (sql.contains("journal") && (v == Variant.NO_JOURNAL_INDEX || v == Variant.INT_ACTOR_KEY)) {
                        continue;
                    }
                    s.execute(sql);
                }
                if (v == Variant.NO_JOURNAL_INDEX) {
                    s.execute("CREATE TABLE journal (actor_type TEXT NOT NULL, actor_id TEXT NOT NULL, seq INTEGER NOT NULL,"
                            + " message_id TEXT NOT NULL, message_type TEXT NOT NULL, idempotency_key TEXT, patch TEXT NOT NULL,"
                            + " traceparent TEXT, committed_at INTEGER NOT NULL)");
                } else if (v == Variant.INT_ACTOR_KEY) {
                    s.execute("CREATE TABLE journal (actor INTEGER NOT NULL, seq INTEGER NOT NULL, message_id TEXT NOT NULL,"
                            + " message_type TEXT NOT NULL, idempotency_key TEXT, patch TEXT NOT NULL, traceparent TEXT,"
                            + " committed_at INTEGER NOT NULL)");
                    s.execute("CREATE UNIQUE INDEX journal_by_actor ON journal (actor, seq)");
                }
            }
            long walBefore = Files.size(Path.of(file + "-wal"));
            c.setAutoCommit(false);
            PreparedStatement insertMessages = c.prepareStatement(multiRow(Tx.INSERT_MESSAGE, Tx.MESSAGE_COLUMNS));
            PreparedStatement insertJournal = c.prepareStatement(v == Variant.INT_ACTOR_KEY
                    ? multiRow("INSERT INTO journal (actor, seq, message_id, message_type, idempotency_key, patch,"
                    + " traceparent, committed_at) VALUES ", 8)
                    : multiRow(Tx.INSERT_JOURNAL, Tx.JOURNAL_COLUMNS));
            PreparedStatement delete = c.prepareStatement("DELETE FROM messages WHERE partition = ? AND seq = ?");
            PreparedStatement deleteRange = c.prepareStatement("DELETE FROM messages WHERE partition = ? AND seq <= ?");
            PreparedStatement deleteMany = c.prepareStatement(multiRow("DELETE FROM messages WHERE (partition, seq) IN"
                    + " (VALUES ", 2) + ")");
            Random random = new Random(1);
            long[] lastSeq = new long[ACTORS];
            int[] actor = new int[turns];
            long[] seq = new long[turns];
            long nextSeq = 0;
            long cpuStart = threads.getCurrentThreadCpuTime();
            long start = System.nanoTime();
            for (int round = 0; round < rounds; round++) {
                for (int i = 0; i < turns; i += ROWS_PER_INSERT) {
                    int p = 1;
                    for (int k = i; k < i + ROWS_PER_INSERT; k++) {
                        actor[k] = random.nextInt(ACTORS);
                        seq[k] = ++nextSeq;
                        p = Statements.bind(insertMessages, p, new Object[] {partition(actor[k]), seq[k], "m-" + seq[k],
                                "bench", "b-" + actor[k], "Ping", PAYLOAD, null, null, null, System.nanoTime(), null});
                    }
                    insertMessages.executeUpdate();
                }
                c.commit();
                if (v == Variant.RANGE_ACK) {
                    for (int p = 0; p < PARTITIONS; p++) {
                        deleteRange.setInt(1, p);
                        deleteRange.setLong(2, nextSeq);
                        deleteRange.executeUpdate();
                    }
                } else if (v == Variant.MULTI_ROW_DELETE) {
                    for (int i = 0; i < turns; i += ROWS_PER_INSERT) {
                        int p = 1;
                        for (int k = i; k < i + ROWS_PER_INSERT; k++) {
                            p = Statements.bind(deleteMany, p, new Object[] {partition(actor[k]), seq[k]});
                        }
                        deleteMany.executeUpdate();
                    }
                } else {
                    for (int i = 0; i < turns; i++) {
                        delete.setInt(1, partition(actor[i]));
                        delete.setLong(2, seq[i]);
                        delete.executeUpdate();
                    }
                }
                for (int i = 0; i < turns; i += ROWS_PER_INSERT) {
                    int p = 1;
                    for (int k = i; k < i + ROWS_PER_INSERT; k++) {
                        long s = ++lastSeq[actor[k]];
                        String patch = "[{\"op\":\"replace\",\"path\":\"/count\",\"value\":" + s + "}]";
                        Object[] row = v == Variant.INT_ACTOR_KEY
                                ? new Object[] {actor[k], s, "m-" + seq[k], "Ping", null, patch, null, System.nanoTime()}
                                : new Object[] {"bench", "b-" + actor[k], s, "m-" + seq[k], "Ping", null, patch, null,
                                        System.nanoTime()};
                        p = Statements.bind(insertJournal, p, row);
                    }
                    insertJournal.executeUpdate();
                }
                c.commit();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            long cpu = threads.getCurrentThreadCpuTime() - cpuStart;
            int pageSize;
            try (Statement s = c.createStatement(); var rs = s.executeQuery("PRAGMA page_size")) {
                rs.next();
                pageSize = rs.getInt(1);
            }
            long frames = (Files.size(Path.of(file + "-wal")) - walBefore) / (24 + pageSize);
            long total = (long) rounds * turns;
            System.out.printf("%-17s %,9.0f turns/s  CPU %5.1f us per turn  %.2f WAL pages per turn (%.0f per commit"
                            + " pair) %s%n", v.name().toLowerCase().replace('_', '-'), total / seconds, cpu / 1e3 / total,
                    (double) frames / total, (double) frames / rounds, note);
            insertMessages.close();
            insertJournal.close();
            delete.close();
            deleteRange.close();
            deleteMany.close();
            c.setAutoCommit(true);
        }
    }

    private static int partition(int actor) {
        return Math.floorMod(Integer.hashCode(actor * 31), PARTITIONS);
    }

    private static String multiRow(String insertPrefix, int columns) {
        String row = "(" + "?, ".repeat(columns - 1) + "?)";
        StringBuilder sql = new StringBuilder(insertPrefix);
        for (int r = 0; r < ROWS_PER_INSERT; r++) {
            sql.append(r == 0 ? "" : ", ").append(row);
        }
        return sql.toString();
    }
}
