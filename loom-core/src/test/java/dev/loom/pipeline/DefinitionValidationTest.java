package dev.loom.pipeline;

import static dev.loom.pipeline.Workers.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loom.json.Json;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every validation rule, each reported with the stage and field at fault. */
class DefinitionValidationTest {
    private static final Map<String, List<String>> CATALOG = Map.of("worker", List.of("Do", "Undo"));

    private static List<DefinitionProblem> problems(PipelineDefinition def) {
        return def.problems(CATALOG);
    }

    private static PipelineDefinition of(Stage... stages) {
        return new PipelineDefinition("p", 1, List.of(stages));
    }

    private static SingleStage single(String name, List<String> after, Task t) {
        return new SingleStage(name, after, t, null);
    }

    @Test
    void aValidDefinitionHasNoProblems() {
        assertThat(problems(PipelineJsonTest.everyKind())).filteredOn(p -> !p.field().endsWith("actorType"))
                .isEmpty();
        assertThat(problems(of(single("a", List.of(), task("w", "a")),
                single("b", List.of("a"), task("w", "b").with("value", "/stages/a/output/x"))))).isEmpty();
    }

    @Test
    void theNameVersionAndStagesAreRequired() {
        assertThat(new PipelineDefinition("Bad Name", 0, List.of()).problems(null))
                .extracting(DefinitionProblem::field).containsExactly("name", "version", "stages");
    }

    @Test
    void stageNamesAreWellFormedAndUnique() {
        assertThat(problems(of(single("a", List.of(), task("w", "a")), single("a", List.of(), task("w", "a")),
                single("Bad/Name", List.of(), task("w", "b")))))
                .containsExactly(new DefinitionProblem("a", "name", "two stages have this name"),
                        new DefinitionProblem("Bad/Name", "name",
                                "expected 1-64 characters [a-z0-9_-] starting with a letter"));
    }

    @Test
    void dependenciesMustNameOtherStagesOnce() {
        assertThat(problems(of(single("a", List.of("ghost"), task("w", "a")),
                single("b", List.of("b"), task("w", "b")), single("c", List.of("a", "a"), task("w", "c")))))
                .containsExactly(new DefinitionProblem("a", "dependsOn", "unknown stage 'ghost'"),
                        new DefinitionProblem("b", "dependsOn", "a stage cannot depend on itself"),
                        new DefinitionProblem("c", "dependsOn", "stage 'a' is listed twice"));
    }

    @Test
    void aCycleIsReportedWithItsPath() {
        List<DefinitionProblem> found = problems(of(single("a", List.of("c"), task("w", "a")),
                single("b", List.of("a"), task("w", "b")), single("c", List.of("b"), task("w", "c"))));
        assertThat(found).hasSize(1);
        assertThat(found.getFirst().field()).isEqualTo("dependsOn");
        assertThat(found.getFirst().message()).startsWith("cycle: ").contains("a -> c -> b -> a");
    }

    @Test
    void pointersMustBeBoundToTheInputOrAnUpstreamStage() {
        assertThat(problems(of(single("a", List.of(), task("w", "a")),
                single("b", List.of(), task("w", "b").with("value", "/stages/a/output")),
                single("c", List.of("a"), task("w", "c").with("value", "/secrets/x")),
                single("d", List.of("a"), task("w", "d").with("value", "/stages/zz/output")),
                single("e", List.of("a"), task("w", "e").with("value", "/item")),
                single("f", List.of("a"), task("w", "f").with("value", "/stages/a")),
                single("g", List.of("a"), task("w", "g").with("value", "no-slash")))))
                .extracting(p -> p.stage() + " " + p.field())
                .containsExactly("b task.input.value", "c task.input.value", "d task.input.value",
                        "e task.input.value", "f task.input.value", "g task.input.value");
    }

    @Test
    void anUpstreamStageMayBeReachedThroughOthers() {
        assertThat(problems(of(single("a", List.of(), task("w", "a")), single("b", List.of("a"), task("w", "b")),
                single("c", List.of("b"), task("w", "c").with("value", "/stages/a/output"))))).isEmpty();
    }

    @Test
    void actorAndMessageTypesAreCheckedAgainstTheRegistry() {
        assertThat(problems(of(single("a", List.of(), Task.to("ghost", "x", "Do")),
                single("b", List.of(), Task.to("worker", "x", "Explode")))))
                .extracting(p -> p.stage() + " " + p.field())
                .containsExactly("a task.actorType", "b task.messageType");
        assertThat(of(single("a", List.of(), Task.to("ghost", "x", "Do"))).problems(null)).isEmpty();
    }

    @Test
    void aLiteralActorIdMustBeAValidId() {
        assertThat(problems(of(single("a", List.of(), Task.to("worker", "bad id!", "Do")),
                single("b", List.of(), Task.to("worker", Value.of(List.of(1)), "Do")))))
                .extracting(p -> p.stage() + " " + p.field()).containsExactly("a task.actorId", "b task.actorId");
    }

    @Test
    void kindSpecificRules() {
        assertThat(problems(of(
                new GatherStage("g", List.of(), GatherStage.Mode.ALL, 0, null),
                single("a", List.of(), task("w", "a")),
                new GatherStage("n", List.of("a"), GatherStage.Mode.N_OF_M, 2, null),
                new GatherStage("t", List.of("a"), GatherStage.Mode.ALL, 0,
                        StageOptions.NONE.withTimeout(Duration.ofSeconds(1))),
                new ApprovalStage("e", List.of(), ApprovalStage.OnTimeout.ESCALATE, null,
                        StageOptions.NONE.withTimeout(Duration.ofSeconds(1))),
                new ApprovalStage("r", List.of(), ApprovalStage.OnTimeout.REJECT, task("w", "x"), null),
                new ApprovalStage("o", List.of(), ApprovalStage.OnTimeout.APPROVE, null, null),
                new ApprovalStage("k", List.of(), null, null, StageOptions.NONE.withBreaker("db")),
                new ForkJoinStage("f", List.of(), Map.of(), null),
                new ScatterStage("s", List.of(), Value.of("not a list"), task("w", "s"), 0, null),
                new BroadcastStage("bc", List.of(), "worker", Value.of(3), "Do", Map.of(), null))))
                .extracting(p -> p.stage() + " " + p.field())
                .containsExactly("g dependsOn", "n count", "t options.timeout", "e escalation", "r escalation",
                        "o options.timeout", "k options.breaker", "f branches", "s items", "bc actorIds");
    }

    @Test
    void theConditionAndCompensationAreChecked() {
        assertThat(problems(of(new SingleStage("a", List.of(), task("w", "a"),
                StageOptions.NONE.withCondition("/stages/a/output").withCompensation(
                        Task.to("worker", "w", "Undo").with("x", "/stages/a/output"))))))
                .containsExactly(new DefinitionProblem("a", "options.condition",
                        "'/stages/a/output': stage 'a' is not upstream of this stage (add it to dependsOn)"));
    }

    @Test
    void theBuilderThrowsWithEveryProblem() {
        assertThatThrownBy(() -> PipelineDefinition.builder("p", 1)
                .single("a", task("w", "a"), s -> s.after("x"))
                .single("b", task("w", "b").with("v", "/nowhere"))
                .build())
                .isInstanceOfSatisfying(InvalidPipelineException.class, e -> {
                    assertThat(e.pipeline()).isEqualTo("p");
                    assertThat(e.problems()).extracting(DefinitionProblem::stage).containsExactly("a", "b");
                    assertThat(e.getMessage()).contains("stage 'a' field 'dependsOn': unknown stage 'x'")
                            .contains("stage 'b' field 'task.input.v'");
                });
    }

    @Test
    void jsonThatIsNotADefinitionNamesTheStageAndField() {
        assertThatThrownBy(() -> PipelineDefinition.fromJson("{\"name\": \"p\", \"version\": 1, \"stages\": ["
                + "{\"kind\": \"single\", \"name\": \"ok\", \"task\": {\"actorType\": \"w\", \"actorId\": {\"literal\": \"a\"},"
                + " \"messageType\": \"Do\"}},"
                + "{\"kind\": \"single\", \"name\": \"broken\", \"task\": {\"actorType\": \"w\", \"actorId\": {\"literal\": \"a\"},"
                + " \"messageType\": \"Do\", \"colour\": 1}}]}"))
                .isInstanceOfSatisfying(InvalidPipelineException.class, e -> {
                    assertThat(e.problems()).hasSize(1);
                    assertThat(e.problems().getFirst().stage()).isEqualTo("broken");
                    assertThat(e.problems().getFirst().field()).isEqualTo("task.colour");
                });
        assertThatThrownBy(() -> PipelineDefinition.fromJson("{\"name\": \"p\", \"version\": 1, \"stages\": ["
                + "{\"kind\": \"loop\", \"name\": \"x\"}]}"))
                .isInstanceOfSatisfying(InvalidPipelineException.class, e ->
                        assertThat(e.problems().getFirst().stage()).isEqualTo("x"));
        assertThatThrownBy(() -> PipelineDefinition.fromJson("{\"name\": \"p\", \"version\": 1, \"stages\": ["
                + "{\"kind\": \"single\", \"name\": \"v\", \"task\": {\"actorType\": \"w\","
                + " \"actorId\": {\"pointer\": \"/input/a\", \"literal\": 1}, \"messageType\": \"Do\"}}]}"))
                .isInstanceOfSatisfying(InvalidPipelineException.class, e -> {
                    assertThat(e.problems().getFirst().stage()).isEqualTo("v");
                    assertThat(e.problems().getFirst().message()).contains("exactly one of 'pointer' and 'literal'");
                });
        assertThatThrownBy(() -> PipelineDefinition.fromJson("{not json"))
                .isInstanceOf(InvalidPipelineException.class).hasMessageContaining("malformed JSON");
    }

    @Test
    void aDefinitionReadFromJsonIsValidatedToo() {
        String json = Json.write(Map.of("name", "p", "version", 1, "stages", List.of(Map.of("kind", "single",
                "name", "a", "dependsOn", List.of("missing"), "task", Map.of("actorType", "w",
                        "actorId", Map.of("literal", "x"), "messageType", "Do")))));
        assertThatThrownBy(() -> PipelineDefinition.fromJson(json)).isInstanceOf(InvalidPipelineException.class)
                .hasMessageContaining("stage 'a' field 'dependsOn': unknown stage 'missing'");
    }
}
