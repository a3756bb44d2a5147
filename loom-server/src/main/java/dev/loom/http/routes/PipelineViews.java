package dev.loom.http.routes;

import static dev.loom.http.routes.JsonViews.F;
import static dev.loom.http.routes.JsonViews.instant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loom.pipeline.DefinitionProblem;
import dev.loom.pipeline.RunError;
import dev.loom.pipeline.RunPage;
import dev.loom.pipeline.RunTimeline;
import dev.loom.pipeline.RunView;
import dev.loom.pipeline.StageView;
import dev.loom.pipeline.TaskView;
import dev.loom.pipeline.TimelineEvent;
import java.util.List;

/** The JSON shapes of pipeline runs, their stages, tasks and timelines (schemas in {@link ApiSchemas}). */
final class PipelineViews {
    private PipelineViews() {
    }

    static ObjectNode run(RunView r) {
        ObjectNode n = F.objectNode();
        n.put("runId", r.runId());
        n.put("pipeline", r.pipeline());
        n.put("version", r.version());
        n.put("status", r.status().name());
        n.set("input", orNull(r.input()));
        n.put("startedAt", instant(r.startedAt()));
        n.put("updatedAt", instant(r.updatedAt()));
        n.put("endedAt", instant(r.endedAt()));
        n.set("error", error(r.error()));
        ArrayNode waiting = n.putArray("waitingApprovals");
        r.waitingApprovals().forEach(waiting::add);
        n.set("stages", stages(r.stages()));
        return n;
    }

    static ObjectNode page(RunPage page) {
        ObjectNode n = F.objectNode();
        ArrayNode runs = n.putArray("runs");
        page.runs().forEach(r -> runs.add(run(r)));
        n.put("next", page.nextCursor());
        return n;
    }

    static ObjectNode timeline(RunTimeline t) {
        ObjectNode n = F.objectNode();
        n.put("runId", t.runId());
        n.put("status", t.status().name());
        n.set("stages", stages(t.stages()));
        ArrayNode events = n.putArray("events");
        t.events().forEach(e -> events.add(event(e)));
        n.put("droppedEvents", t.droppedEvents());
        return n;
    }

    static ArrayNode problems(List<DefinitionProblem> problems) {
        ArrayNode arr = F.arrayNode();
        problems.forEach(p -> arr.addObject().put("stage", p.stage()).put("field", p.field()).put("message", p.message()));
        return arr;
    }

    private static ArrayNode stages(List<StageView> stages) {
        ArrayNode arr = F.arrayNode();
        for (StageView s : stages) {
            ObjectNode n = arr.addObject();
            n.put("name", s.name());
            n.put("kind", s.kind());
            n.put("status", s.status().name());
            ArrayNode deps = n.putArray("dependsOn");
            s.dependsOn().forEach(deps::add);
            n.put("attempts", s.attempts());
            n.put("startedAt", instant(s.startedAt()));
            n.put("endedAt", instant(s.endedAt()));
            n.set("output", orNull(s.output()));
            n.set("error", error(s.error()));
            ArrayNode tasks = n.putArray("tasks");
            s.tasks().forEach(t -> tasks.add(task(t)));
        }
        return arr;
    }

    private static ObjectNode task(TaskView t) {
        ObjectNode n = F.objectNode();
        n.put("taskId", t.taskId());
        n.put("index", t.index());
        n.put("target", t.target());
        n.put("attempt", t.attempt());
        n.put("status", t.status());
        n.put("sentAt", instant(t.sentAt()));
        n.put("endedAt", instant(t.endedAt()));
        n.set("result", orNull(t.result()));
        n.set("error", error(t.error()));
        return n;
    }

    private static ObjectNode event(TimelineEvent e) {
        ObjectNode n = F.objectNode();
        n.put("at", instant(e.at()));
        n.put("kind", e.kind().name());
        n.put("stage", e.stage());
        n.put("taskId", e.taskId());
        n.put("attempt", e.attempt());
        n.set("detail", orNull(e.detail()));
        n.set("error", error(e.error()));
        return n;
    }

    private static JsonNode error(RunError e) {
        if (e == null) {
            return F.nullNode();
        }
        return F.objectNode().put("stage", e.stage()).put("taskId", e.taskId()).put("type", e.type())
                .put("message", e.message());
    }

    private static JsonNode orNull(JsonNode n) {
        return n == null ? F.nullNode() : n;
    }
}
