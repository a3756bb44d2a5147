package dev.loom.testkit;

import java.util.Objects;
import java.util.Optional;
import org.slf4j.event.Level;

/**
 * A line the handler logged through {@code ctx.log()}.
 *
 * @param level   the level it was logged at
 * @param message the formatted message: the logger's arguments already substituted into its pattern
 * @param error   the throwable logged with it, if any
 */
public record LogLine(Level level, String message, Optional<Throwable> error) {
    public LogLine {
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(error, "error");
    }
}
