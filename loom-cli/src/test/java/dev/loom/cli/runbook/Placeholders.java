package dev.loom.cli.runbook;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The runbook's placeholders: {@code <name>} with a lower-case name of letters and hyphens, each resolved when a
 * command that uses it is about to run (so {@code <dead-letter-id>} names a letter that exists at that moment).
 * A placeholder the test does not know fails the command, and so does a value that would need shell quoting.
 */
final class Placeholders {
    private static final Pattern PLACEHOLDER = Pattern.compile("<([a-z]+(?:-[a-z]+)*)>");
    private static final Pattern SAFE_VALUE = Pattern.compile("[A-Za-z0-9._/:@-][A-Za-z0-9._/:@~-]*");

    private final Map<String, Supplier<String>> values = new LinkedHashMap<>();

    Placeholders define(String name, Supplier<String> value) {
        values.put(name, value);
        return this;
    }

    Set<String> names() {
        return values.keySet();
    }

    /**
     * @throws IllegalArgumentException for an unknown placeholder or an unsafe value
     */
    String resolve(String command) {
        Matcher m = PLACEHOLDER.matcher(command);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            Supplier<String> value = values.get(m.group(1));
            if (value == null) {
                throw new IllegalArgumentException("unknown placeholder <" + m.group(1) + ">; the test knows " + names()
                        + " (define new ones in RunbookTest)");
            }
            String v = value.get();
            if (!SAFE_VALUE.matcher(v).matches()) {
                throw new IllegalArgumentException("placeholder <" + m.group(1) + "> resolved to '" + v
                        + "', which would need shell quoting");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(v));
        }
        m.appendTail(out);
        return out.toString();
    }
}
