package dev.loom.cli.runbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What counts as a runbook command, how directives are read, and how shell lines are scanned. */
class RunbookParserTest {

    @Test
    void onlyLoomAndCurlLinesOfBashBlocksAreCommands() {
        List<RunbookCommand> commands = RunbookParser.parse("""
                Run `./loom health` first.
                ```bash
                export LOOM_URL=http://localhost:3000
                ./loom health   # exits 0 when healthy
                  curl -sS --fail-with-body "$LOOM_URL/health"
                systemctl stop loom
                ```
                ```yaml
                ./loom not-a-command
                ```
                ```
                curl http://example.com
                ```
                """);
        assertThat(commands).extracting(RunbookCommand::line, RunbookCommand::text).containsExactly(
                org.assertj.core.groups.Tuple.tuple(4, "./loom health"),
                org.assertj.core.groups.Tuple.tuple(5, "curl -sS --fail-with-body \"$LOOM_URL/health\""));
        assertThat(commands).extracting(RunbookCommand::expectation).containsOnly(new RunbookCommand.Run(0));
    }

    @Test
    void continuationLinesAreJoined() {
        List<RunbookCommand> commands = RunbookParser.parse("""
                ```bash
                curl -sS --fail-with-body \\
                  -H "Authorization: Bearer $LOOM_TOKEN" \\
                  "$LOOM_URL/api/admin/queues"
                ./loom queues
                ```
                """);
        assertThat(commands).extracting(RunbookCommand::text).containsExactly(
                "curl -sS --fail-with-body  -H \"Authorization: Bearer $LOOM_TOKEN\"  \"$LOOM_URL/api/admin/queues\"",
                "./loom queues");
        assertThat(commands.get(1).line()).isEqualTo(5);
    }

    @Test
    void directivesSkipOrExpectAnExitCodeWithAReason() {
        List<RunbookCommand> commands = RunbookParser.parse("""
                ```bash
                ./loom server   # runbook-test: skip (starts a server)
                curl -sS --fail-with-body "$LOOM_URL/x"   # runbook-test: exit 22 (no such route)
                ```
                """);
        assertThat(commands).extracting(RunbookCommand::expectation).containsExactly(
                new RunbookCommand.Skip("starts a server"), new RunbookCommand.Run(22));
        assertThat(commands).extracting(RunbookCommand::text).containsExactly(
                "./loom server", "curl -sS --fail-with-body \"$LOOM_URL/x\"");
    }

    @Test
    void aDirectiveWithoutAReasonOrMisspelledIsRefused() {
        assertThatThrownBy(() -> RunbookParser.parse("```bash\n./loom server   # runbook-test: skip\n```\n"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("line 2").hasMessageContaining("reason");
        assertThatThrownBy(() -> RunbookParser.parse("```bash\n./loom server   # runbook-test: skip ( )\n```\n"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RunbookParser.parse("```bash\n./loom health   # runbook-test: sikp (typo)\n```\n"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sikp");
    }

    @Test
    void anUnclosedBlockIsRefused() {
        assertThatThrownBy(() -> RunbookParser.parse("text\n```bash\n./loom health\n"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("line 2");
    }

    @Test
    void commentsAndOperatorsAreFoundOutsideQuotesOnly() {
        assertThat(ShellLine.withoutComment("./loom cache clear 'a#b'  # note")).isEqualTo("./loom cache clear 'a#b'");
        assertThat(ShellLine.withoutComment("./loom send c/1 Inc '{\"x\": \"#1\"}'")).isEqualTo("./loom send c/1 Inc '{\"x\": \"#1\"}'");
        assertThat(ShellLine.firstOperator("./loom dlq list --json | jq .")).contains("|");
        assertThat(ShellLine.firstOperator("./loom dlq list > out.txt")).contains(">");
        assertThat(ShellLine.firstOperator("./loom health --url \"$(cat url)\"")).contains("$(");
        assertThat(ShellLine.firstOperator("./loom cache clear 'a|b' --url \"$LOOM_URL\" # x | y")).isEmpty();
        assertThat(ShellLine.firstOperator("./loom send c/1 Inc '{\"a\": \"$(no)\"}'")).isEmpty();
    }

    @Test
    void placeholdersAreResolvedAndUnknownOrUnsafeOnesRefused() {
        Placeholders p = new Placeholders().define("dead-letter-id", () -> "dl-1-abc").define("bad", () -> "a b");
        assertThat(p.resolve("./loom dlq show <dead-letter-id>")).isEqualTo("./loom dlq show dl-1-abc");
        assertThatThrownBy(() -> p.resolve("./loom dlq show <other-id>")).hasMessageContaining("<other-id>");
        assertThatThrownBy(() -> p.resolve("./loom dlq show <bad>")).hasMessageContaining("quoting");
    }
}
