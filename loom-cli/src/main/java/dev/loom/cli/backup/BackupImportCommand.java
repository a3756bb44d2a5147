package dev.loom.cli.backup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loom.backup.BackupFileReader;
import dev.loom.backup.BackupFormatException;
import dev.loom.cli.CliException;
import dev.loom.cli.ExitCode;
import dev.loom.cli.Logs;
import dev.loom.cli.output.OutputOptions;
import dev.loom.cli.output.Printer;
import dev.loom.cli.output.Progress;
import dev.loom.cli.output.Terminal;
import dev.loom.client.LoomClient;
import dev.loom.json.Json;
import dev.loom.spi.BackupCounts;
import dev.loom.spi.BackupRecord;
import dev.loom.spi.StoreException;
import dev.loom.cli.store.StoreOptions;
import dev.loom.config.StoreConfig;
import dev.loom.spi.Store;
import dev.loom.spi.StoreLocation;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.Optional;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Restore a backup file into an EMPTY store, all or nothing.",
                "The file is checked first (version, every line, checksum); a store that holds any data is refused.",
                "With --direct, the store is the configured one (--config, LOOM_STORE, LOOM_DATA_DIR, ...) or --db FILE;",
                "a missing database file is created with the backup's partition count.",
                "Examples: loom backup import backup.jsonl",
                "          loom backup import backup.jsonl --direct --db data/restored.db"})
public final class BackupImportCommand implements Callable<Integer> {
    private static final Duration TIMEOUT = Duration.ofHours(6);

    @Spec
    CommandSpec spec;
    @Mixin
    BackupTarget target;
    @Mixin
    OutputOptions output;

    @Parameters(index = "0", paramLabel = "FILE", description = "The backup file (written by `loom backup export`).")
    Path file;

    @Override
    public Integer call() {
        Path source = file.toAbsolutePath().normalize();
        checkReadable(source);
        Progress progress = new Progress(spec.commandLine().getErr(), Terminal.interactive());
        BackupRecord.Header header = verify(source, progress);
        String into;
        JsonNode answer;
        if (target.direct) {
            StoreConfig store = target.store.resolve(spec);
            into = "the " + store.kind() + " store at " + store.location().describe();
            answer = importDirect(store, source, header, progress);
        } else {
            into = target.remote.baseUri().toString();
            answer = importRemote(source, progress);
        }
        Printer printer = Printer.of(spec, output);
        if (printer.json()) {
            printer.printJson(answer);
        } else {
            printer.println("imported " + answer.path("total").asLong() + " records from " + source + " into " + into);
        }
        return ExitCode.OK;
    }

    /** Reads the whole file once, so a damaged file is reported before any store is touched. */
    private static BackupRecord.Header verify(Path source, Progress progress) {
        try (BackupFileReader reader = open(source); ProgressBar bar = progress.bar("Checking",
                reader.header().counts().total(), "records")) {
            while (reader.hasNext()) {
                reader.next();
                bar.stepTo(reader.recordsRead().total());
            }
            return reader.header();
        } catch (BackupFormatException e) {
            throw new CliException("not imported: " + e.getMessage(), ExitCode.FAILURE, e);
        }
    }

    private JsonNode importRemote(Path source, Progress progress) {
        long size = sizeOf(source);
        try (LoomClient client = target.remote.client();
             ProgressBar bar = progress.bar("Uploading", size / 1024, "KiB")) {
            return LoomClient.toJson(client.importBackup(() -> counting(source, bar), TIMEOUT));
        }
    }

    private JsonNode importDirect(StoreConfig config, Path source, BackupRecord.Header header, Progress progress) {
        StoreOptions.requireDurable(config);
        // A database file this import creates is removed again when the import is refused.
        Optional<Path> createdFile = config.location() instanceof StoreLocation.File f && !Files.exists(f.path())
                ? Optional.of(f.path()) : Optional.empty();
        Logs.warningsToStderr();
        BackupCounts counts;
        try (Store store = config.open(header.partitions());
             BackupFileReader reader = open(source);
             ProgressBar bar = progress.bar("Importing", header.counts().total(), "records")) {
            target.store.announce(spec, config);
            counts = store.backup().importFrom(stepping(reader, bar));
        } catch (BackupFormatException | StoreException e) {
            createdFile.ifPresent(BackupImportCommand::removeCreated);
            throw new CliException("not imported into the " + config.kind() + " store at " + config.location().describe()
                    + ": " + e.getMessage(), ExitCode.FAILURE, e);
        }
        ObjectNode answer = Json.mapper().createObjectNode();
        answer.set("imported", Json.toTree(counts));
        answer.put("total", counts.total());
        return answer;
    }

    private static Iterator<BackupRecord> stepping(BackupFileReader reader, ProgressBar bar) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return reader.hasNext();
            }

            @Override
            public BackupRecord next() {
                BackupRecord r = reader.next();
                bar.stepTo(reader.recordsRead().total());
                return r;
            }
        };
    }

    private static BackupFileReader open(Path source) {
        try {
            return new BackupFileReader(Files.newInputStream(source), source.toString());
        } catch (IOException e) {
            throw new CliException("cannot read " + source + ": " + e.getMessage(), ExitCode.FAILURE, e);
        }
    }

    private static InputStream counting(Path source, ProgressBar bar) {
        try {
            return new FilterInputStream(Files.newInputStream(source)) {
                private long read;

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    int n = super.read(b, off, len);
                    if (n > 0) {
                        read += n;
                        bar.stepTo(read / 1024);
                    }
                    return n;
                }
            };
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + source + ": " + e.getMessage(), e);
        }
    }

    private static long sizeOf(Path source) {
        try {
            return Files.size(source);
        } catch (IOException e) {
            throw new CliException("cannot read " + source + ": " + e.getMessage(), ExitCode.FAILURE, e);
        }
    }

    private static void checkReadable(Path source) {
        if (!Files.exists(source)) {
            throw new CliException("cannot read " + source + ": no such file", ExitCode.FAILURE);
        }
        if (!Files.isRegularFile(source)) {
            throw new CliException("cannot read " + source + ": not a regular file", ExitCode.FAILURE);
        }
        if (!Files.isReadable(source)) {
            throw new CliException("cannot read " + source + ": permission denied", ExitCode.FAILURE);
        }
    }

    /** A database file this command created for a refused import would be an empty leftover; it goes too. */
    private static void removeCreated(Path db) {
        for (String suffix : new String[] {"", "-wal", "-shm"}) {
            try {
                Files.deleteIfExists(Path.of(db + suffix));
            } catch (IOException e) {
                System.getLogger(BackupImportCommand.class.getName()).log(System.Logger.Level.WARNING,
                        "cannot remove the empty database " + db + suffix + " left by the refused import", e);
            }
        }
    }
}
