package dev.loom.store.sqlite.crash;

import dev.loom.examples.account.PaymentGateway;
import dev.loom.runtime.Loom;
import dev.loom.spi.QueueStats;
import dev.loom.store.sqlite.SqliteStore;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The child JVM of {@link KillNineCrashTest}: runs the example workload on the SQLite file in {@code dir} as
 * node {@link Workload#NODE_ID} until it is killed, or stops gracefully when its stdin says {@code stop} (or
 * closes). It reports on stdout, one line per event: {@code READY <held> partitions, <n> messages queued}, {@code BURST <sends>},
 * {@code DRAINED}, {@code STOPPED}.
 *
 * <p>Arguments: {@code <mode> <dir> <round>}. Modes: {@code steady} (senders run continuously), {@code burst}
 * (as steady, plus a burst of {@value #BURST} concurrent sends reported when all returned, so the parent can
 * kill while their turns commit), {@code drain} (no sends; reports {@code DRAINED} once the store has no
 * queued message left).
 */
public final class CrashWorkload {
    static final int BURST = 300;

    private CrashWorkload() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        Path dir = Path.of(args[1]);
        int round = Integer.parseInt(args[2]);
        BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        PaymentGateway gateway = PaymentGateway.withLedger(Workload.ledger(dir));
        try (SqliteStore store = SqliteStore.open(Workload.storeOptions(dir));
             AcceptedLog log = AcceptedLog.open(dir, round)) {
            long queued = store.messages().stats().stream().mapToLong(QueueStats::depth).sum();
            Loom loom = Workload.node(store, gateway, Workload.transport()).start();
            report("READY " + loom.heldPartitions().size() + " partitions, " + queued + " messages queued");
            Senders senders = new Senders(loom, log, round);
            switch (mode) {
                case "steady" -> senders.start();
                case "burst" -> {
                    senders.start();
                    Thread.sleep(200);
                    report("BURST " + senders.burst(BURST));
                }
                case "drain" -> {
                    awaitEmptyQueues(store);
                    report("DRAINED");
                }
                default -> throw new IllegalArgumentException("unknown mode '" + mode + "': steady, burst or drain");
            }
            for (String line = stdin.readLine(); line != null && !line.equals("stop"); line = stdin.readLine()) {
                System.err.println("ignored order: " + line);
            }
            senders.stop();
            if (!loom.shutdown(Duration.ofSeconds(10))) {
                System.err.println("shutdown left turns running");
            }
        }
        report("STOPPED");
    }

    private static void awaitEmptyQueues(SqliteStore store) throws InterruptedException {
        while (true) {
            List<QueueStats> stats = store.messages().stats();
            if (stats.stream().allMatch(s -> s.depth() == 0 && s.timers() == 0)) {
                return;
            }
            Thread.sleep(100);
        }
    }

    private static void report(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
