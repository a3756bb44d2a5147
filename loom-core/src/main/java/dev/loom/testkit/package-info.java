/**
 * A test kit for handlers: runs one turn of an actor type's handler against a given state and message, with no
 * store, no threads and no clock, and returns what the turn did as values a unit test can assert on.
 *
 * <p>Start with {@link dev.loom.testkit.HandlerTestKit#of}; a turn's outcome is a
 * {@link dev.loom.testkit.TurnResult}: either {@link dev.loom.testkit.TurnResult.Committed} (the new state, the
 * {@link dev.loom.testkit.Effect}s, the reply, the durable {@link dev.loom.testkit.Step}s and the log lines) or
 * {@link dev.loom.testkit.TurnResult.Failed} (the handler's exception, and whether the runtime would retry the
 * message or dead-letter it).
 */
package dev.loom.testkit;
