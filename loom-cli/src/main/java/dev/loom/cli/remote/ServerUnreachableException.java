package dev.loom.cli.remote;

/** No HTTP answer at all: connection refused, unknown host, timeout, broken connection. */
public final class ServerUnreachableException extends RuntimeException {
    public ServerUnreachableException(String message, Throwable cause) {
        super(message, cause);
    }
}
