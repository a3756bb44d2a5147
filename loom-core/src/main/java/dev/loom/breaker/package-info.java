/**
 * Named circuit breakers (Resilience4j) of a node: {@link dev.loom.breaker.Breakers} with their
 * {@link dev.loom.breaker.BreakerSettings}, the operator's {@link dev.loom.breaker.BreakerView}, and the refusal
 * a durable step sees, {@link dev.loom.breaker.BreakerOpenException}.
 *
 * <p>The {@value dev.loom.breaker.Breakers#STORE} breaker guards the store: {@link dev.loom.breaker.Breakers#guard}
 * wraps it once in a package-private {@link dev.loom.spi.ForwardingStore} decorator through which the runtime makes
 * every data call; the calls that bypass it are named in the SPI's package documentation ({@code dev.loom.spi}).
 */
package dev.loom.breaker;
