/**
 * Durable timers: how a due timer fires ({@code TimerFiring}: the message it delivers and, for a periodic reminder,
 * its next timer under the reminder's {@link dev.loom.actor.MissedFirePolicy}) and the pump that fires the due
 * timers of the partitions a node holds ({@link dev.loom.timer.TimerPump}).
 *
 * <p>Internal: nothing here is API. {@code TimerPump} is public only because the runtime ({@code dev.loom.runtime})
 * runs it; applications schedule timers through {@link dev.loom.actor.ActorContext}.
 */
package dev.loom.timer;
