package dev.loom.http;

import java.util.List;

/**
 * The error responses an operation can document. Each has the contract's error body
 * ({@code {"error", "message", "field"?, "details"?}}, see {@link Dispatcher#body}) and is one reusable response
 * of the OpenAPI document. A 500 is not among them: it is a bug, not part of the contract.
 */
public enum ErrorStatus {
    BAD_REQUEST(400, "BadRequest", "The request is malformed or a parameter or field is invalid; `field` names it"
            + " when one is to blame."),
    UNAUTHORIZED(401, "Unauthorized", "No valid bearer token.",
            new Operation.ResponseHeader("WWW-Authenticate", true, "The RFC 6750 challenge: `Bearer realm=\"loom\"`, with"
                    + " `error=\"invalid_token\"` when the token sent is not valid.", JsonSchema.string())),
    FORBIDDEN(403, "Forbidden", "The token's role is below the route's, or the actor is outside the token's scope.",
            new Operation.ResponseHeader("WWW-Authenticate", true, "The RFC 6750 challenge:"
                    + " `Bearer realm=\"loom\", error=\"insufficient_scope\"`.", JsonSchema.string())),
    NOT_FOUND(404, "NotFound", "The actor type, dead letter, breaker or journal seq does not exist."),
    CONFLICT(409, "Conflict", "The request conflicts with the current state (see `error` for which)."),
    PAYLOAD_TOO_LARGE(413, "PayloadTooLarge", "The request body is larger than the server's limit (http.bodyLimit)."),
    RATE_LIMITED(429, "RateLimited", "Too many requests from this client address or token.",
            new Operation.ResponseHeader("Retry-After", true, "Seconds to wait before retrying.",
                    JsonSchema.integer().put("minimum", 0))),
    UNAVAILABLE(503, "Unavailable", "The store is unavailable (or its breaker is open), or the server is draining."),
    ASK_TIMEOUT(504, "AskTimeout", "No reply within the ask timeout; the message stays queued and is processed.");

    private final int status;
    private final String component;
    private final String description;
    private final List<Operation.ResponseHeader> headers;

    ErrorStatus(int status, String component, String description, Operation.ResponseHeader... headers) {
        this.status = status;
        this.component = component;
        this.description = description;
        this.headers = List.of(headers);
    }

    public int status() {
        return status;
    }

    /** The name of the reusable response in the document's components. */
    public String component() {
        return component;
    }

    public String description() {
        return description;
    }

    /** Headers sent with this error. */
    public List<Operation.ResponseHeader> headers() {
        return headers;
    }
}
