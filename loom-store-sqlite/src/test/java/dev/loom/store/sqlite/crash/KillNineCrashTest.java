package dev.loom.store.sqlite.crash;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loom.store.sqlite.SqliteStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash safety proven by killing: the example workload runs in a child JVM on a SQLite file and is killed
 * with SIGKILL over and over ({@value #STEADY_KILLS} times at a random moment under continuous load,
 * {@value #BURST_KILLS} times right after a burst of {@value CrashWorkload#BURST} concurrent sends returned, so
 * their turns are committing, and {@value #EARLY_KILLS} times at a random moment of start-up and recovery),
 * restarted each time on the same file. A last child drains the queues and stops gracefully; then this JVM
 * opens the file and {@link CrashAudit} checks that no accepted message was lost, no turn's effects
 * happened twice, the payment gateway charged each paid withdrawal exactly once, counters count their
 * committed keys, and every state equals its snapshot plus journal tail and its fold from scratch.
 *
 * <p>The kill moments come from a seed printed at the start; {@code -Dloom.crash.seed=<seed>} replays the same
 * schedule (the child's own timing still varies).
 */
class KillNineCrashTest {
    private static final int STEADY_KILLS = 14;
    private static final int BURST_KILLS = 6;
    private static final int EARLY_KILLS = 3;
    private static final Duration START = Duration.ofSeconds(60);
    private static final Duration DRAIN = Duration.ofSeconds(120);

    /** Kept when the test fails: the database, ledger, accepted logs and the children's logs are the evidence. */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    @Test
    void killNineAtRandomMomentsLosesNothingAndCommitsEveryTurnOnce() throws Exception {
        long seed = Long.getLong("loom.crash.seed", System.nanoTime());
        Random random = new Random(seed);
        System.out.println("KillNineCrashTest seed " + seed + " (replay with -Dloom.crash.seed=" + seed + "), work dir "
                + dir + " (kept if the test fails)");
        List<String> schedule = new ArrayList<>();
        schedule.addAll(Collections.nCopies(STEADY_KILLS, "steady"));
        schedule.addAll(Collections.nCopies(BURST_KILLS, "burst"));
        schedule.addAll(Collections.nCopies(EARLY_KILLS, "early"));
        Collections.shuffle(schedule, random);

        long started = System.nanoTime();
        List<String> partialStarts = new ArrayList<>();
        int kills = 0;
        for (int round = 1; round <= schedule.size(); round++) {
            String kind = schedule.get(round - 1);
            String moment;
            try (WorkloadProcess child = WorkloadProcess.start(dir, kind.equals("burst") ? "burst" : "steady", round)) {
                if (kind.equals("early")) {
                    long delay = random.nextInt(1500);
                    Thread.sleep(delay);
                    moment = delay + " ms after the JVM started";
                } else {
                    String ready = child.await("READY", START);
                    if (!ready.startsWith("READY " + Workload.PARTITIONS + " ")) {
                        partialStarts.add("round " + round + ": " + ready);
                    }
                    if (kind.equals("burst")) {
                        String burst = child.await("BURST", START);
                        long delay = random.nextInt(10);
                        Thread.sleep(delay);
                        moment = delay + " ms after " + burst;
                    } else {
                        long delay = 100 + random.nextInt(1400);
                        Thread.sleep(delay);
                        moment = delay + " ms after " + ready;
                    }
                }
                child.kill();
                kills++;
            }
            System.out.printf("round %2d %-6s kill -9 %s: %d sends accepted%n", round, kind, moment,
                    AcceptedLog.read(AcceptedLog.file(dir, round)).size());
        }

        int drainRound = schedule.size() + 1;
        try (WorkloadProcess child = WorkloadProcess.start(dir, "drain", drainRound)) {
            child.await("READY", START);
            child.await("DRAINED", DRAIN);
            assertThat(child.stop(Duration.ofSeconds(30))).as("drain child's exit code; stderr: %s", child.stderrTail())
                    .isZero();
        }
        System.out.printf("%d kills, drained and stopped after %d s%n", kills,
                Duration.ofNanos(System.nanoTime() - started).toSeconds());

        List<AcceptedSend> accepted = AcceptedLog.readAll(dir);
        CrashAudit.Findings f;
        try (SqliteStore store = SqliteStore.open(Workload.storeOptions(dir))) {
            f = CrashAudit.audit(store, dir, accepted);
        }
        System.out.println(f.figures());
        List<String> childErrors = childLogLines(" ERROR ");
        System.out.printf("children logged %d warnings and %d errors (%s)%n", childLogLines(" WARN ").size(),
                childErrors.size(), dir.resolve("child.log"));

        assertThat(kills).isGreaterThanOrEqualTo(20);
        assertThat(accepted).as("sends accepted over all rounds").hasSizeGreaterThan(500);
        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(f.lost()).as("accepted messages lost").isEmpty();
        soft.assertThat(f.twice()).as("turn effects committed twice, journal gaps").isEmpty();
        soft.assertThat(f.payments()).as("gateway charges and balances").isEmpty();
        soft.assertThat(f.counters()).as("counters vs committed keys").isEmpty();
        soft.assertThat(f.emails()).as("emails vs the transport's failures").isEmpty();
        soft.assertThat(f.states()).as("state vs snapshot + tail and full fold").isEmpty();
        soft.assertThat(f.queues()).as("queues after the drain").isEmpty();
        soft.assertThat(childErrors).as("errors the children logged (runtime or store trouble)").isEmpty();
        soft.assertThat(partialStarts).as("restarted node takes back every partition at once (fixed node id)").isEmpty();
        soft.assertAll();
    }

    private List<String> childLogLines(String level) throws java.io.IOException {
        Path log = dir.resolve("child.log");
        return java.nio.file.Files.exists(log)
                ? java.nio.file.Files.readAllLines(log).stream().filter(l -> l.contains(level)).toList()
                : List.of();
    }
}
