package dev.loom.deploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A Dockerfile read into stages and instructions: comments dropped, continuation lines joined. Enough of the
 * syntax for what {@code deploy/Dockerfile} uses; anything else (JSON-form COPY, heredocs) is refused rather
 * than misread.
 */
record DockerfileModel(List<Stage> stages) {
    record Instruction(int line, String keyword, String args) {
    }

    record Stage(String image, Optional<String> name, List<Instruction> instructions) {
        List<Instruction> all(String keyword) {
            return instructions.stream().filter(i -> i.keyword().equals(keyword)).toList();
        }

        Instruction only(String keyword) {
            List<Instruction> found = all(keyword);
            if (found.size() != 1) {
                throw new AssertionError("stage " + name.orElse(image) + ": expected one " + keyword + ", found " + found.size());
            }
            return found.get(0);
        }

        /** The ENV of this stage, in order. */
        Map<String, String> env() {
            Map<String, String> env = new LinkedHashMap<>();
            for (Instruction i : all("ENV")) {
                for (String word : words(i.args())) {
                    int eq = word.indexOf('=');
                    if (eq < 0) {
                        throw new AssertionError("line " + i.line() + ": ENV in the key=value form, please: " + i.args());
                    }
                    env.put(word.substring(0, eq), word.substring(eq + 1));
                }
            }
            return env;
        }
    }

    /** A COPY: flags such as {@code --from}, its sources and its destination. */
    record Copy(int line, Map<String, String> flags, List<String> sources, String destination) {
        static Copy of(Instruction i) {
            List<String> w = words(i.args());
            if (i.args().strip().startsWith("[")) {
                throw new AssertionError("line " + i.line() + ": JSON-form COPY is not read by this test");
            }
            Map<String, String> flags = new LinkedHashMap<>();
            int k = 0;
            while (k < w.size() && w.get(k).startsWith("--")) {
                String f = w.get(k++).substring(2);
                int eq = f.indexOf('=');
                flags.put(eq < 0 ? f : f.substring(0, eq), eq < 0 ? "" : f.substring(eq + 1));
            }
            List<String> rest = w.subList(k, w.size());
            if (rest.size() < 2) {
                throw new AssertionError("line " + i.line() + ": COPY needs a source and a destination");
            }
            return new Copy(i.line(), flags, List.copyOf(rest.subList(0, rest.size() - 1)), rest.get(rest.size() - 1));
        }
    }

    static DockerfileModel parse(String text) {
        List<Stage> stages = new ArrayList<>();
        List<Instruction> current = null;
        String[] lines = text.split("\\R", -1);
        for (int n = 0; n < lines.length; n++) {
            String line = lines[n].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int start = n + 1;
            StringBuilder joined = new StringBuilder();
            while (line.endsWith("\\")) {
                joined.append(line, 0, line.length() - 1).append(' ');
                // Comment lines inside a continued instruction are dropped, as Docker does.
                do {
                    n++;
                    line = n < lines.length ? lines[n].strip() : "";
                } while (line.startsWith("#") && n < lines.length);
            }
            joined.append(line);
            String full = joined.toString().strip();
            int space = full.indexOf(' ');
            String keyword = (space < 0 ? full : full.substring(0, space)).toUpperCase(java.util.Locale.ROOT);
            String args = space < 0 ? "" : full.substring(space + 1).strip();
            if (args.startsWith("<<")) {
                throw new AssertionError("line " + start + ": heredocs are not read by this test");
            }
            Instruction ins = new Instruction(start, keyword, args);
            if (keyword.equals("FROM")) {
                List<String> w = words(args);
                Optional<String> name = w.size() >= 3 && w.get(1).equalsIgnoreCase("AS") ? Optional.of(w.get(2)) : Optional.empty();
                current = new ArrayList<>();
                stages.add(new Stage(w.get(0), name, current));
            } else if (current == null) {
                if (!keyword.equals("ARG")) {
                    throw new AssertionError("line " + start + ": " + keyword + " before the first FROM");
                }
            } else {
                current.add(ins);
            }
        }
        return new DockerfileModel(List.copyOf(stages));
    }

    Stage stage(String name) {
        return stages.stream().filter(s -> s.name().equals(Optional.of(name))).findFirst()
                .orElseThrow(() -> new AssertionError("no stage named " + name));
    }

    Stage last() {
        return stages.get(stages.size() - 1);
    }

    /** Words separated by blanks, double quotes grouping (and removed). */
    static List<String> words(String s) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        for (char c : s.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
                any = true;
            } else if (Character.isWhitespace(c) && !quoted) {
                if (any) {
                    out.add(cur.toString());
                    cur.setLength(0);
                    any = false;
                }
            } else {
                cur.append(c);
                any = true;
            }
        }
        if (any) {
            out.add(cur.toString());
        }
        return out;
    }

    /** The words of a JSON-array (exec form) instruction such as {@code ENTRYPOINT ["java", "-jar", "x.jar"]}. */
    static List<String> execForm(Instruction i) {
        try {
            List<String> out = new ArrayList<>();
            DeployRepo.YAML.readTree(i.args()).forEach(n -> out.add(n.asText()));
            if (!i.args().strip().startsWith("[")) {
                throw new AssertionError("line " + i.line() + ": " + i.keyword() + " must use the exec form [\"...\"]");
            }
            return out;
        } catch (java.io.IOException e) {
            throw new AssertionError("line " + i.line() + ": " + i.keyword() + " is not a JSON array: " + i.args(), e);
        }
    }
}
