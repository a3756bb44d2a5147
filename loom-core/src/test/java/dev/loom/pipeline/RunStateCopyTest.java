package dev.loom.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loom.json.Json;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link RunState#copy()} is hand-written: every field must be carried over (checked by filling each field, found by
 * reflection, with a value other than its default), and the copy's mutable parts must not be the original's.
 */
class RunStateCopyTest {
    @Test
    void aCopyHoldsEveryFieldOfTheOriginal() throws Exception {
        RunState run = filled(RunState.class);

        assertThat(Json.toTree(run.copy())).isEqualTo(Json.toTree(run));
        assertThat(run.copy().definition()).as("the decoded definition, which is not in the JSON")
                .isSameAs(run.definition());
    }

    @Test
    void theTreeTheStateBuildsIsTheOneJacksonWrites() throws Exception {
        RunState run = filled(RunState.class);
        StageRun bare = new StageRun();
        bare.tasks.add(new TaskRun());
        run.stages.put("bare", bare);

        assertThat(run.toTree()).isEqualTo(Json.mapper().valueToTree(run));
        assertThat(RunState.empty().toTree()).isEqualTo(Json.mapper().valueToTree(RunState.empty()));
        assertThat(RunState.empty().toTree().properties()).as("defaults are left out").isEmpty();
        assertThat(Json.toTree(run)).as("Json.toTree uses the state's own tree").isEqualTo(run.toTree());
    }

    @Test
    void changingACopyLeavesTheOriginalUntouched() throws Exception {
        RunState run = filled(RunState.class);
        JsonNode before = Json.toTree(run);

        RunState copy = run.copy();
        StageRun stage = copy.stages.get("a");
        stage.status = StageStatus.FAILED;
        stage.tasks.getFirst().attempt++;
        stage.tasks.add(new TaskRun());
        stage.compensation.status = TaskRun.Status.FAILED;
        copy.stages.put("b", new StageRun());
        copy.completed.add("b");
        copy.finished.add("b");
        copy.event(new TimelineEvent(Instant.EPOCH, TimelineEvent.Kind.PAUSED, null, null, 0, null, null));

        assertThat(Json.toTree(run)).isEqualTo(before);
        assertThat(Json.toTree(copy)).isNotEqualTo(before);
    }

    private static <T> T filled(Class<T> type) throws Exception {
        T target = type.getDeclaredConstructor().newInstance();
        for (Field f : type.getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers()) || f.isSynthetic()) {
                continue;
            }
            f.setAccessible(true);
            f.set(target, valueFor(f));
        }
        return target;
    }

    private static Object valueFor(Field f) throws Exception {
        Class<?> t = f.getType();
        if (t == String.class) {
            return "value-of-" + f.getName();
        } else if (t == boolean.class) {
            return true;
        } else if (t == int.class) {
            return 7;
        } else if (t == long.class) {
            return 9L;
        } else if (t == Instant.class) {
            return Instant.parse("2026-01-02T03:04:05Z").plusSeconds(f.getName().length());
        } else if (t.isEnum()) {
            Object[] constants = t.getEnumConstants();
            return constants[constants.length - 1];
        } else if (JsonNode.class.isAssignableFrom(t)) {
            return Json.mapper().createObjectNode().put("field", f.getName());
        } else if (t == RunError.class) {
            return new RunError("a", "task-" + f.getName(), "Failure", "it failed");
        } else if (t == PipelineDefinition.class) {
            return PipelineDefinition.builder("copied", 3)
                    .single("a", Task.to("worker", Value.of("w-1"), "Step").with("n", Value.of(1))).build();
        } else if (t == TaskRun.class) {
            return filled(TaskRun.class);
        } else if (t == Map.class) {
            Map<String, StageRun> stages = new LinkedHashMap<>();
            stages.put("a", filled(StageRun.class));
            return stages;
        } else if (t == List.class) {
            return listFor(f);
        }
        throw new AssertionError("no test value for field " + f + "; add one so that the copy is checked");
    }

    private static List<?> listFor(Field f) throws Exception {
        return switch (f.getName()) {
            case "tasks" -> new ArrayList<>(List.of(filled(TaskRun.class), filled(TaskRun.class)));
            case "events" -> new ArrayList<>(List.of(Json.toTree(new TimelineEvent(Instant.EPOCH,
                    TimelineEvent.Kind.TASK_SENT, "a", "task-1", 2, Json.mapper().createObjectNode().put("n", 1), null))));
            case "completed", "finished" -> new ArrayList<>(List.of("a"));
            default -> throw new AssertionError("no test value for list " + f + "; add one so that the copy is checked");
        };
    }
}
