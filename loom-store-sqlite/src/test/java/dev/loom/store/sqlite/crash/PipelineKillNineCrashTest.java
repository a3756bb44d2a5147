package dev.loom.store.sqlite.crash;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loom.store.sqlite.SqliteStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pipelines proven by killing: the order-fulfilment saga (a fifth of the orders with a declined card, a fifth with
 * an undeliverable address) and document processing run in a child JVM on a SQLite file, which is killed with
 * SIGKILL {@value #KILLS} times at random moments while runs start and progress, and restarted on the same file
 * each time; the child of round r starts the first r * {@value PipelineWorkload#RUNS_PER_ROUND} runs of the plan
 * again, which their idempotency keys turn into a no-op for runs already started, so every round adds runs. A last
 * child starts the whole plan, runs until every run has ended and stops gracefully. Then this JVM audits the
 * file ({@link PipelineCrashAudit}): every run ended once, in its planned status; no task's effect was committed
 * twice (the gateway charged each order once and refunded it at most once, stock reserved and released once);
 * each compensation ran once, in reverse order.
 *
 * <p>The kill moments come from a seed printed at the start; {@code -Dloom.crash.seed=<seed>} replays them.
 */
class PipelineKillNineCrashTest {
    private static final int KILLS = 10;
    private static final Duration START = Duration.ofSeconds(60);
    private static final Duration DRAIN = Duration.ofSeconds(90);

    /** Kept when the test fails: the database, the ledger and the children's logs are the evidence. */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    @Test
    void killNineWhilePipelinesRunEndsEveryRunOnceWithEveryEffectAndCompensationOnce() throws Exception {
        long seed = Long.getLong("loom.crash.seed", System.nanoTime());
        Random random = new Random(seed);
        System.out.println("PipelineKillNineCrashTest seed " + seed + " (replay with -Dloom.crash.seed=" + seed
                + "), work dir " + dir + " (kept if the test fails)");
        long started = System.nanoTime();
        int kills = 0;
        for (int round = 1; round <= KILLS; round++) {
            long delay;
            try (WorkloadProcess child = WorkloadProcess.start(PipelineCrashWorkload.class, dir, "run", round)) {
                child.await("READY", START);
                delay = 30 + random.nextInt(round % 4 == 0 ? 1000 : 400);
                Thread.sleep(delay);
                child.kill();
                kills++;
            }
            try (SqliteStore store = SqliteStore.open(Workload.storeOptions(dir))) {
                System.out.printf("round %2d kill -9 %4d ms after READY: %s%n", round, delay,
                        PipelineCrashAudit.progress(store));
            }
        }
        try (WorkloadProcess child = WorkloadProcess.start(PipelineCrashWorkload.class, dir, "drain", KILLS + 1)) {
            child.await("READY", START);
            String startedLine = child.await("STARTED", START);
            String ended = child.await("ENDED", DRAIN);
            assertThat(child.stop(Duration.ofSeconds(30))).as("drain child's exit code; stderr: %s", child.stderrTail())
                    .isZero();
            System.out.printf("%d kills; drain child: %s, %s; %d s in all%n", kills, startedLine, ended,
                    Duration.ofNanos(System.nanoTime() - started).toSeconds());
        }

        PipelineCrashAudit.Findings f;
        try (SqliteStore store = SqliteStore.open(Workload.storeOptions(dir))) {
            f = PipelineCrashAudit.audit(store, dir);
        }
        System.out.println(f.figures());
        Path log = dir.resolve("child.log");
        List<String> childErrors = Files.exists(log)
                ? Files.readAllLines(log).stream().filter(l -> l.contains(" ERROR ")).toList() : List.of();

        assertThat(kills).isEqualTo(KILLS);
        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(f.runs()).as("runs missing, doubled, not ended once or in another status").isEmpty();
        soft.assertThat(f.effects()).as("task effects committed twice or not as planned").isEmpty();
        soft.assertThat(f.compensations()).as("compensations not exactly once in reverse order").isEmpty();
        soft.assertThat(f.deadLetters()).as("dead letters other than the planned failures").isEmpty();
        soft.assertThat(childErrors).as("errors the children logged (runtime or store trouble)").isEmpty();
        soft.assertAll();
    }
}
