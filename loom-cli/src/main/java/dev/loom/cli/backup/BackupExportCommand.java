package dev.loom.cli.backup;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loom.backup.BackupFileReader;
import dev.loom.backup.BackupFileWriter;
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
import dev.loom.spi.Store;
import dev.loom.spi.StoreException;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Write a consistent backup of the whole store to a file (versioned JSON Lines with a checksum).",
                "The file is complete or not written at all: it is checked, then moved into place.",
                "Examples: loom backup export --out backup.jsonl",
                "          loom backup export --out backup.jsonl --direct            (the configured store, e.g. $LOOM_DATA_DIR/loom.db)",
                "          loom backup export --out backup.jsonl --direct --db data/loom.db"})
public final class BackupExportCommand implements Callable<Integer> {
    static final String PATH = "/api/admin/backup/export";
    private static final Duration TIMEOUT = Duration.ofHours(6);

    @Spec
    CommandSpec spec;
    @Mixin
    BackupTarget target;
    @Mixin
    OutputOptions output;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The backup file to write.")
    Path out;

    @Option(names = "--force", description = "Overwrite FILE if it exists.")
    boolean force;

    @Override
    public Integer call() {
        Path file = out.toAbsolutePath().normalize();
        checkWritable(file);
        Path partial = partialFile(file);
        Progress progress = new Progress(spec.commandLine().getErr(), Terminal.interactive());
        BackupCounts counts;
        try {
            try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(partial))) {
                BackupFileWriter writer = new BackupFileWriter(os);
                try (BackupProgress bar = new BackupProgress(progress, "Exporting", writer)) {
                    counts = target.direct ? exportDirect(bar) : exportRemote(bar);
                }
                writer.finish();
            }
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | UncheckedIOException e) {
            deleteQuietly(partial);
            throw new CliException("cannot write " + file + ": " + e.getMessage(), ExitCode.FAILURE, e);
        } catch (BackupFormatException e) {
            deleteQuietly(partial);
            throw new CliException("the server sent an incomplete or invalid backup, nothing was written: "
                    + e.getMessage(), ExitCode.FAILURE, e);
        } catch (StoreException e) {
            deleteQuietly(partial);
            throw new CliException("cannot export: " + e.getMessage(), ExitCode.FAILURE, e);
        } catch (RuntimeException e) {
            deleteQuietly(partial);
            throw e;
        }
        Printer printer = Printer.of(spec, output);
        if (printer.json()) {
            ObjectNode answer = Json.mapper().createObjectNode();
            answer.put("file", file.toString());
            answer.set("exported", Json.toTree(counts));
            answer.put("total", counts.total());
            printer.printJson(answer);
        } else {
            printer.println("exported " + counts.total() + " records (" + counts.describe() + ") to " + file);
        }
        return ExitCode.OK;
    }

    private BackupCounts exportRemote(Consumer<BackupRecord> sink) {
        try (LoomClient client = target.remote.client();
             InputStream in = client.exportBackup(TIMEOUT);
             BackupFileReader reader = new BackupFileReader(in, client.baseUrl() + PATH)) {
            reader.forEachRemaining(sink);
            return reader.recordsRead();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private BackupCounts exportDirect(Consumer<BackupRecord> sink) {
        Logs.warningsToStderr();
        try (Store store = target.store.openExisting(spec)) {
            return store.backup().export(sink);
        }
    }

    private void checkWritable(Path file) {
        if (Files.isDirectory(file)) {
            throw new CliException(file + " is a directory; give --out a file name", ExitCode.FAILURE);
        }
        if (Files.exists(file) && !force) {
            throw new CliException(file + " already exists; give --force to overwrite it, or choose another --out",
                    ExitCode.FAILURE);
        }
        Path dir = file.getParent();
        if (!Files.isDirectory(dir)) {
            throw new CliException("cannot write " + file + ": the directory " + dir + " does not exist",
                    ExitCode.FAILURE);
        }
        if (!Files.isWritable(dir)) {
            throw new CliException("cannot write " + file + ": the directory " + dir + " is not writable",
                    ExitCode.FAILURE);
        }
    }

    private static Path partialFile(Path file) {
        try {
            return Files.createTempFile(file.getParent(), file.getFileName() + ".", ".partial");
        } catch (IOException e) {
            throw new CliException("cannot write in " + file.getParent() + ": " + e.getMessage(), ExitCode.FAILURE, e);
        }
    }

    private static void deleteQuietly(Path partial) {
        try {
            Files.deleteIfExists(partial);
        } catch (IOException e) {
            // The export already failed with the error that matters; a leftover .partial file says so by its name.
            System.getLogger(BackupExportCommand.class.getName()).log(System.Logger.Level.DEBUG,
                    "cannot delete " + partial, e);
        }
    }
}
