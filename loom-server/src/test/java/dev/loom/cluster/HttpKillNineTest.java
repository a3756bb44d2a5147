package dev.loom.cluster;

import dev.loom.spi.Store;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} under HTTP load: one Loom server (a child JVM) on a SQLite file takes keyed sends, asks and
 * withdrawals from concurrent keep-alive clients, and is killed with SIGKILL every few seconds and restarted on the
 * same file. Each client retries a message with the same {@code Idempotency-Key} after a broken connection, a timeout,
 * a 503 or a 504 until the server accepts it (202, or 200 for an ask), so every kill leaves messages whose first
 * attempt may or may not have been enqueued or committed. Then the server drains, and the audit reads the file and
 * the gateway ledger ({@link ClusterAudit}, as {@link ChaosTest} does): every accepted key committed exactly once (no
 * loss, no second commit of a retried key), no key committed that no client had accepted, counters equal to their
 * accepted increments, every paid withdrawal charged once, every state equal to snapshot + tail and to a full replay.
 *
 * <p>The kill moments come from a seed printed at the start ({@code -Dloom.httpkill.seed=<seed>} replays them).
 */
@Timeout(240)
class HttpKillNineTest {
    private static final int KILLS = 8;
    private static final int CLIENTS = 8;
    private static final int PARTITIONS = 64;

    @TempDir
    Path dir;

    @Test
    void killNineUnderHttpLoadAppliesEveryAcceptedKeyExactlyOnce() throws Exception {
        long seed = Long.getLong("loom.httpkill.seed", System.nanoTime());
        Random random = new Random(seed);
        System.out.println("[http-kill] seed " + seed + " (-Dloom.httpkill.seed=" + seed + " replays the kill moments)");
        List<String> events = new ArrayList<>();
        try (Cluster cluster = Cluster.sqlite(dir, Map.of())) {
            cluster.start(0);
            Load load = new Load(cluster, PARTITIONS, PARTITIONS, 4, 0.1, 0.2);
            load.fundAccounts();
            load.start(CLIENTS);
            Thread.sleep(2_000);
            for (int kill = 1; kill <= KILLS; kill++) {
                long acceptedBefore = load.acceptedCount();
                Thread.sleep(1_500 + random.nextInt(2_000));
                cluster.kill(0);
                long killed = System.nanoTime();
                long acceptedAtKill = load.acceptedCount();
                cluster.start(0);
                events.add("kill " + kill + " after " + (acceptedAtKill - acceptedBefore) + " acceptances, serving again "
                        + Duration.ofNanos(System.nanoTime() - killed).toMillis() + " ms later");
            }
            Thread.sleep(2_000);
            load.stop();
            cluster.awaitDrained(0);
            cluster.terminateAll();

            try (Store store = cluster.openStore()) {
                ClusterAudit.Findings f = ClusterAudit.audit(store, cluster.ledger(), load);
                System.out.println("[http-kill] events: " + String.join("; ", events));
                System.out.println("[http-kill] kills " + KILLS + "; clients " + CLIENTS + ": " + load.figures());
                System.out.println("[http-kill] audit (applied = journal entries): " + f.figures());
                SoftAssertions soft = new SoftAssertions();
                f.check(soft, load);
                soft.assertThat(load.acceptedCount()).as("accepted messages").isGreaterThan(500);
                soft.assertThat(load.figures().retries()).as("attempts retried with the same key after a kill")
                        .isPositive();
                soft.assertAll();
            } finally {
                cluster.keepLogs("http-kill");
            }
        } catch (AssertionError | Exception e) {
            System.out.println("[http-kill] failed; seed " + seed + "; events so far: " + events);
            throw e;
        }
    }
}
