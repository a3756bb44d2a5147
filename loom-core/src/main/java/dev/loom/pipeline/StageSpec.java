package dev.loom.pipeline;

import dev.loom.actor.RetryPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** The dependencies and options of a stage being built with {@link PipelineDefinition.Builder}. */
public final class StageSpec {
    private final List<String> dependsOn = new ArrayList<>();
    private StageOptions options = StageOptions.NONE;

    private StageSpec() {
    }

    static StageSpec of(Consumer<StageSpec> configure) {
        StageSpec s = new StageSpec();
        configure.accept(s);
        return s;
    }

    /** The stage waits for these stages. */
    public StageSpec after(String... stages) {
        dependsOn.addAll(List.of(stages));
        return this;
    }

    /** Up to {@code attempts} attempts, the n-th retry after {@code backoff * 2^(n-1)}, at most 100 times it. */
    public StageSpec retry(int attempts, Duration backoff) {
        return retry(new RetryPolicy(attempts, backoff, backoff.multipliedBy(100), 2.0));
    }

    /** The stage's retry policy (its delays are used without jitter). */
    public StageSpec retry(RetryPolicy policy) {
        options = options.withRetry(policy);
        return this;
    }

    /** Each attempt (or the wait for an approval) may take at most {@code timeout}. */
    public StageSpec timeout(Duration timeout) {
        options = options.withTimeout(timeout);
        return this;
    }

    /** Tasks go through the circuit breaker {@code name}. */
    public StageSpec breaker(String name) {
        options = options.withBreaker(name);
        return this;
    }

    /** The stage runs only when the boolean at {@code pointer} is true. */
    public StageSpec when(String pointer) {
        options = options.withCondition(pointer);
        return this;
    }

    /** The task sent to undo this stage on rollback. */
    public StageSpec compensation(Task task) {
        options = options.withCompensation(task);
        return this;
    }

    List<String> dependsOn() {
        return List.copyOf(dependsOn);
    }

    StageOptions options() {
        return options;
    }
}
