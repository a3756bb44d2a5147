package dev.loom.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A request that ends with an error response: the HTTP status, the contract's error code, an actionable
 * message, and optionally the offending field, details and response headers (such as {@code Retry-After} or
 * {@code WWW-Authenticate}).
 */
public final class ApiException extends RuntimeException {
    private final int status;
    private final String code;
    private final Optional<String> field;
    private final Optional<JsonNode> details;
    private final Map<String, String> headers;

    public ApiException(int status, String code, String message) {
        this(status, code, message, null, null, Map.of());
    }

    private ApiException(int status, String code, String message, String field, JsonNode details,
                         Map<String, String> headers) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.field = Optional.ofNullable(field);
        this.details = Optional.ofNullable(details);
        this.headers = Map.copyOf(headers);
    }

    public static ApiException badRequest(String message) {
        return new ApiException(400, "bad_request", message);
    }

    /** A 400 naming the field that is wrong. */
    public static ApiException badField(String code, String field, String message) {
        return new ApiException(400, code, message, field, null, Map.of());
    }

    public static ApiException notFound(String message) {
        return new ApiException(404, "not_found", message);
    }

    public static ApiException unavailable(String message) {
        return new ApiException(503, "unavailable", message);
    }

    public static ApiException rateLimited(String message, long retryAfterSeconds) {
        return new ApiException(429, "rate_limited", message, null, null,
                Map.of("Retry-After", Long.toString(retryAfterSeconds)));
    }

    /** This error with details attached. */
    public ApiException withDetails(JsonNode d) {
        return new ApiException(status, code, getMessage(), field.orElse(null), d, headers);
    }

    /** This error with one more response header (replacing a header of the same name). */
    public ApiException withHeader(String name, String value) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put(name, value);
        return new ApiException(status, code, getMessage(), field.orElse(null), details.orElse(null), h);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public Optional<String> field() {
        return field;
    }

    public Optional<JsonNode> details() {
        return details;
    }

    /** Headers the error response carries besides its JSON body. */
    public Map<String, String> headers() {
        return headers;
    }
}
