package dev.loom.cli;

import dev.loom.actor.InvalidActorRefException;
import dev.loom.client.LoomApiException;
import dev.loom.client.ServerUnreachableException;
import dev.loom.json.SerializationException;
import dev.loom.spi.StoreException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns every exception a command throws into one line {@code loom: <what went wrong>} on standard error and
 * an exit code, so that scripts can rely on a non-zero exit and people read a message instead of a stack trace.
 * An unexpected exception (a bug) also prints its stack trace, because it is the only clue to the cause.
 */
final class ErrorReporter implements IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) {
        var err = cmd.getErr();
        int code = switch (ex) {
            case ServerUnreachableException e -> {
                err.println("loom: " + e.getMessage() + ". Is it running? Start one with `loom server`, or point"
                        + " --url / LOOM_URL at it.");
                yield ExitCode.UNREACHABLE;
            }
            case LoomApiException e -> {
                err.println("loom: " + e.getMessage());
                yield ExitCode.FAILURE;
            }
            case CliException e -> {
                err.println("loom: " + e.getMessage());
                yield e.exitCode();
            }
            case InvalidActorRefException e -> {
                err.println("loom: " + e.getMessage());
                yield ExitCode.USAGE;
            }
            case SerializationException e -> {
                err.println("loom: " + e.getMessage());
                yield ExitCode.USAGE;
            }
            case StoreException e -> {
                // The store's messages name the file, server or setting at fault; a stack trace adds nothing.
                err.println("loom: " + e.getMessage());
                yield ExitCode.FAILURE;
            }
            default -> {
                err.println("loom: unexpected error: " + ex);
                ex.printStackTrace(err);
                yield ExitCode.FAILURE;
            }
        };
        err.flush();
        return code;
    }
}
