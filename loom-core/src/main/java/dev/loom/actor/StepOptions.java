package dev.loom.actor;

import dev.loom.breaker.Breakers;

/**
 * Options of a durable step ({@link ActorContext#run(String, StepOptions, java.util.function.Supplier)}).
 * Immutable; build with {@link #none()} or {@link #breaker(String)}.
 *
 * @param breakerName the circuit breaker the step's call goes through, or {@code null} for none. Breakers are
 *                    the node's ({@code dev.loom.breaker.Breakers}), created on first use with the settings
 *                    configured for that name ({@code breakers.named.<name>} in {@code loom.yaml}) or the
 *                    defaults. It may not be {@value Breakers#STORE}, the store's own breaker.
 */
public record StepOptions(String breakerName) {
    private static final StepOptions NONE = new StepOptions(null);

    /**
     * @throws IllegalArgumentException if {@code breakerName} is not a valid breaker name or is the store's
     */
    public StepOptions {
        if (breakerName != null) {
            Breakers.checkName(breakerName);
            if (breakerName.equals(Breakers.STORE)) {
                throw new IllegalArgumentException("the circuit breaker '" + Breakers.STORE + "' guards the store;"
                        + " give the step's downstream service a breaker of its own, e.g. 'payment-gateway'");
            }
        }
    }

    /** No breaker: the step always runs. */
    public static StepOptions none() {
        return NONE;
    }

    /**
     * Options whose step goes through the breaker {@code name}.
     *
     * @throws IllegalArgumentException if {@code name} is not a valid breaker name (1-64 characters
     *                                  {@code [a-z0-9._-]} starting with a letter) or is {@value Breakers#STORE}
     */
    public static StepOptions breaker(String name) {
        return new StepOptions(name);
    }

    /** These options with the step going through the breaker {@code name} (see {@link #breaker(String)}). */
    public StepOptions withBreaker(String name) {
        return new StepOptions(name);
    }
}
