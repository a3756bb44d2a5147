package dev.loom.actor;

/**
 * An actor's behaviour: given the current state and a message, return the new state.
 *
 * <p>A handler runs one message at a time per actor. It should treat {@code state} as immutable and return a
 * new value; side effects go through {@link ActorContext} so that they commit with the turn (sends, timers,
 * replies) or are recorded durably ({@link ActorContext#run}). Throwing fails the attempt: the message is
 * retried by the type's {@link RetryPolicy} and then dead-lettered; nothing of the failed attempt commits.
 *
 * @param <S> state type
 * @param <M> message type
 */
@FunctionalInterface
public interface Handler<S, M> {
    S handle(ActorContext ctx, S state, M message) throws Exception;
}
