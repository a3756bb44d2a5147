package dev.loom.spi;

/**
 * An import ({@link BackupStore#importFrom}) refused because of the target or the backup, not because the store
 * failed: the target is not empty, the partition counts or versions differ, or the records are inconsistent.
 * Nothing was imported; the message says why and what to do.
 */
public class BackupRefusedException extends StoreException {
    public BackupRefusedException(String message) {
        super(message);
    }

    public BackupRefusedException(String message, Throwable cause) {
        super(message, cause);
    }
}
