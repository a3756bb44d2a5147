package dev.loom.breaker;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The node's named circuit breakers (Resilience4j). A breaker opens after {@code failureThreshold}
 * consecutive failures, refuses calls for {@code openTimeout}, then closes after {@code successThreshold}
 * successful trial calls. The {@value #STORE} breaker guards the store's commits.
 */
public final class Breakers {
    /** The breaker every store commit goes through. */
    public static final String STORE = "store";

    private final CircuitBreakerRegistry registry;
    private final Map<String, BreakerSettings> settings;
    private final BreakerSettings defaults;

    /**
     * @param defaults settings for breakers without their own
     * @param perName  settings by breaker name
     */
    public Breakers(BreakerSettings defaults, Map<String, BreakerSettings> perName) {
        this.defaults = defaults;
        this.settings = Map.copyOf(perName);
        this.registry = CircuitBreakerRegistry.of(config(defaults));
        breaker(STORE);
    }

    /** The breaker {@code name}, created with its settings on first use. */
    public CircuitBreaker breaker(String name) {
        return registry.circuitBreaker(name, config(settings.getOrDefault(name, defaults)));
    }

    /** Every breaker, by name. */
    public List<BreakerView> list() {
        return registry.getAllCircuitBreakers().stream()
                .sorted(Comparator.comparing(CircuitBreaker::getName))
                .map(Breakers::view)
                .toList();
    }

    /** The breaker's view, if it exists. */
    public Optional<BreakerView> find(String name) {
        return registry.find(name).map(Breakers::view);
    }

    /**
     * Closes the breaker and clears its window.
     *
     * @return false if no breaker has that name
     */
    public boolean reset(String name) {
        Optional<CircuitBreaker> cb = registry.find(name);
        cb.ifPresent(CircuitBreaker::reset);
        return cb.isPresent();
    }

    /** The underlying registry (for metrics binding). */
    public CircuitBreakerRegistry registry() {
        return registry;
    }

    private static BreakerView view(CircuitBreaker cb) {
        CircuitBreaker.Metrics m = cb.getMetrics();
        return new BreakerView(cb.getName(), cb.getState().name(), m.getFailureRate(),
                m.getNumberOfBufferedCalls(), m.getNumberOfFailedCalls(), m.getNumberOfNotPermittedCalls());
    }

    private static CircuitBreakerConfig config(BreakerSettings s) {
        return CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(s.failureThreshold())
                .minimumNumberOfCalls(s.failureThreshold())
                .failureRateThreshold(100.0f)
                .permittedNumberOfCallsInHalfOpenState(s.successThreshold())
                .waitDurationInOpenState(s.openTimeout())
                .automaticTransitionFromOpenToHalfOpenEnabled(false)
                .build();
    }
}
