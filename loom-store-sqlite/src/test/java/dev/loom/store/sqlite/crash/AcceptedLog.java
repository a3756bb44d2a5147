package dev.loom.store.sqlite.crash;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The child's record of sends that returned: one file per round, each line appended with one write and
 * forced to disk before the sender goes on. A send whose line was not yet written when the process died is
 * simply absent, so the log is a subset of what Loom accepted, never a superset.
 */
final class AcceptedLog implements AutoCloseable {
    private final FileChannel channel;

    private AcceptedLog(FileChannel channel) {
        this.channel = channel;
    }

    static Path file(Path dir, int round) {
        return dir.resolve("accepted-r" + round + ".log");
    }

    static AcceptedLog open(Path dir, int round) throws IOException {
        return new AcceptedLog(FileChannel.open(file(dir, round), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND));
    }

    /** Appends and forces one line; the caller's send has returned. */
    synchronized void append(AcceptedSend send) {
        ByteBuffer buf = ByteBuffer.wrap((send.toLine() + "\n").getBytes(StandardCharsets.UTF_8));
        try {
            while (buf.hasRemaining()) {
                channel.write(buf);
            }
            channel.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the accepted log: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    /** Every complete line of every round's log in {@code dir} (a line cut short by the kill is skipped). */
    static List<AcceptedSend> readAll(Path dir) throws IOException {
        List<AcceptedSend> all = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().matches("accepted-r\\d+\\.log")).sorted().toList()) {
                all.addAll(read(f));
            }
        }
        return all;
    }

    /** The complete lines of one log file (none when it does not exist). */
    static List<AcceptedSend> read(Path file) throws IOException {
        if (!Files.exists(file)) {
            return List.of();
        }
        String text = Files.readString(file, StandardCharsets.UTF_8);
        int end = text.lastIndexOf('\n');
        List<AcceptedSend> sends = new ArrayList<>();
        if (end > 0) {
            for (String line : text.substring(0, end).split("\n")) {
                if (!line.isEmpty()) {
                    sends.add(AcceptedSend.parse(line));
                }
            }
        }
        return sends;
    }
}
