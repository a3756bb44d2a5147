package dev.loom.spi;

import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * A failure as recorded with a message's attempts and in a dead letter.
 *
 * @param type    the exception's class name
 * @param message the exception's message ({@code null} when it had none)
 * @param stack   the stack trace as text
 */
public record ErrorInfo(String type, String message, String stack) {
    /** Captures a throwable's class, message and stack trace. */
    public static ErrorInfo of(Throwable t) {
        StringWriter out = new StringWriter();
        t.printStackTrace(new PrintWriter(out));
        return new ErrorInfo(t.getClass().getName(), t.getMessage(), out.toString());
    }
}
