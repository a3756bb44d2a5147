package dev.loom.examples.documents;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loom.actor.ActorRef;
import dev.loom.examples.ExampleNode;
import dev.loom.json.Json;
import dev.loom.pipeline.RunStatus;
import dev.loom.pipeline.RunView;
import dev.loom.pipeline.StageView;
import dev.loom.pipeline.TimelineEvent;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Document processing: pages scattered within the concurrency limit, gathered with the registration, summarised. */
class DocumentProcessingTest {
    private final ExampleNode node = new ExampleNode(List.of(DocumentProcessing.definition()));

    @AfterEach
    void stop() {
        node.close();
    }

    static ObjectNode document(String id, List<String> pages) {
        ObjectNode input = Json.mapper().createObjectNode().put("documentId", id).put("title", "Report " + id);
        ArrayNode array = input.putArray("pages");
        for (int i = 0; i < pages.size(); i++) {
            array.addObject().put("page", id + "-p" + i).put("text", pages.get(i));
        }
        return input;
    }

    private static StageView stage(RunView run, String name) {
        return run.stages().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void everyPageIsReadOnceWithinTheLimitThenGatheredAndSummarised() {
        List<String> pages = IntStream.range(0, 10).mapToObj(i -> "page " + i + " of the quarterly report"
                + " extraordinarily".repeat(i == 7 ? 1 : 0)).toList();
        String runId = node.loom.pipelines().start(DocumentProcessing.NAME, document("d1", pages), "d1");

        RunView run = node.awaitEnd(runId);

        assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(stage(run, "read").tasks()).hasSize(10)
                .allSatisfy(t -> assertThat(t.attempt()).isEqualTo(1));
        assertThat(stage(run, "read").output()).extracting(n -> n.path("index").asInt())
                .containsExactlyElementsOf(IntStream.range(0, 10).boxed().toList());
        assertThat(stage(run, "collect").output().fieldNames()).toIterable().containsExactlyInAnyOrder("register", "read");
        Documents.Summary summary = Json.fromTree(stage(run, "summarise").output(), Documents.Summary.class);
        assertThat(summary).isEqualTo(new Documents.Summary("Report d1", 10, 10 * 6 + 1, "extraordinarily"));
        assertThat(node.loom.state(ActorRef.of(Documents.NAME, "d1")).as(Documents.Document.class).summary())
                .isEqualTo(summary);
        for (int i = 0; i < 10; i++) {
            assertThat(node.loom.state(ActorRef.of(PageReader.NAME, "d1-p" + i)).as(PageReader.Reads.class).reads())
                    .isEqualTo(1);
        }
        assertThat(maxInFlight(runId)).isEqualTo(DocumentProcessing.CONCURRENCY);
    }

    @Test
    void aDocumentWithoutPagesIsSummarisedAtOnce() {
        String runId = node.loom.pipelines().start(DocumentProcessing.NAME, document("empty", List.of()), null);

        RunView run = node.awaitEnd(runId);

        assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(stage(run, "read").tasks()).isEmpty();
        assertThat(Json.fromTree(stage(run, "summarise").output(), Documents.Summary.class))
                .isEqualTo(new Documents.Summary("Report empty", 0, 0, ""));
    }

    /** The most page tasks sent and not yet answered at any point of the run's timeline. */
    private int maxInFlight(String runId) {
        int inFlight = 0;
        int max = 0;
        for (TimelineEvent e : node.loom.pipelines().timeline(runId).events()) {
            if (!"read".equals(e.stage())) {
                continue;
            }
            if (e.kind() == TimelineEvent.Kind.TASK_SENT) {
                max = Math.max(max, ++inFlight);
            } else if (e.kind() == TimelineEvent.Kind.TASK_SUCCEEDED || e.kind() == TimelineEvent.Kind.TASK_FAILED) {
                inFlight--;
            }
        }
        return max;
    }
}
