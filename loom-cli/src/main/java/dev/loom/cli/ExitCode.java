package dev.loom.cli;

/** The exit codes of the {@code loom} command. */
public final class ExitCode {
    /** The command did what was asked (for {@code health}: the server is healthy). */
    public static final int OK = 0;
    /** The command ran but failed: the server refused, an item was not found, a check failed. */
    public static final int FAILURE = 1;
    /** The command line itself is wrong (unknown option, bad value); picocli's usage error code. */
    public static final int USAGE = 2;
    /** The server could not be reached at all (connection refused, unknown host, timeout). */
    public static final int UNREACHABLE = 3;

    private ExitCode() {
    }
}
