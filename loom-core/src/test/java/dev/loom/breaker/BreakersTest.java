package dev.loom.breaker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loom.actor.StepOptions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Named breakers: created on first use with their own settings, opened by consecutive failures, refusing calls. */
class BreakersTest {
    private static final BreakerSettings GATEWAY = new BreakerSettings(3, 1, Duration.ofSeconds(60));

    /** A clock the test moves by hand. */
    private static final class Hand extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }
    }

    private static String fail() {
        throw new IllegalStateException("gateway down");
    }

    /** Makes {@code n} failing calls through payment-gateway, each rethrown unchanged. */
    private static void failCalls(Breakers breakers, int n) {
        for (int i = 0; i < n; i++) {
            assertThatThrownBy(() -> breakers.call("payment-gateway", BreakersTest::fail)).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void configuredBreakersExistFromTheStartAndOthersAppearOnFirstUseWithTheDefaults() {
        Breakers breakers = new Breakers(BreakerSettings.DEFAULT, Map.of("payment-gateway", GATEWAY));
        assertThat(breakers.list()).extracting(BreakerView::name).containsExactly("payment-gateway", "store");
        assertThat(breakers.call("mailer", () -> "sent")).isEqualTo("sent");
        assertThat(breakers.list()).extracting(BreakerView::name).containsExactly("mailer", "payment-gateway", "store");
        assertThat(breakers.breaker("mailer").getCircuitBreakerConfig().getMinimumNumberOfCalls())
                .isEqualTo(BreakerSettings.DEFAULT.failureThreshold());
        assertThat(breakers.breaker("payment-gateway").getCircuitBreakerConfig().getMinimumNumberOfCalls()).isEqualTo(3);
    }

    @Test
    void failureThresholdConsecutiveFailuresOpenTheBreakerWhichThenRefusesWithTheRestOfItsOpenTime() {
        Hand clock = new Hand();
        Breakers breakers = new Breakers(BreakerSettings.DEFAULT, Map.of("payment-gateway", GATEWAY), clock);
        failCalls(breakers, 2);
        assertThat(breakers.openFor("payment-gateway")).isEmpty();
        assertThat(breakers.isClosed("payment-gateway")).isTrue();
        failCalls(breakers, 1);
        assertThat(breakers.find("payment-gateway")).hasValueSatisfying(b -> assertThat(b.state()).isEqualTo("OPEN"));
        assertThat(breakers.openFor("payment-gateway")).contains(Duration.ofSeconds(60));

        clock.advance(Duration.ofSeconds(45));
        AtomicInteger ran = new AtomicInteger();
        assertThatThrownBy(() -> breakers.call("payment-gateway", ran::incrementAndGet))
                .isInstanceOfSatisfying(BreakerOpenException.class, e -> {
                    assertThat(e.breaker()).isEqualTo("payment-gateway");
                    assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(15));
                });
        assertThat(ran).hasValue(0);
        assertThat(breakers.find("payment-gateway").orElseThrow().notPermittedCalls()).isEqualTo(1);
        assertThat(breakers.isClosed("payment-gateway")).isFalse();
    }

    @Test
    void afterTheOpenTimeoutATrialCallThatSucceedsClosesItAndAResetClosesItAtOnce() {
        Hand clock = new Hand();
        Breakers breakers = new Breakers(BreakerSettings.DEFAULT, Map.of("payment-gateway", GATEWAY), clock);
        failCalls(breakers, 3);
        clock.advance(Duration.ofSeconds(61));
        assertThat(breakers.call("payment-gateway", () -> "ch_1")).isEqualTo("ch_1");
        assertThat(breakers.isClosed("payment-gateway")).isTrue();

        failCalls(breakers, 3);
        assertThat(breakers.isClosed("payment-gateway")).isFalse();
        assertThat(breakers.reset("payment-gateway")).isTrue();
        assertThat(breakers.isClosed("payment-gateway")).isTrue();
        assertThat(breakers.call("payment-gateway", () -> "ch_2")).isEqualTo("ch_2");
        assertThat(breakers.reset("no-such-breaker")).isFalse();
    }

    @Test
    void failuresOfCallsThatWereRunningWhenTheBreakerWasResetDoNotCount() {
        Breakers breakers = new Breakers(BreakerSettings.DEFAULT, Map.of("payment-gateway", GATEWAY));
        // Each call is reset during its run (the operator ends the outage while it is still failing).
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> breakers.call("payment-gateway", () -> {
                breakers.reset("payment-gateway");
                return fail();
            })).isInstanceOf(IllegalStateException.class);
        }
        assertThat(breakers.isClosed("payment-gateway")).isTrue();
        assertThat(breakers.find("payment-gateway").orElseThrow().bufferedCalls()).isZero();
        failCalls(breakers, 3);
        assertThat(breakers.isClosed("payment-gateway")).as("calls after the reset count again").isFalse();
    }

    @Test
    void outcomesRecordedOutsideACallCountLikeCalls() {
        Breakers breakers = new Breakers(BreakerSettings.DEFAULT, Map.of("payment-gateway", GATEWAY));
        breakers.record("payment-gateway", Duration.ofMillis(5), Optional.empty());
        for (int i = 0; i < 3; i++) {
            breakers.record("payment-gateway", Duration.ofMillis(5), Optional.of(new IllegalStateException("down")));
        }
        assertThat(breakers.find("payment-gateway")).hasValueSatisfying(b -> assertThat(b.state()).isEqualTo("OPEN"));
        assertThat(breakers.reset("payment-gateway")).isTrue();
        breakers.record("payment-gateway", Duration.ofMillis(-1), Optional.empty());
        assertThat(breakers.find("payment-gateway").orElseThrow().bufferedCalls()).isEqualTo(1);
        assertThat(breakers.isClosed("payment-gateway")).isTrue();
    }

    @Test
    void theCauseChainIsSearchedForARefusal() {
        BreakerOpenException open = new BreakerOpenException("payment-gateway", Duration.ofSeconds(1));
        assertThat(BreakerOpenException.in(new IllegalStateException("wrapped", open))).containsSame(open);
        assertThat(BreakerOpenException.in(new IllegalStateException("plain"))).isEmpty();
        assertThatThrownBy(() -> new BreakerOpenException("x", Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void badNamesAndTheStoreBreakerAreRefusedForSteps() {
        assertThatThrownBy(() -> StepOptions.breaker("Payment Gateway"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a valid circuit breaker name");
        assertThatThrownBy(() -> StepOptions.breaker(Breakers.STORE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("guards the store");
        assertThatThrownBy(() -> new Breakers(BreakerSettings.DEFAULT, Map.of("", GATEWAY)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(StepOptions.none().withBreaker("payment-gateway").breakerName()).isEqualTo("payment-gateway");
        assertThatThrownBy(() -> new BreakerSettings(0, 1, Duration.ofSeconds(1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BreakerSettings(1, 1, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }
}
