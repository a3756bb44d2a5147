package dev.loom.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pipeline calls of the client against a real server running the example actors. */
class PipelineClientTest {
    static final String DEFINITION = """
            {"name": "client-payout", "version": 1, "stages": [
              {"kind": "single", "name": "credit", "task": {"actorType": "account", "actorId": {"pointer": "/input/account"},
               "messageType": "Deposit", "input": {"amount": {"literal": 5}}}},
              {"kind": "human-approval", "name": "review", "dependsOn": ["credit"]}]}""";

    @TempDir
    static Path dir;
    static RealServer server;
    static LoomClient admin;
    static PipelineClient pipelines;

    @BeforeAll
    static void start() {
        server = RealServer.start(dir);
        admin = server.client(RealServer.ADMIN);
        pipelines = admin.pipelines();
        assertThat(pipelines.register(DEFINITION).created()).isTrue();
    }

    @AfterAll
    static void stop() {
        admin.close();
        server.close();
    }

    static String startRun(String key) {
        return pipelines.start("client-payout", Map.of("account", "acc-" + Long.toHexString(System.nanoTime())), key);
    }

    static PipelineRun awaitStatus(String runId, String status) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> pipelines.run(runId), r -> r.status().equals(status));
    }

    @Test
    void definitionsAreRegisteredOnceAndInvalidOnesNameTheStageAndField() {
        PipelineRegistered again = pipelines.register(DEFINITION);
        assertThat(again.created()).isFalse();
        assertThat(again.definition().path("name").asText()).isEqualTo("client-payout");
        assertThat(pipelines.definitions()).anyMatch(d -> d.path("name").asText().equals("client-payout"));
        assertThat(pipelines.versions("client-payout")).hasSize(1);

        assertThatThrownBy(() -> pipelines.register(DEFINITION.replace("Deposit", "Nope")))
                .isInstanceOfSatisfying(BadRequestException.class, e -> {
                    assertThat(e.code()).isEqualTo("invalid_pipeline");
                    assertThat(e.field()).hasValue("stages[credit].task.messageType");
                });
        assertThatThrownBy(() -> pipelines.register(DEFINITION.replace("\"literal\": 5", "\"literal\": 6")))
                .isInstanceOfSatisfying(ConflictException.class, e ->
                        assertThat(e.code()).isEqualTo("pipeline_version_conflict"));
        assertThatThrownBy(() -> pipelines.versions("nope")).isInstanceOf(NotFoundException.class);
    }

    @Test
    void aRunIsStartedOncePerKeyPausedResumedAndApproved() {
        Instant before = Instant.now().minusSeconds(1);
        String id = startRun("client-order-1");
        assertThat(startRun("client-order-1")).isEqualTo(id);
        PipelineRun waiting = awaitStatus(id, "WAITING_APPROVAL");
        assertThat(waiting.waitingApprovals()).containsExactly("review");
        assertThat(waiting.stages().getFirst().tasks().getFirst().taskId()).startsWith(id + "/credit/");

        assertThat(pipelines.pause(id).status()).isEqualTo("PAUSED");
        assertThatThrownBy(() -> pipelines.pause(id)).isInstanceOfSatisfying(ConflictException.class, e ->
                assertThat(e.code()).isEqualTo("illegal_run_transition"));
        assertThat(pipelines.runs(new PipelineRunFilter("client-payout", "PAUSED", before, null), null, 10).runs())
                .extracting(PipelineRun::runId).containsExactly(id);
        assertThat(pipelines.resume(id).status()).isEqualTo("WAITING_APPROVAL");

        assertThat(pipelines.pauseAll("client-payout").runs()).contains(id);
        assertThat(pipelines.resumeAll("client-payout").runs()).contains(id);
        pipelines.approve(id, "review", "ann", "ok");
        PipelineRun done = awaitStatus(id, "SUCCEEDED");
        assertThat(done.ended()).isTrue();
        assertThat(pipelines.timeline(id).events()).extracting(PipelineTimeline.Event::kind)
                .contains("PAUSED", "RESUMED", "APPROVED", "RUN_ENDED");
        assertThat(pipelines.deadLetters(id, null)).isEmpty();
    }

    @Test
    void aRejectedRunIsRedrivenAndCancelled() {
        String id = startRun(null);
        awaitStatus(id, "WAITING_APPROVAL");
        assertThatThrownBy(() -> pipelines.redrive(id)).isInstanceOf(ConflictException.class);
        pipelines.reject(id, "review", "bob", null);
        PipelineRun rejected = await().atMost(Duration.ofSeconds(30)).until(() -> pipelines.run(id), PipelineRun::ended);
        assertThat(rejected.error().type()).isEqualTo("rejected");

        pipelines.redrive(id);
        awaitStatus(id, "WAITING_APPROVAL");
        pipelines.cancel(id, true);
        awaitStatus(id, "CANCELLED");
        assertThatThrownBy(() -> pipelines.cancel(id, false)).isInstanceOf(ConflictException.class);
    }

    @Test
    void pagesCoverEveryRunAndUnknownRunsAreNotFound() {
        for (int i = 0; i < 3; i++) {
            startRun(null);
        }
        PipelineRunFilter filter = new PipelineRunFilter("client-payout", null, null, null);
        int seen = 0;
        String after = null;
        do {
            PipelineRunPage page = pipelines.runs(filter, after, 2);
            seen += page.runs().size();
            after = page.next();
        } while (after != null);
        assertThat(seen).isGreaterThanOrEqualTo(3);
        assertThatThrownBy(() -> pipelines.run("nope")).isInstanceOfSatisfying(NotFoundException.class, e ->
                assertThat(e.code()).isEqualTo("unknown_pipeline_run"));
        assertThatThrownBy(() -> pipelines.runs(new PipelineRunFilter(null, "stuck", null, null), null, 10))
                .isInstanceOfSatisfying(BadRequestException.class, e -> assertThat(e.field()).hasValue("status"));
    }
}
