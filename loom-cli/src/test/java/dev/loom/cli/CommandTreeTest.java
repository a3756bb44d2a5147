package dev.loom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class CommandTreeTest {

    @Test
    void topLevelHelpListsEveryCommandAndExitsZero() {
        CliRun run = CliRun.of("--help");
        assertThat(run.exitCode()).isZero();
        for (String name : LoomCommand.commandLine().getSubcommands().keySet()) {
            assertThat(run.out()).contains("  " + name + " ");
        }
        assertThat(run.out()).contains("--url").contains("LOOM_URL").contains("Exit codes");
    }

    @Test
    void everyCommandHasWorkingHelpWithADescription() {
        List<String[]> paths = new ArrayList<>();
        collect(LoomCommand.commandLine(), new ArrayList<>(), paths);
        assertThat(paths).hasSizeGreaterThan(15);
        for (String[] path : paths) {
            String[] args = append(path, "--help");
            CliRun run = CliRun.of(args);
            assertThat(run.exitCode()).as(String.join(" ", args)).isZero();
            assertThat(run.out()).as(String.join(" ", args)).startsWith("Usage: loom " + String.join(" ", path));
        }
    }

    @Test
    void aGroupWithoutSubcommandIsAUsageErrorNamingTheChoices() {
        CliRun run = CliRun.of("dlq");
        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.err()).contains("missing subcommand").contains("list, show, redrive, purge");
    }

    @Test
    void noCommandAtAllIsAUsageError() {
        CliRun run = CliRun.of();
        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.err()).contains("missing subcommand");
    }

    @Test
    void malformedActorReferenceIsRefusedBeforeAnyRequest() {
        CliRun run = CliRun.of("send", "counter", "Increment", "--url", "http://127.0.0.1:1");
        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.err()).contains("invalid actor reference 'counter': expected type/id");
    }

    @Test
    void malformedJsonPayloadIsRefusedWithAHint() {
        CliRun run = CliRun.of("send", "counter/c1", "Increment", "{by: 5", "--url", "http://127.0.0.1:1");
        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.err()).contains("is not valid JSON");
    }

    @Test
    void badDurationIsAUsageError() {
        CliRun run = CliRun.of("slow", "--window", "soon");
        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.err()).contains("'soon' is not a duration");
    }

    @Test
    void versionIsTheBuiltProjectVersion() {
        CliRun run = CliRun.of("--version");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("loom ").doesNotContain("${");
    }

    private static void collect(CommandLine cmd, List<String> prefix, List<String[]> out) {
        for (var e : cmd.getSubcommands().entrySet()) {
            if (e.getKey().equals("help")) {
                continue;
            }
            List<String> path = new ArrayList<>(prefix);
            path.add(e.getKey());
            out.add(path.toArray(String[]::new));
            collect(e.getValue(), path, out);
        }
    }

    private static String[] append(String[] a, String last) {
        String[] r = java.util.Arrays.copyOf(a, a.length + 1);
        r[a.length] = last;
        return r;
    }
}
