package dev.loom.cli.output;

import java.io.PrintWriter;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Progress bars for long work, drawn on the command's standard error so that standard output stays clean
 * for results (and for {@code --json}). Disabled, they draw nothing.
 */
public final class Progress {
    private final PrintWriter err;
    private final boolean enabled;

    public Progress(PrintWriter err, boolean enabled) {
        this.err = err;
        this.enabled = enabled;
    }

    /** A bar counting up to {@code max} {@code unit}s; close it when done. */
    public ProgressBar bar(String task, long max, String unit) {
        ProgressBarBuilder b = new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(max)
                .setUnit(" " + unit, 1)
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(200)
                .showSpeed()
                .setConsumer(enabled ? new WriterConsumer(err) : new SilentConsumer());
        return b.build();
    }

    /** Redraws the bar in place with a carriage return, ending with a newline on close. */
    private record WriterConsumer(PrintWriter err) implements ProgressBarConsumer {
        @Override
        public int getMaxRenderedLength() {
            return 100;
        }

        @Override
        public void accept(String rendered) {
            err.print('\r');
            err.print(rendered);
            err.flush();
        }

        @Override
        public void close() {
            err.println();
            err.flush();
        }
    }

    private static final class SilentConsumer implements ProgressBarConsumer {
        @Override
        public int getMaxRenderedLength() {
            return 100;
        }

        @Override
        public void accept(String rendered) {
            // Disabled bars draw nothing by design.
        }

        @Override
        public void close() {
            // Nothing was drawn, so there is nothing to finish.
        }
    }
}
