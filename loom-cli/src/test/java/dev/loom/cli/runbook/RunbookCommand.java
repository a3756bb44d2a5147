package dev.loom.cli.runbook;

/**
 * One command line of the runbook: a {@code ./loom} or {@code curl} line of a {@code bash} block (continuation
 * lines joined), without its trailing comment, and what the runbook says should happen when it runs.
 *
 * @param line        the 1-based line of the runbook where the command starts
 * @param text        the command as an operator would type it, placeholders and variables unresolved
 * @param expectation run it and expect an exit code, or do not run it (with the runbook's reason)
 */
record RunbookCommand(int line, String text, Expectation expectation) {

    /** What the runbook says about running a command. */
    sealed interface Expectation permits Run, Skip {
    }

    /** Run it; it must exit with this code (0 unless the runbook says {@code # runbook-test: exit N (why)}). */
    record Run(int exitCode) implements Expectation {
    }

    /** Do not run it: {@code # runbook-test: skip (why)}. */
    record Skip(String reason) implements Expectation {
    }

    boolean isLoomCommand() {
        return text.startsWith("./loom ");
    }

    @Override
    public String toString() {
        return "RUNBOOK.md:" + line + ": " + text;
    }
}
