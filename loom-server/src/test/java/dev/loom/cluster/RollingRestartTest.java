package dev.loom.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loom.spi.JournalEntry;
import dev.loom.spi.Store;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rolling update of three Loom servers on PostgreSQL under load: each node in turn is taken out of the load
 * balancer, sent SIGTERM (it drains and releases its leases), and replaced by a new process with the same node id
 * once it has exited. Every accepted message is committed once (the same audit as {@link ChaosTest}), and the
 * longest pause of any partition is printed: one client sends to a probe counter in each partition in turn, and the
 * pause is the longest gap between two consecutive commits of a partition's probe during the update, printed next to
 * the longest such gap before it (what a full round of the probe takes under the load alone).
 */
@Timeout(300)
class RollingRestartTest {
    private static final int NODES = 3;
    private static final int PARTITIONS = 64;
    private static final int COUNTERS = 64;

    @TempDir
    Path dir;

    @Test
    void sigtermEachNodeInTurnUnderLoadCommitsEveryAcceptedMessageOnce() throws Exception {
        try (Cluster cluster = new Cluster(dir, NODES, Map.of())) {
            ChaosTest.startAll(cluster);
            Load load = new Load(cluster, COUNTERS, 4, 0.1, 0.2);
            load.fundAccounts();
            load.start(4);
            load.startProbes(PARTITIONS);
            Thread.sleep(4_000);
            Instant rollingStarted = Instant.now();
            List<String> steps = new ArrayList<>();
            for (int i = 0; i < NODES; i++) {
                long t0 = System.nanoTime();
                int exit = cluster.terminate(i);
                long drained = System.nanoTime();
                assertThat(exit).as("exit status of %s after SIGTERM", cluster.nodes[i].id).isZero();
                cluster.start(i);
                steps.add(cluster.nodes[i].id + ": drained and exited in " + Duration.ofNanos(drained - t0).toMillis()
                        + " ms, replacement serving " + Duration.ofNanos(System.nanoTime() - drained).toMillis() + " ms later");
                Thread.sleep(2_000);
            }
            Instant rollingEnded = Instant.now();
            Thread.sleep(2_000);
            load.stop();

            Store store = cluster.pg.open(cluster.schema);
            try {
                cluster.awaitDrained(store);
                cluster.terminateAll();
                ClusterAudit.Findings f = ClusterAudit.audit(store, cluster.ledger(), load);
                Gap during = longestGap(store, rollingStarted, rollingEnded);
                Gap before = longestGap(store, rollingStarted.minusSeconds(4), rollingStarted);
                System.out.println("[rolling] " + String.join("; ", steps));
                System.out.println("[rolling] clients: " + load.figures());
                System.out.println("[rolling] audit: " + f.figures());
                System.out.println("[rolling] longest pause of any partition during the update: " + during
                        + "; under the same load before it: " + before + " (lease TTL " + Cluster.LEASE_TTL.toMillis() + " ms)");
                SoftAssertions soft = new SoftAssertions();
                f.check(soft, load);
                soft.assertThat(during.partitions).as("partitions with commits during the update").isPositive();
                soft.assertAll();
            } finally {
                store.close();
                cluster.keepLogs("rolling");
            }
        }
    }

    /** The longest gap between consecutive commits of one partition within a window, and where. */
    record Gap(Duration length, int partition, int partitions) {
        @Override
        public String toString() {
            return length.toMillis() + " ms (partition " + partition + ", of " + partitions + " partitions with commits)";
        }
    }

    /** Over the probe counters' commits: each partition's probe is one actor, sent to round-robin by one client. */
    private static Gap longestGap(Store store, Instant from, Instant to) {
        Map<Integer, List<Instant>> commits = new HashMap<>();
        for (int p = 0; p < PARTITIONS; p++) {
            List<Instant> times = commits.computeIfAbsent(p, k -> new ArrayList<>());
            for (JournalEntry e : store.journal().read(Load.probe(p, PARTITIONS), 1, 100_000)) {
                if (!e.committedAt().isBefore(from) && !e.committedAt().isAfter(to)) {
                    times.add(e.committedAt());
                }
            }
        }
        Duration longest = Duration.ZERO;
        int where = -1;
        for (var e : commits.entrySet()) {
            List<Instant> times = e.getValue();
            times.sort(null);
            for (int k = 1; k < times.size(); k++) {
                Duration gap = Duration.between(times.get(k - 1), times.get(k));
                if (gap.compareTo(longest) > 0) {
                    longest = gap;
                    where = e.getKey();
                }
            }
        }
        return new Gap(longest, where, (int) commits.values().stream().filter(t -> !t.isEmpty()).count());
    }
}
