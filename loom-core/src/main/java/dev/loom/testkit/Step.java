package dev.loom.testkit;

import java.util.Objects;

/**
 * A durable step the handler ran with {@code ctx.run} during the turn.
 *
 * @param index          the step's position in the turn, from 0; the runtime matches recorded steps by it
 * @param name           the name the handler gave
 * @param idempotencyKey the key {@code ctx.idempotencyKey()} returned inside the step:
 *                       {@code type/id/messageId/index}
 * @param result         what {@code ctx.run} returned to the handler (may be {@code null})
 * @param source         where that result came from
 */
public record Step(int index, String name, String idempotencyKey, Object result, Source source) {
    public Step {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        Objects.requireNonNull(source, "source");
    }

    /** Where a step's result came from. */
    public enum Source {
        /** The handler's supplier ran, as on the first execution of a step in the runtime. */
        RAN,
        /** The supplier did not run: the result was stubbed with {@link HandlerTestKit#stubStep}. */
        STUBBED,
        /**
         * The supplier did not run: the step was recorded by an earlier attempt ({@link HandlerTestKit#recordedStep},
         * {@link HandlerTestKit#retrying}) and its result was read back from JSON, as a re-run turn does.
         */
        REPLAYED
    }
}
