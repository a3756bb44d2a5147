package dev.loom.breaker;

import dev.loom.spi.Store;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The node's named circuit breakers (Resilience4j). A breaker opens after {@code failureThreshold}
 * consecutive failures, refuses calls for {@code openTimeout}, then closes after {@code successThreshold}
 * successful trial calls. The {@value #STORE} breaker guards the runtime's store calls
 * ({@link #guard}); the others guard durable
 * steps ({@link #call}) and are created on first use, except those with settings of their own, which exist
 * from the start so that operators and metrics see them before the first call.
 */
public final class Breakers {
    /** The breaker the runtime's store calls go through ({@link #guard}). */
    public static final String STORE = "store";

    /** What a breaker name may be: 1-64 characters {@code [a-z0-9._-]} starting with a letter. */
    public static final Pattern NAME = Pattern.compile("[a-z][a-z0-9._-]{0,63}");

    /** How long a call refused in half-open state waits: the trial calls in flight decide within about this. */
    private static final Duration HALF_OPEN_RETRY = Duration.ofSeconds(1);
    /** The least wait after a refusal, so that a breaker at the end of its open time is not polled in a loop. */
    private static final Duration MIN_RETRY = Duration.ofMillis(50);

    private final CircuitBreakerRegistry registry;
    private final Map<String, BreakerSettings> settings;
    private final BreakerSettings defaults;
    private final Clock clock;
    private final Map<String, Instant> openedAt = new ConcurrentHashMap<>();
    /** Resets so far, by breaker name: a call's outcome counts only if no reset happened while it ran. */
    private final Map<String, Resets> resets = new ConcurrentHashMap<>();

    /**
     * A breaker's resets. Outcomes are recorded under the read lock and a reset takes the write lock: Resilience4j
     * decides to open a breaker on the state a failure was recorded in, so a reset between the two would be undone
     * at once by a failure from before it.
     */
    private static final class Resets {
        final ReadWriteLock lock = new ReentrantReadWriteLock();
        volatile long count;
    }

    /**
     * Breakers on the system clock.
     *
     * @param defaults settings for breakers without their own
     * @param perName  settings by breaker name
     * @throws IllegalArgumentException if a name in {@code perName} is not a valid breaker name
     */
    public Breakers(BreakerSettings defaults, Map<String, BreakerSettings> perName) {
        this(defaults, perName, Clock.systemUTC());
    }

    /**
     * @param defaults settings for breakers without their own
     * @param perName  settings by breaker name
     * @param clock    the clock that times open breakers
     * @throws IllegalArgumentException if a name in {@code perName} is not a valid breaker name
     */
    public Breakers(BreakerSettings defaults, Map<String, BreakerSettings> perName, Clock clock) {
        this.defaults = defaults;
        this.settings = Map.copyOf(perName);
        this.clock = clock;
        this.registry = CircuitBreakerRegistry.of(config(defaults, clock));
        registry.getEventPublisher().onEntryAdded(added -> added.getAddedEntry().getEventPublisher()
                .onStateTransition(e -> {
                    if (e.getStateTransition().getToState() == CircuitBreaker.State.OPEN) {
                        openedAt.put(e.getCircuitBreakerName(), clock.instant());
                    }
                }));
        settings.keySet().forEach(Breakers::checkName);
        breaker(STORE);
        settings.keySet().forEach(this::breaker);
    }

    /**
     * Checks a breaker name.
     *
     * @return {@code name}
     * @throws IllegalArgumentException naming what a breaker name may be
     */
    public static String checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not a valid circuit breaker name: " + (name == null ? "null" : "'" + name + "'")
                    + "; use 1-64 characters [a-z0-9._-] starting with a letter, e.g. 'payment-gateway'");
        }
        return name;
    }

    /** The breaker {@code name}, created with its settings on first use. */
    public CircuitBreaker breaker(String name) {
        return registry.circuitBreaker(name, config(settingsOf(name), clock));
    }

    /**
     * {@code store} as the runtime uses it: every call that reads or writes data goes through the {@value #STORE}
     * breaker, refused with a {@link dev.loom.spi.StoreException} while it is open; the calls the SPI's package
     * documentation names (leases, hints, {@code ping}, backups) bypass it.
     */
    public Store guard(Store store) {
        return new BreakerStore(store, this, breaker(STORE));
    }

    /** The settings the breaker {@code name} has, or gets when it is created. */
    public BreakerSettings settingsOf(String name) {
        return settings.getOrDefault(name, defaults);
    }

    /**
     * Runs {@code call} through the breaker {@code name} (created on first use): refused without running while
     * the breaker is open; otherwise its outcome counts on the breaker, a return as a success and any exception
     * or error as a failure (then rethrown unchanged).
     *
     * @return what {@code call} returned
     * @throws BreakerOpenException if the breaker refused the call; {@code call} did not run
     */
    public <T> T call(String name, Supplier<T> call) {
        return call(breaker(name), call);
    }

    /** {@link #call(String, Supplier)} through a breaker already looked up. */
    <T> T call(CircuitBreaker cb, Supplier<T> call) {
        if (!cb.tryAcquirePermission()) {
            throw new BreakerOpenException(cb.getName(), retryAfter(cb));
        }
        Resets resetsOfBreaker = resetsOf(cb.getName());
        long resetsBefore = resetsOfBreaker.count;
        long started = System.nanoTime();
        T result;
        try {
            result = call.get();
        } catch (Throwable e) {
            // Throwable, not Exception: a checked exception thrown sneakily must not keep a half-open trial permit.
            record(cb, resetsOfBreaker, resetsBefore, () -> cb.onError(System.nanoTime() - started, TimeUnit.NANOSECONDS, e));
            throw e;
        }
        record(cb, resetsOfBreaker, resetsBefore, () -> cb.onSuccess(System.nanoTime() - started, TimeUnit.NANOSECONDS));
        return result;
    }

    /**
     * Counts a call made outside {@link #call} (one that spans turns, such as a pipeline task awaiting its outcome)
     * on the breaker {@code name}, created on first use: a success when {@code failure} is empty, else a failure.
     * Recorded atomically with respect to {@link #reset}, so a reset is never undone by an outcome recorded at the
     * same moment.
     */
    public void record(String name, Duration took, Optional<Throwable> failure) {
        CircuitBreaker cb = breaker(name);
        Resets r = resetsOf(name);
        long nanos = Math.max(0, took.toNanos());
        record(cb, r, r.count, () -> failure.ifPresentOrElse(
                e -> cb.onError(nanos, TimeUnit.NANOSECONDS, e),
                () -> cb.onSuccess(nanos, TimeUnit.NANOSECONDS)));
    }

    /**
     * Records a call's outcome unless the breaker was reset while the call ran: such a call tells nothing about the
     * time after the reset, and a failure of the outage that the reset ended must not open the breaker again.
     */
    private static void record(CircuitBreaker cb, Resets resets, long resetsBefore, Runnable outcome) {
        resets.lock.readLock().lock();
        try {
            if (resets.count == resetsBefore) {
                outcome.run();
            } else {
                cb.releasePermission();
            }
        } finally {
            resets.lock.readLock().unlock();
        }
    }

    private Resets resetsOf(String name) {
        Resets r = resets.get(name);
        return r != null ? r : resets.computeIfAbsent(name, n -> new Resets());
    }

    /**
     * If the breaker {@code name} is open now (refusing every call), how long until it lets a trial call through.
     *
     * @return empty when it does not exist or is closed or half-open
     */
    public Optional<Duration> openFor(String name) {
        return registry.find(name)
                .filter(cb -> cb.getState() == CircuitBreaker.State.OPEN || cb.getState() == CircuitBreaker.State.FORCED_OPEN)
                .map(this::retryAfter);
    }

    /** Whether the breaker {@code name} exists and is closed (lets every call through). */
    public boolean isClosed(String name) {
        return registry.find(name).map(cb -> cb.getState() == CircuitBreaker.State.CLOSED).orElse(false);
    }

    /** How long a refused caller should wait: the rest of the open time, at least {@link #MIN_RETRY}. */
    private Duration retryAfter(CircuitBreaker cb) {
        Duration openTimeout = settingsOf(cb.getName()).openTimeout();
        Duration wait = switch (cb.getState()) {
            case OPEN -> Optional.ofNullable(openedAt.get(cb.getName()))
                    .map(at -> Duration.between(clock.instant(), at.plus(openTimeout)))
                    .orElse(openTimeout);
            case HALF_OPEN -> HALF_OPEN_RETRY.compareTo(openTimeout) < 0 ? HALF_OPEN_RETRY : openTimeout;
            default -> openTimeout;
        };
        return wait.compareTo(MIN_RETRY) < 0 ? MIN_RETRY : wait;
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
     * Closes the breaker and clears its window. Messages waiting for it run again at once. The outcomes of calls
     * still running when it is reset are not counted (they belong to the time before the reset), so a reset that
     * ends an outage is not undone by the outage's last failures.
     *
     * @return false if no breaker has that name
     */
    public boolean reset(String name) {
        Optional<CircuitBreaker> cb = registry.find(name);
        cb.ifPresent(b -> {
            Resets r = resetsOf(name);
            r.lock.writeLock().lock();
            try {
                r.count++;
                b.reset();
            } finally {
                r.lock.writeLock().unlock();
            }
        });
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

    private static CircuitBreakerConfig config(BreakerSettings s, Clock clock) {
        return CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(s.failureThreshold())
                .minimumNumberOfCalls(s.failureThreshold())
                .failureRateThreshold(100.0f)
                .permittedNumberOfCallsInHalfOpenState(s.successThreshold())
                .waitDurationInOpenState(s.openTimeout())
                .automaticTransitionFromOpenToHalfOpenEnabled(false)
                .clock(clock)
                .build();
    }
}
