package dev.loom.backup;

/**
 * A backup file that cannot be read: truncated, edited, of another version or not a backup at all. The
 * message names the file and the line.
 */
public class BackupFormatException extends RuntimeException {
    public BackupFormatException(String message) {
        super(message);
    }

    public BackupFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
