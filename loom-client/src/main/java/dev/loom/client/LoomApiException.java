package dev.loom.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * The server answered with an error status. The subtype says the category (by status), {@link #code()} the exact
 * error (e.g. {@code unknown_message_type}), and the message repeats the server's own explanation, which the HTTP
 * contract requires to be actionable: {@code server answered <status> <code>: <message> (field: <field>)}.
 */
public abstract sealed class LoomApiException extends LoomClientException
        permits BadRequestException, UnauthorizedException, ForbiddenException, NotFoundException, ConflictException,
        PayloadTooLargeException, RateLimitedException, UnavailableException, AskTimeoutException,
        UnexpectedResponseException {
    private final int status;
    private final String code;
    private final String serverMessage;
    private final String field;
    private final JsonNode details;

    LoomApiException(ErrorBody error) {
        super("server answered " + error.status() + " " + error.code() + ": " + error.message()
                + (error.field() == null ? "" : " (field: " + error.field() + ")"), null);
        this.status = error.status();
        this.code = error.code();
        this.serverMessage = error.message();
        this.field = error.field();
        this.details = error.details();
    }

    /** The HTTP status. */
    public int status() {
        return status;
    }

    /** The contract's error code, e.g. {@code not_found}; {@code http_error} when the body was not a Loom error. */
    public String code() {
        return code;
    }

    /** The server's explanation as it sent it. */
    public String serverMessage() {
        return serverMessage;
    }

    /** The parameter, header or body field at fault, when the server named one. */
    public Optional<String> field() {
        return Optional.ofNullable(field);
    }

    /** More about the error, when the server sent more. */
    public Optional<JsonNode> details() {
        return Optional.ofNullable(details);
    }
}
