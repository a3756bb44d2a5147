package dev.loom.cli.runbook;

import dev.loom.cli.LoomCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Field;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Option;

/**
 * Runs the {@code loom} command in this JVM as {@code ./loom} would run it in a shell with the given environment:
 * option defaults written {@code ${env:NAME}} or {@code ${env:NAME:-fallback}} (such as {@code --url} and
 * {@code --token}) and the configuration the store-opening commands read are taken from that environment instead
 * of this process's own.
 */
final class InProcessLoom {
    private static final Pattern ENV_DEFAULT = Pattern.compile("\\$\\{env:([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");

    private final Map<String, String> env;

    InProcessLoom(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    Shell.Result run(List<String> args) {
        CommandLine cmd = LoomCommand.commandLine(env);
        cmd.setDefaultValueProvider(this::defaultFromEnvironment);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        int code = cmd.execute(args.toArray(String[]::new));
        return new Shell.Result(code, out.toString(), err.toString());
    }

    /** The option's declared default with {@code ${env:…}} resolved against {@link #env}; null keeps picocli's. */
    private String defaultFromEnvironment(ArgSpec arg) {
        if (!(arg.userObject() instanceof Field field) || field.getAnnotation(Option.class) == null) {
            return null;
        }
        String declared = field.getAnnotation(Option.class).defaultValue();
        Matcher m = ENV_DEFAULT.matcher(declared);
        if (!m.find()) {
            return null;
        }
        StringBuilder resolved = new StringBuilder();
        do {
            String value = env.get(m.group(1));
            if (value == null) {
                value = m.group(2);
            }
            if (value == null) {
                return null;
            }
            m.appendReplacement(resolved, Matcher.quoteReplacement(value));
        } while (m.find());
        m.appendTail(resolved);
        return resolved.toString();
    }
}
