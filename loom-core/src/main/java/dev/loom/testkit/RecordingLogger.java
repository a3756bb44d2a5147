package dev.loom.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/**
 * The logger a test turn's handler gets from {@code ctx.log()}: it keeps every line, at every level, so a test sees
 * what the handler logged whatever the logging configuration of the test run.
 */
final class RecordingLogger extends LegacyAbstractLogger {
    private final transient List<LogLine> lines = new ArrayList<>();

    RecordingLogger(String name) {
        this.name = name;
    }

    List<LogLine> lines() {
        return List.copyOf(lines);
    }

    @Override
    public boolean isTraceEnabled() {
        return true;
    }

    @Override
    public boolean isDebugEnabled() {
        return true;
    }

    @Override
    public boolean isInfoEnabled() {
        return true;
    }

    @Override
    public boolean isWarnEnabled() {
        return true;
    }

    @Override
    public boolean isErrorEnabled() {
        return true;
    }

    @Override
    protected String getFullyQualifiedCallerName() {
        return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(Level level, Marker marker, String messagePattern, Object[] arguments,
                                               Throwable throwable) {
        String message = MessageFormatter.basicArrayFormat(messagePattern, arguments);
        lines.add(new LogLine(level, message == null ? "null" : message, Optional.ofNullable(throwable)));
    }
}
