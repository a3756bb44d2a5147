package dev.loom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@link LoomCommand#commandLine(Map, String[])} builds only the commands its arguments name (for startup speed);
 * whatever the arguments, it must behave exactly like the full command tree.
 */
class LazyCommandLineTest {

    @Test
    void everyCommandAnswersLikeTheFullTree() {
        List<String[]> cases = new ArrayList<>();
        cases.add(new String[] {"--version"});
        cases.add(new String[] {"-V"});
        cases.add(new String[] {"--help"});
        cases.add(new String[] {});
        cases.add(new String[] {"no-such-command"});
        cases.add(new String[] {"--version", "--help"});
        cases.add(new String[] {"help", "send"});
        cases.add(new String[] {"send", "counter", "Increment", "--url", "http://127.0.0.1:1"});
        cases.add(new String[] {"send", "counter/c1", "Increment", "{\"by\":1}", "--url", "http://127.0.0.1:1", "--token", "t"});
        cases.add(new String[] {"dlq"});
        for (String name : LoomCommand.commandLine(Map.of()).getSubcommands().keySet()) {
            cases.add(new String[] {name, "--help"});
            cases.add(new String[] {name, "--no-such-option"});
        }
        for (String[] args : cases) {
            CliRun full = CliRun.on(LoomCommand.commandLine(Map.of()), args);
            CliRun lazy = CliRun.on(LoomCommand.commandLine(Map.of(), args), args);
            assertThat(lazy).as(String.join(" ", args)).isEqualTo(full);
        }
    }

    @Test
    void aNamedCommandGetsARootWithOnlyThatCommandAndTheEnvironment() {
        CommandLine cmd = LoomCommand.commandLine(Map.of("LOOM_DATA_DIR", "/elsewhere"), new String[] {"send", "counter/c1", "Increment"});
        assertThat(cmd.getSubcommands()).containsOnlyKeys("send");
        CommandSpec send = cmd.getSubcommands().get("send").getCommandSpec();
        assertThat(send.qualifiedName()).isEqualTo("loom send");
        assertThat(LoomCommand.environment(send)).containsExactlyEntriesOf(Map.of("LOOM_DATA_DIR", "/elsewhere"));
    }

    @Test
    void versionAloneBuildsNoCommandsButHelpBuildsThemAll() {
        assertThat(LoomCommand.commandLine(Map.of(), new String[] {"--version"}).getSubcommands()).isEmpty();
        int all = LoomCommand.commandLine(Map.of()).getSubcommands().size();
        assertThat(LoomCommand.commandLine(Map.of(), new String[] {"help", "send"}).getSubcommands()).hasSize(all);
        assertThat(LoomCommand.commandLine(Map.of(), new String[] {"--help"}).getSubcommands()).hasSize(all);
    }
}
