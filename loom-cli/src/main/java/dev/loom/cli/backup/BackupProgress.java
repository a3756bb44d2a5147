package dev.loom.cli.backup;

import dev.loom.cli.output.Progress;
import dev.loom.spi.BackupRecord;
import java.util.function.Consumer;
import me.tongfei.progressbar.ProgressBar;

/**
 * Counts records passing to a sink on a progress bar whose size the stream's header announces; close it when
 * the stream ended.
 */
final class BackupProgress implements Consumer<BackupRecord>, AutoCloseable {
    private final Progress progress;
    private final String task;
    private final Consumer<BackupRecord> next;
    private ProgressBar bar;

    BackupProgress(Progress progress, String task, Consumer<BackupRecord> next) {
        this.progress = progress;
        this.task = task;
        this.next = next;
    }

    @Override
    public void accept(BackupRecord record) {
        next.accept(record);
        if (record instanceof BackupRecord.Header h) {
            bar = progress.bar(task, h.counts().total(), "records");
        } else if (bar != null) {
            bar.step();
        }
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
