package dev.loom.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loom.actor.ActorRef;
import dev.loom.partition.Partitioner;
import dev.loom.spi.JournalEntry;
import dev.loom.spi.Store;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
 * longest pause of any partition is printed: the longest time an accepted increment waited between its 202 and its
 * commit (every partition has counters, so a partition without a working holder shows as its messages waiting),
 * during the update and, for comparison, under the same load before it.
 */
@Timeout(300)
class RollingRestartTest {
    private static final int NODES = 3;
    private static final int PARTITIONS = 64;
    private static final int COUNTERS = 2 * PARTITIONS;

    @TempDir
    Path dir;

    @Test
    void sigtermEachNodeInTurnUnderLoadCommitsEveryAcceptedMessageOnce() throws Exception {
        try (Cluster cluster = new Cluster(dir, NODES, Map.of())) {
            ChaosTest.startAll(cluster);
            Load load = new Load(cluster, COUNTERS, PARTITIONS, 4, 0.1, 0.2);
            load.fundAccounts();
            load.start(6);
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

            Store store = cluster.openStore();
            try {
                cluster.awaitDrained(store);
                cluster.terminateAll();
                ClusterAudit.Findings f = ClusterAudit.audit(store, cluster.ledger(), load);
                Wait during = longestWait(store, load, rollingStarted, rollingEnded);
                Wait before = longestWait(store, load, rollingStarted.minusSeconds(3), rollingStarted);
                System.out.println("[rolling] " + String.join("; ", steps));
                System.out.println("[rolling] clients: " + load.figures());
                System.out.println("[rolling] audit: " + f.figures());
                System.out.println("[rolling] longest pause of any partition (an accepted message's wait for its commit)"
                        + " during the update: " + during
                        + "; under the same load before it: " + before + " (lease TTL " + Cluster.LEASE_TTL.toMillis() + " ms)");
                SoftAssertions soft = new SoftAssertions();
                f.check(soft, load);
                soft.assertThat(during.messages).as("messages accepted during the update").isPositive();
                soft.assertAll();
            } finally {
                store.close();
                cluster.keepLogs("rolling");
            }
        }
    }

    /** The longest wait of an accepted message for its commit, and the partition it was in. */
    record Wait(Duration length, int partition, long messages) {
        @Override
        public String toString() {
            return length.toMillis() + " ms (partition " + partition + "; " + messages + " messages accepted in the window)";
        }
    }

    /** Over the increments accepted between {@code from} and {@code to}: committedAt (node clock) - time of the 202. */
    private static Wait longestWait(Store store, Load load, Instant from, Instant to) {
        Duration longest = Duration.ZERO;
        int where = -1;
        long messages = 0;
        for (String id : store.journal().actorIds(Load.COUNTER, "", COUNTERS + 1)) {
            ActorRef a = ActorRef.of(Load.COUNTER, id);
            for (JournalEntry e : store.journal().read(a, 1, 100_000)) {
                Instant accepted = load.acceptedAt.get(e.idempotencyKey());
                if (accepted == null || accepted.isBefore(from) || accepted.isAfter(to)) {
                    continue;
                }
                messages++;
                Duration wait = Duration.between(accepted, e.committedAt());
                if (wait.compareTo(longest) > 0) {
                    longest = wait;
                    where = Partitioner.partitionOf(a, PARTITIONS);
                }
            }
        }
        return new Wait(longest, where, messages);
    }
}
