package dev.loom.client;

/** 413: the request body is larger than the server's limit ({@code http.bodyLimit}). */
public final class PayloadTooLargeException extends LoomApiException {
    PayloadTooLargeException(ErrorBody error) {
        super(error);
    }
}
