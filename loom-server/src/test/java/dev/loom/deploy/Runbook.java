package dev.loom.deploy;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The sections and tables of docs/RUNBOOK.md. */
final class Runbook {
    /** How a rule's {@code runbook} annotation starts: the file, then a section as {@link #sections()} names it. */
    static final String PREFIX = "docs/RUNBOOK.md ";
    private static final Pattern HEADING = Pattern.compile("^#{2,3} (\\d+(?:\\.\\d+)?)\\.? (.+)$");

    private Runbook() {
    }

    static String text() {
        return DeployRepo.read(DeployRepo.path("docs/RUNBOOK.md"));
    }

    /** Every numbered section as "number title": {@code ## 5. Dead-letter recovery} is "5 Dead-letter recovery". */
    static Set<String> sections() {
        Set<String> sections = new LinkedHashSet<>();
        boolean inCode = false;
        for (String line : text().split("\\R")) {
            inCode ^= line.strip().startsWith("```");
            Matcher m = HEADING.matcher(line);
            if (!inCode && m.matches()) {
                sections.add(m.group(1) + " " + m.group(2).strip());
            }
        }
        return sections;
    }

    /** The text of the numbered section {@code number} (up to the next heading). */
    static String section(String number) {
        StringBuilder out = null;
        boolean inCode = false;
        for (String line : text().split("\\R")) {
            inCode ^= line.strip().startsWith("```");
            Matcher m = HEADING.matcher(line);
            if (!inCode && line.matches("#{1,3} .*")) {
                if (out != null) {
                    break;
                }
                if (m.matches() && m.group(1).equals(number)) {
                    out = new StringBuilder();
                }
                continue;
            }
            if (out != null) {
                out.append(line).append('\n');
            }
        }
        if (out == null) {
            throw new AssertionError("docs/RUNBOOK.md has no section " + number);
        }
        return out.toString();
    }

    /** The first Markdown table of {@code text}: its header and rows, cells trimmed, {@code \|} read as {@code |}. */
    static List<List<String>> table(String text) {
        List<List<String>> rows = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (!line.startsWith("|")) {
                if (!rows.isEmpty()) {
                    break;
                }
                continue;
            }
            if (line.matches("\\|[-| :]+\\|")) {
                continue;
            }
            List<String> cells = new ArrayList<>();
            for (String cell : line.substring(1, line.length() - 1).split("(?<!\\\\)\\|", -1)) {
                cells.add(cell.strip().replace("\\|", "|"));
            }
            rows.add(cells);
        }
        if (rows.isEmpty()) {
            throw new AssertionError("no table in:\n" + text);
        }
        return rows;
    }

    /** The content of a cell that is one code span. */
    static String code(String cell) {
        if (!cell.startsWith("`") || !cell.endsWith("`")) {
            throw new AssertionError("not a code span: " + cell);
        }
        return cell.substring(1, cell.length() - 1);
    }
}
