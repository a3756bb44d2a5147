package dev.loom.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** A command that only groups subcommands: run alone, it says which subcommands exist (a usage error). */
public abstract class ParentCommand implements Runnable {
    @Spec
    protected CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing subcommand: loom " + spec.qualifiedName(" ")
                .replaceFirst("^loom ", "") + " needs one of " + String.join(", ", spec.subcommands().keySet()));
    }
}
