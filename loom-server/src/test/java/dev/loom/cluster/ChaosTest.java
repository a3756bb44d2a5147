package dev.loom.cluster;

import static org.awaitility.Awaitility.await;

import dev.loom.spi.Store;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three Loom servers (child JVMs) on one real PostgreSQL, under load from clients that spread keyed sends, asks and
 * withdrawals over every node, while the test: kills a random node with SIGKILL every few seconds and restarts it;
 * pauses one with SIGSTOP for twice the lease TTL (the others must keep committing and take its partitions over;
 * once resumed, its late commits are refused and it drops every partition); restarts PostgreSQL; and terminates
 * every Loom backend. Then the cluster drains and the audit reads the database and the gateway ledger: no accepted
 * message lost, none applied twice (contiguous journals, each key once, counters equal to their accepted
 * increments), every withdrawal charged once, every state equal to snapshot + tail and to a full replay.
 *
 * <p>The fault schedule comes from a seed printed at the start ({@code -Dloom.chaos.seed=<seed>} replays it).
 */
@Timeout(300)
class ChaosTest {
    private static final int NODES = 3;
    private static final int PARTITIONS = 64;

    @TempDir
    Path dir;

    @Test
    void threeNodesUnderKillsPausesAndDatabaseFaultsLoseNothingAndApplyNothingTwice() throws Exception {
        long seed = Long.getLong("loom.chaos.seed", System.nanoTime());
        Random random = new Random(seed);
        System.out.println("[chaos] seed " + seed + " (-Dloom.chaos.seed=" + seed + " replays the schedule)");
        List<String> events = new CopyOnWriteArrayList<>();
        try (Cluster cluster = new Cluster(dir, NODES, Map.of())) {
            startAll(cluster);
            Load load = new Load(cluster, PARTITIONS, PARTITIONS, 8, 0.1, 0.3);
            load.fundAccounts();
            load.start(6);
            Thread.sleep(3_000);

            List<Thread> restarts = new ArrayList<>();
            for (int round = 0; round < 3; round++) {
                Thread.sleep(2_000 + random.nextInt(2_000));
                restarts.add(killAndRestart(cluster, random, events));
            }
            join(restarts);
            await().atMost(Duration.ofSeconds(60)).until(() -> cluster.serving().size() == NODES);

            int paused = random.nextInt(NODES);
            PauseReport pause = pauseLongerThanTheLease(cluster, paused);
            events.add("kill -STOP " + cluster.nodes[paused].id + " for " + pause.pausedFor.toMillis() + " ms, then -CONT");

            long restartStarted = System.nanoTime();
            cluster.postgres().restart();
            events.add("PostgreSQL restarted (down " + Duration.ofNanos(System.nanoTime() - restartStarted).toMillis() + " ms)");

            Thread.sleep(2_500);
            int terminated = cluster.postgres().terminateLoomBackends();
            events.add("pg_terminate_backend: " + terminated + " Loom backends");

            Thread.sleep(1_500 + random.nextInt(1_500));
            restarts.add(killAndRestart(cluster, random, events));
            Thread.sleep(2_000);
            load.stop();
            join(restarts);

            Store store = cluster.openStore();
            try {
                cluster.awaitDrained(store);
                double fencedOverall = 0;
                for (int i = 0; i < NODES; i++) {
                    fencedOverall += cluster.metric(i, "loom_commits_fenced_total", "");
                }
                cluster.terminateAll();
                ClusterAudit.Findings f = ClusterAudit.audit(store, cluster.ledger(), load);
                System.out.println("[chaos] events: " + String.join("; ", events));
                System.out.println("[chaos] clients: " + load.figures());
                System.out.println("[chaos] paused node " + cluster.nodes[paused].id + ": " + pause);
                System.out.println("[chaos] fenced commits (loom_commits_fenced_total, current incarnations): "
                        + (long) fencedOverall + "; 'fenced off' log lines, all incarnations: " + cluster.logLines("fenced off")
                        + "; lease margin waits logged: " + cluster.logLines("under the safety margin"));
                System.out.println("[chaos] audit: " + f.figures());
                SoftAssertions soft = new SoftAssertions();
                f.check(soft, load);
                soft.assertThat(load.acceptedCount()).as("accepted messages").isGreaterThan(500);
                soft.assertThat(pause.othersCommittedDuringPause).as("commits by the other nodes while one was paused")
                        .isPositive();
                soft.assertThat(pause.takenOver).as("the others held every partition before the paused node resumed")
                        .isTrue();
                soft.assertThat(pause.droppedAfterResume).as("the resumed node dropped the partitions taken from it")
                        .isTrue();
                soft.assertAll();
            } finally {
                store.close();
                cluster.keepLogs("chaos");
            }
        } catch (AssertionError | Exception e) {
            System.out.println("[chaos] failed; seed " + seed + "; events so far: " + events);
            throw e;
        }
    }

    /** What pausing a node showed. */
    record PauseReport(Duration pausedFor, double othersCommittedDuringPause, Duration takeover, boolean takenOver,
                       boolean droppedAfterResume, long lossesLogged, long fencedCommits, long marginWaits) {
        @Override
        public String toString() {
            return "paused " + pausedFor.toMillis() + " ms; the other nodes committed " + (long) othersCommittedDuringPause
                    + " turns meanwhile and held all " + PARTITIONS + " partitions " + takeover.toMillis()
                    + " ms after the pause began (lease TTL " + Cluster.LEASE_TTL.toMillis() + " ms); after -CONT it"
                    + " logged " + lossesLogged + " lost or fenced-off partitions, had " + fencedCommits + " late commits"
                    + " refused (loom_commits_fenced_total) and held back " + marginWaits + " turns or steps under the"
                    + " lease safety margin (loom_lease_margin_waits_total, since its start)";
        }
    }

    private static PauseReport pauseLongerThanTheLease(Cluster cluster, int paused) throws Exception {
        List<Integer> others = new ArrayList<>();
        for (int i = 0; i < NODES; i++) {
            if (i != paused) {
                others.add(i);
            }
        }
        double before = committed(cluster, others);
        long lossesBefore = lostPartitions(cluster, paused);
        long start = System.nanoTime();
        cluster.pause(paused);
        Duration takeover = Duration.ZERO;
        boolean takenOver = false;
        while (System.nanoTime() - start < Cluster.LEASE_TTL.multipliedBy(2).plusSeconds(1).toNanos()) {
            if (!takenOver && held(cluster, others) == PARTITIONS) {
                takenOver = true;
                takeover = Duration.ofNanos(System.nanoTime() - start);
            }
            Thread.sleep(100);
        }
        double during = committed(cluster, others) - before;
        Duration pausedFor = Duration.ofNanos(System.nanoTime() - start);
        cluster.resume(paused);
        boolean dropped = false;
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!dropped && System.nanoTime() < deadline) {
            Thread.sleep(200);
            dropped = lostPartitions(cluster, paused) > lossesBefore;
        }
        // one lease round finds every lost lease; give its log lines a moment
        Thread.sleep(Cluster.LEASE_TTL.dividedBy(2).toMillis());
        cluster.nodes[paused].serving = true;
        long losses = lostPartitions(cluster, paused) - lossesBefore;
        double fenced = cluster.metric(paused, "loom_commits_fenced_total", "");
        double held = cluster.metric(paused, "loom_lease_margin_waits_total", "");
        return new PauseReport(pausedFor, during, takeover, takenOver, dropped, losses, (long) fenced, (long) held);
    }

    /** Partitions node {@code i} logged as lost (lease taken over or expired) or fenced off, all incarnations. */
    private static long lostPartitions(Cluster cluster, int i) {
        return cluster.logLines(i, "lost partition") + cluster.logLines(i, "fenced off");
    }

    /**
     * Kills a random serving node, once at least two serve, and restarts it in the background: the schedule goes on
     * meanwhile, so a kill can land while another node is still restarting and one node holds every partition.
     */
    private static Thread killAndRestart(Cluster cluster, Random random, List<String> events) throws InterruptedException {
        await().atMost(Duration.ofSeconds(90)).until(() -> cluster.serving().size() >= 2);
        List<Cluster.Node> up = cluster.serving();
        int victim = up.get(random.nextInt(up.size())).index;
        cluster.kill(victim);
        long killed = System.nanoTime();
        events.add("kill -9 " + cluster.nodes[victim].id);
        return Thread.ofPlatform().start(() -> {
            try {
                cluster.start(victim);
                events.add(cluster.nodes[victim].id + " serving again " + Duration.ofNanos(System.nanoTime() - killed).toMillis()
                        + " ms after its kill");
            } catch (Exception e) {
                throw new IllegalStateException("restart of " + cluster.nodes[victim].id + " failed", e);
            }
        });
    }

    private static void join(List<Thread> threads) throws InterruptedException {
        for (Thread t : threads) {
            t.join(120_000);
        }
    }

    private static double committed(Cluster cluster, List<Integer> nodes) throws Exception {
        double sum = 0;
        for (int i : nodes) {
            sum += cluster.metric(i, "loom_messages_total", "outcome=\"committed\"");
        }
        return sum;
    }

    private static int held(Cluster cluster, List<Integer> nodes) throws Exception {
        int sum = 0;
        for (int i : nodes) {
            sum += cluster.held(i);
        }
        return sum;
    }

    static void startAll(Cluster cluster) throws Exception {
        List<Thread> starting = new ArrayList<>();
        List<Exception> failures = new CopyOnWriteArrayList<>();
        for (int i = 0; i < cluster.nodes.length; i++) {
            int n = i;
            starting.add(Thread.ofPlatform().start(() -> {
                try {
                    cluster.start(n);
                } catch (Exception e) {
                    failures.add(e);
                }
            }));
        }
        for (Thread t : starting) {
            t.join();
        }
        if (!failures.isEmpty()) {
            throw failures.getFirst();
        }
    }
}
