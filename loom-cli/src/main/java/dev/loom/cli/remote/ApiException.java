package dev.loom.cli.remote;

import java.util.Optional;

/**
 * The server answered with an error status. The message repeats the server's own explanation, which the
 * HTTP contract requires to be actionable.
 */
public final class ApiException extends RuntimeException {
    private final int status;
    private final String code;
    private final String field;

    /**
     * @param status        the HTTP status (4xx or 5xx)
     * @param code          the contract's error code ({@code not_found}, ...), or a description when the body
     *                      was not a contract error
     * @param serverMessage the server's message
     * @param field         the offending field when the server named one, or {@code null}
     */
    public ApiException(int status, String code, String serverMessage, String field) {
        super("server answered " + status + " " + code + ": " + serverMessage
                + (field == null ? "" : " (field: " + field + ")"));
        this.status = status;
        this.code = code;
        this.field = field;
    }

    public int status() {
        return status;
    }

    /** The contract's error code, e.g. {@code not_found}. */
    public String code() {
        return code;
    }

    public Optional<String> field() {
        return Optional.ofNullable(field);
    }
}
