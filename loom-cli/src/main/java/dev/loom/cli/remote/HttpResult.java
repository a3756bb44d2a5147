package dev.loom.cli.remote;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * An HTTP answer whatever its status, for callers that judge the status themselves (the health probe,
 * whose 503 body still says what is wrong).
 *
 * @param status the HTTP status
 * @param body   the body parsed as JSON ({@code MissingNode} when empty, a text node when not JSON)
 */
public record HttpResult(int status, JsonNode body) {
    public boolean ok() {
        return status >= 200 && status < 300;
    }
}
