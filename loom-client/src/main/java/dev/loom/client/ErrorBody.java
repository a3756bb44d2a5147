package dev.loom.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;

/**
 * An error answer as received: the status, the contract's body {@code {"error", "message", "field"?, "details"?}}
 * and the {@code Retry-After} header, turned into the exception of its category by {@link #toException()}.
 */
record ErrorBody(int status, String code, String message, String field, JsonNode details, Duration retryAfter) {
    LoomApiException toException() {
        return switch (status) {
            case 400 -> new BadRequestException(this);
            case 401 -> new UnauthorizedException(this);
            case 403 -> new ForbiddenException(this);
            case 404 -> new NotFoundException(this);
            case 409 -> new ConflictException(this);
            case 413 -> new PayloadTooLargeException(this);
            case 429 -> new RateLimitedException(this);
            case 503 -> new UnavailableException(this);
            case 504 -> "ask_timeout".equals(code) ? new AskTimeoutException(this) : new UnexpectedResponseException(this);
            default -> new UnexpectedResponseException(this);
        };
    }
}
