package dev.loom.runtime;

/** The operation must run on the node that holds the actor's partition, and this node does not. */
public final class PartitionNotHeldException extends RuntimeException {
    public PartitionNotHeldException(String message) {
        super(message);
    }

    public PartitionNotHeldException(String message, Throwable cause) {
        super(message, cause);
    }
}
