package dev.loom.cli.runbook;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Extracts the commands of a Markdown runbook: in each {@code ```bash} block, every line that starts with
 * {@code ./loom } or {@code curl } (after joining lines that end with a backslash). A trailing
 * {@code # runbook-test: skip (reason)} marks a command not to run, {@code # runbook-test: exit N (reason)} one
 * that is expected to exit with N; a reason is required, and any other {@code runbook-test:} comment is an error,
 * so a typo cannot silently change what is tested.
 */
final class RunbookParser {
    private static final String MARKER = "runbook-test:";
    private static final Pattern SKIP = Pattern.compile("skip \\((.*\\S.*)\\)");
    private static final Pattern EXIT = Pattern.compile("exit (\\d{1,3}) \\((.*\\S.*)\\)");

    private RunbookParser() {
    }

    /**
     * @throws IllegalArgumentException naming the line, for a malformed {@code runbook-test:} directive or a
     *                                  {@code bash} block that is never closed
     */
    static List<RunbookCommand> parse(String markdown) {
        List<RunbookCommand> commands = new ArrayList<>();
        String[] lines = markdown.split("\\R", -1);
        boolean inBash = false;
        int blockStart = 0;
        for (int i = 0; i < lines.length; i++) {
            String trimmed = lines[i].strip();
            if (!inBash) {
                if (trimmed.equals("```bash")) {
                    inBash = true;
                    blockStart = i + 1;
                }
                continue;
            }
            if (trimmed.startsWith("```")) {
                inBash = false;
                continue;
            }
            int start = i;
            StringBuilder joined = new StringBuilder(trimmed);
            while (joined.toString().endsWith("\\") && i + 1 < lines.length) {
                joined.setLength(joined.length() - 1);
                joined.append(' ').append(lines[++i].strip());
            }
            String line = joined.toString();
            if (line.startsWith("./loom ") || line.startsWith("curl ")) {
                commands.add(new RunbookCommand(start + 1, ShellLine.withoutComment(line), expectation(line, start + 1)));
            }
        }
        if (inBash) {
            throw new IllegalArgumentException("line " + blockStart + ": the ```bash block is never closed");
        }
        return commands;
    }

    private static RunbookCommand.Expectation expectation(String line, int lineNumber) {
        Optional<String> comment = ShellLine.comment(line);
        if (comment.isEmpty() || !comment.get().contains(MARKER)) {
            return new RunbookCommand.Run(0);
        }
        String directive = comment.get().substring(comment.get().indexOf(MARKER) + MARKER.length()).strip();
        Matcher skip = SKIP.matcher(directive);
        if (skip.matches()) {
            return new RunbookCommand.Skip(skip.group(1).strip());
        }
        Matcher exit = EXIT.matcher(directive);
        if (exit.matches()) {
            return new RunbookCommand.Run(Integer.parseInt(exit.group(1)));
        }
        throw new IllegalArgumentException("line " + lineNumber + ": malformed directive '" + MARKER + " " + directive
                + "'; expected 'skip (reason)' or 'exit N (reason)', with a reason");
    }
}
