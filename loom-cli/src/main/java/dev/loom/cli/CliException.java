package dev.loom.cli;

/**
 * A failure the CLI reports as {@code loom: <message>} on standard error, exiting with {@link #exitCode()}.
 * The message must tell the user what is wrong and, where possible, what to do.
 */
public class CliException extends RuntimeException {
    private final int exitCode;

    public CliException(String message) {
        this(message, ExitCode.FAILURE);
    }

    public CliException(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    public CliException(String message, int exitCode, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
