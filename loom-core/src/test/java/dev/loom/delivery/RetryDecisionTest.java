package dev.loom.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loom.actor.RetryPolicy;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The retry decision follows the actor type's policy: backoff within its cap while attempts remain, then a dead letter. */
class RetryDecisionTest {
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private static final RetryPolicy POLICY = new RetryPolicy(3, Duration.ofMillis(100), Duration.ofSeconds(1), 2.0);

    @Test
    void aFailureWithAttemptsLeftIsRetriedWithinTheBackoffCap() {
        for (int attempts = 1; attempts < 3; attempts++) {
            RetryDecision d = RetryDecision.after(POLICY, attempts, NOW);
            assertThat(d).isInstanceOf(RetryDecision.Retry.class);
            Instant at = ((RetryDecision.Retry) d).notBefore();
            assertThat(at).isBetween(NOW, NOW.plus(POLICY.cap(attempts)));
        }
    }

    @Test
    void theLastAttemptDeadLettersTheMessage() {
        assertThat(RetryDecision.after(POLICY, 3, NOW)).isEqualTo(new RetryDecision.DeadLetter(3));
        assertThat(RetryDecision.after(new RetryPolicy(1, Duration.ZERO, Duration.ZERO, 1.0), 1, NOW))
                .isEqualTo(new RetryDecision.DeadLetter(1));
    }
}
