package dev.loom.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.flipkart.zjsonpatch.JsonDiff;
import dev.loom.journal.Patches;
import dev.loom.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The journal's per-turn JSON work: the patch between two successive states (every committed turn) and applying
 * a tail of patches to a snapshot (every activation). Compares Loom's diff with zjsonpatch's, which it replaced.
 *
 * <p>Run: {@code mvn -q -pl loom-bench -am package -DskipTests && java -jar loom-bench/target/benchmarks.jar}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class JournalPatchBenchmark {
    /** An account-like state: a few scalars and a list that grows by one per turn. */
    record Account(String owner, long balance, long withdrawals, List<String> recent) {
    }

    private JsonNode before;
    private JsonNode after;
    private JsonNode snapshot;
    private List<String> tail;

    @Setup
    public void setUp() {
        List<String> recent = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            recent.add("w-" + i);
        }
        before = Json.toTree(new Account("alice", 1000, 20, recent));
        List<String> more = new ArrayList<>(recent);
        more.add("w-20");
        after = Json.toTree(new Account("alice", 990, 21, more));
        snapshot = before;
        tail = new ArrayList<>();
        JsonNode state = before;
        for (int i = 0; i < 999; i++) {
            List<String> next = new ArrayList<>(recent);
            next.add("t-" + i);
            JsonNode n = Json.toTree(new Account("alice", 1000 - i, 20 + i, next));
            tail.add(Patches.diff(state, n));
            state = n;
        }
    }

    @Benchmark
    public String loomDiff() {
        return Patches.diff(before, after);
    }

    @Benchmark
    public String zjsonpatchDiff() {
        return JsonDiff.asJson(before, after).toString();
    }

    /** Applying the 999-entry journal tail an activation folds at most (snapshot every 1,000 turns). */
    @Benchmark
    public JsonNode foldTailOf999() {
        JsonNode s = snapshot.deepCopy();
        for (String patch : tail) {
            s = Patches.applyInPlace(s, patch);
        }
        return s;
    }
}
