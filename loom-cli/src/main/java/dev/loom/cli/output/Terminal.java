package dev.loom.cli.output;

import java.io.Console;
import java.lang.reflect.InvocationTargetException;

/** Whether a person is at a terminal (to confirm, and to see progress bars). */
public final class Terminal {
    private Terminal() {
    }

    /** True when standard input and output are a terminal. */
    public static boolean interactive() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        // On JDK 22+ System.console() is non-null even when redirected, and only Console.isTerminal() (absent
        // from the release-21 API we compile against) tells; on JDK 21 a non-null console is a terminal.
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (NoSuchMethodException e) {
            return true;
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot ask the JDK whether a terminal is attached", e);
        }
    }
}
