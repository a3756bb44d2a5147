package dev.loom.spi;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a provider's store keeps its data, as the CLI and the server report it ("opened sqlite store
 * /var/lib/loom/loom.db") and check it (a {@code --direct} read refuses a file that does not exist rather than
 * create an empty one).
 */
public sealed interface StoreLocation {
    /** For messages: the file's absolute path, the server's address, or "process memory". */
    String describe();

    /** One local file (and the files beside it that the engine keeps, such as a write-ahead log). */
    record File(Path path) implements StoreLocation {
        public File {
            path = path.toAbsolutePath().normalize();
        }

        @Override
        public String describe() {
            return path.toString();
        }
    }

    /** The memory of the process that opens it: gone when the store is closed. */
    record InProcess() implements StoreLocation {
        @Override
        public String describe() {
            return "process memory (nothing is kept after exit)";
        }
    }

    /**
     * A database server.
     *
     * @param address where it is, with no credentials ({@code postgresql://db:5432/loom, schema loom})
     */
    record Server(String address) implements StoreLocation {
        public Server {
            Objects.requireNonNull(address, "address");
        }

        @Override
        public String describe() {
            return address;
        }
    }
}
