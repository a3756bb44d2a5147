package dev.loom.client;

/**
 * No HTTP answer came: connection refused, unknown host, connect or request timeout, a connection broken before
 * the answer. Thrown after the client's retries, if any, were used up; whether the server acted on the request
 * is unknown unless it was never sent ({@link #reason()} says which failure it was).
 */
public final class ServerUnreachableException extends LoomClientException {
    private final String baseUrl;
    private final String reason;

    ServerUnreachableException(String baseUrl, String reason, Throwable cause) {
        super("cannot reach the Loom server at " + baseUrl + " (" + reason + ")", cause);
        this.baseUrl = baseUrl;
        this.reason = reason;
    }

    /** The server's base URL. */
    public String baseUrl() {
        return baseUrl;
    }

    /** What went wrong, e.g. {@code connection refused}, {@code unknown host}, {@code no answer within the request timeout}. */
    public String reason() {
        return reason;
    }
}
