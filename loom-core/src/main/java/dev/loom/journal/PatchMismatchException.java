package dev.loom.journal;

/** A journal patch does not apply to the state it is applied to; {@link #path()} is the operation's JSON Pointer. */
public final class PatchMismatchException extends IllegalStateException {
    private final String path;

    PatchMismatchException(String path, String message) {
        super(message);
        this.path = path;
    }

    PatchMismatchException(String path, String message, Throwable cause) {
        super(message, cause);
        this.path = path;
    }

    /** The JSON Pointer of the operation that did not apply ({@code ""} for the whole state). */
    public String path() {
        return path;
    }
}
