package dev.loom.cli.runbook;

import java.util.Optional;

/**
 * Quote-aware reading of one bash command line, enough to find where its comment starts and whether it uses
 * shell syntax (pipes, redirections, command lists, substitutions) that an in-process run cannot reproduce.
 */
final class ShellLine {
    private ShellLine() {
    }

    /** The index of the {@code #} that starts the line's comment, if it has one. */
    static Optional<Integer> commentStart(String line) {
        Scan scan = new Scan(line);
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (scan.unquoted(i) && c == '#' && (i == 0 || Character.isWhitespace(line.charAt(i - 1)))) {
                return Optional.of(i);
            }
        }
        return Optional.empty();
    }

    /** The line without its comment, trailing blanks removed. */
    static String withoutComment(String line) {
        return commentStart(line).map(i -> line.substring(0, i)).orElse(line).stripTrailing();
    }

    /** The comment's text after {@code #}, if any. */
    static Optional<String> comment(String line) {
        return commentStart(line).map(i -> line.substring(i + 1).strip());
    }

    /**
     * The first shell operator outside quotes ({@code | ; & < > `} or {@code $(}), if any; plain variables such as
     * {@code "$LOOM_URL"} are not operators.
     */
    static Optional<String> firstOperator(String line) {
        String code = withoutComment(line);
        Scan scan = new Scan(code);
        for (int i = 0; i < code.length(); i++) {
            char c = code.charAt(i);
            if (scan.inSingleQuotes(i) || scan.escaped(i)) {
                continue;
            }
            if (c == '`' || (c == '$' && i + 1 < code.length() && code.charAt(i + 1) == '(')) {
                return Optional.of(c == '`' ? "`" : "$(");
            }
            if (scan.unquoted(i) && "|;&<>".indexOf(c) >= 0) {
                return Optional.of(String.valueOf(c));
            }
        }
        return Optional.empty();
    }

    /** Quoting state at each position of a line: inside '...', inside "...", or escaped by a backslash. */
    private static final class Scan {
        private final boolean[] single;
        private final boolean[] dbl;
        private final boolean[] esc;

        Scan(String s) {
            single = new boolean[s.length()];
            dbl = new boolean[s.length()];
            esc = new boolean[s.length()];
            boolean inSingle = false;
            boolean inDouble = false;
            boolean escapeNext = false;
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                single[i] = inSingle;
                dbl[i] = inDouble;
                esc[i] = escapeNext;
                if (escapeNext) {
                    escapeNext = false;
                } else if (inSingle) {
                    inSingle = c != '\'';
                } else if (c == '\\') {
                    escapeNext = true;
                } else if (c == '\'' && !inDouble) {
                    inSingle = true;
                } else if (c == '"') {
                    inDouble = !inDouble;
                }
            }
        }

        boolean inSingleQuotes(int i) {
            return single[i];
        }

        boolean escaped(int i) {
            return esc[i];
        }

        boolean unquoted(int i) {
            return !single[i] && !dbl[i] && !esc[i];
        }
    }
}
