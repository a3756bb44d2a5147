package dev.loom.spi;

import java.time.Instant;

/**
 * The recorded result of a durable step ({@code ctx.run}) of the message being handled.
 *
 * @param index      0-based position of the step within the turn
 * @param name       the step's name as the handler gave it
 * @param result     the step's result as JSON text
 * @param resultType the Java class the result was produced as ({@code null} for JSON null)
 * @param recordedAt when the result was made durable
 */
public record StepRecord(int index, String name, String result, String resultType, Instant recordedAt) {
}
