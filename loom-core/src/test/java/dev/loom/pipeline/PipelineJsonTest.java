package dev.loom.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loom.json.Json;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PipelineJsonTest {
    static PipelineDefinition everyKind() {
        Map<String, Task> branches = new LinkedHashMap<>();
        branches.put("fraud", Task.to("checker", "fraud", "Check").with("order", "/input/order"));
        branches.put("credit", Task.to("checker", "credit", "Check").with("order", "/input/order"));
        return PipelineDefinition.builder("every-kind", 3)
                .single("reserve", Task.to("inventory", Value.at("/input/warehouse"), "Reserve")
                                .with("sku", "/input/sku").with("count", Value.of(2)),
                        s -> s.retry(3, Duration.ofMillis(10)).timeout(Duration.ofSeconds(5)).breaker("stock")
                                .compensation(Task.to("inventory", Value.at("/input/warehouse"), "Release")
                                        .with("reservation", "/stages/reserve/output")))
                .scatter("pages", Value.at("/input/pages"), Task.to("ocr", Value.at("/item/id"), "Read")
                        .with("page", "/index"), 2, s -> s.after("reserve").when("/input/scan"))
                .broadcast("notify", "mailer", Value.of(java.util.List.of("a", "b")), "Notify",
                        Map.of("text", Value.of("hi")), s -> s.after("reserve"))
                .forkJoin("checks", branches, s -> s.after("reserve"))
                .gather("joined", GatherStage.Mode.N_OF_M, 2, s -> s.after("pages", "notify", "checks"))
                .approval("approve", ApprovalStage.OnTimeout.ESCALATE, Task.to("pager", "ops", "Page"),
                        s -> s.after("joined").timeout(Duration.ofHours(1)))
                .build();
    }

    @Test
    void everyKindSurvivesAJsonRoundTrip() {
        PipelineDefinition def = everyKind();
        String json = def.toJson();
        PipelineDefinition back = PipelineDefinition.fromJson(json);
        assertThat(back).isEqualTo(def);
        assertThat(Json.parse(json).path("stages").path(5).path("kind").asText()).isEqualTo("human-approval");
        assertThat(back.toJson()).isEqualTo(json);
    }
}
