package dev.loom.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import org.slf4j.LoggerFactory;

/**
 * Logging of commands that run Loom in-process (demo, bench, --direct): warnings and errors only, on standard
 * error, so that standard output carries nothing but the command's results (a bench's JSON line stays last).
 */
public final class Logs {
    private Logs() {
    }

    /** Sends log events at {@code WARN} and above to standard error, and nothing else anywhere. */
    public static void warningsToStderr() {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        context.reset();
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%d{HH:mm:ss.SSS} %-5level %logger{30} - %msg%n");
        encoder.start();
        ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
        appender.setContext(context);
        appender.setTarget("System.err");
        appender.setEncoder(encoder);
        appender.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.WARN);
        root.addAppender(appender);
    }

    /** Silences warnings of {@code loggerName} (for failures a command provokes on purpose and reports itself). */
    public static void onlyErrorsOf(String loggerName) {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            context.getLogger(loggerName).setLevel(Level.ERROR);
        }
    }
}
