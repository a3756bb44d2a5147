package dev.loom.pipeline;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.loom.actor.RetryPolicy;
import java.time.Duration;

/**
 * The policies of one stage.
 *
 * @param retry        how often a failed task is re-sent, and the backoff between attempts (the delay after the
 *                     n-th failure is {@link RetryPolicy#cap(int) cap(n)}, without jitter, so runs are
 *                     reproducible); {@code null} means one attempt. Each attempt is a new task with id
 *                     {@code runId/stage/attempt/index}; the target actor's own retry policy applies to each.
 * @param timeout      how long one attempt may take before it counts as failed (a durable timer); for a
 *                     human-approval stage, how long to wait for a decision; {@code null} waits forever
 * @param breaker      the name of a circuit breaker ({@link dev.loom.breaker.Breakers#breaker(String)}): while it
 *                     refuses calls, tasks are not sent and the stage waits for the breaker's open timeout without
 *                     using an attempt; task successes and failures are recorded on it; {@code null} for none
 * @param condition    a JSON Pointer to a boolean in the run context, read when the stage becomes ready: false,
 *                     null or missing skips the stage (its output is null); {@code null} always runs it
 * @param compensation the task sent when the run rolls back after this stage succeeded (saga), or {@code null}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StageOptions(RetryPolicy retry, Duration timeout, String breaker, String condition, Task compensation) {
    /** One attempt, no timeout, no breaker, no condition, no compensation. */
    public static final StageOptions NONE = new StageOptions(null, null, null, null, null);

    public StageOptions {
        if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
    }

    /** How many attempts a task gets (1 without a retry policy). */
    public int attempts() {
        return retry == null ? 1 : retry.maxAttempts();
    }

    /** These options with a retry policy. */
    public StageOptions withRetry(RetryPolicy r) {
        return new StageOptions(r, timeout, breaker, condition, compensation);
    }

    /** These options with a timeout per attempt. */
    public StageOptions withTimeout(Duration t) {
        return new StageOptions(retry, t, breaker, condition, compensation);
    }

    /** These options with a named circuit breaker. */
    public StageOptions withBreaker(String name) {
        return new StageOptions(retry, timeout, name, condition, compensation);
    }

    /** These options with a condition pointer. */
    public StageOptions withCondition(String pointer) {
        return new StageOptions(retry, timeout, breaker, pointer, compensation);
    }

    /** These options with a compensation task. */
    public StageOptions withCompensation(Task task) {
        return new StageOptions(retry, timeout, breaker, condition, task);
    }
}
