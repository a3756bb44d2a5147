package dev.loom.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loom.examples.ExampleActors;
import dev.loom.examples.account.Account;
import dev.loom.server.LoomServer;
import dev.loom.testing.Http;
import dev.loom.testing.TestServers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A durable step's breaker on a real server over SQLite: configured in the environment, open during an outage of
 * the example payment gateway, seen in {@code /metrics}, {@code /metrics/circuit-breakers} and the admin API;
 * the withdrawals wait (no dead letter) and commit once the gateway is back and an operator resets the breaker.
 */
class StepBreakerServerTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String BREAKER = Account.GATEWAY_BREAKER;

    private static JsonNode breaker(JsonNode list) {
        return StreamSupport.stream(list.path("breakers").spliterator(), false)
                .filter(b -> b.path("name").asText().equals(BREAKER)).findFirst().orElseThrow(
                        () -> new AssertionError("no breaker " + BREAKER + " in " + list));
    }

    @Test
    void anOutageOpensTheNamedBreakerWithdrawalsWaitWithoutDeadLettersAndCommitAfterAReset(@TempDir Path dir) {
        try (LoomServer server = TestServers.sqlite(dir, Map.of(
                "LOOM_BREAKERS_NAMED_PAYMENT_GATEWAY_FAILURE_THRESHOLD", "3",
                "LOOM_BREAKERS_NAMED_PAYMENT_GATEWAY_SUCCESS_THRESHOLD", "1",
                "LOOM_BREAKERS_NAMED_PAYMENT_GATEWAY_OPEN_TIMEOUT", "1h"))) {
            Http http = new Http(server.port());
            assertThat(breaker(http.get("/metrics/circuit-breakers").json()).path("state").asText())
                    .as("a configured breaker exists before its first call").isEqualTo("CLOSED");
            ExampleActors.gateway().setAvailable(false);
            try {
                for (int i = 0; i < 4; i++) {
                    String path = "/api/actors/account/outage-" + i + "/messages";
                    assertThat(http.post(path, TestServers.WRITER, "{\"type\":\"Deposit\",\"payload\":{\"amount\":100}}")
                            .status()).isEqualTo(202);
                    assertThat(http.post(path, TestServers.WRITER,
                            "{\"type\":\"Withdraw\",\"payload\":{\"amount\":30,\"reference\":\"outage-" + i + "\"}}")
                            .status()).isEqualTo(202);
                }
                await().atMost(WAIT).until(() -> http.get("/metrics").body().contains(
                        "loom_messages_postponed_total{actor_type=\"account\",breaker=\"" + BREAKER + "\"}"));
                JsonNode open = breaker(http.get("/api/admin/circuit-breakers", TestServers.ADMIN).json());
                assertThat(open.path("state").asText()).isEqualTo("OPEN");
                assertThat(open.path("notPermittedCalls").asLong()).isPositive();
                String metrics = http.get("/metrics").body();
                assertThat(metrics).contains("resilience4j_circuitbreaker_state{name=\"" + BREAKER + "\",state=\"open\"} 1.0")
                        .contains("resilience4j_circuitbreaker_not_permitted_calls_total{kind=\"not_permitted\",name=\"" + BREAKER + "\"}");
                assertThat(http.get("/api/admin/dead-letters?limit=10", TestServers.ADMIN).json().path("total").asLong())
                        .as("no dead letter during the outage").isZero();
                assertThat(http.get("/health").json().path("status").asText()).as("an open step breaker degrades")
                        .isEqualTo("degraded");
            } finally {
                ExampleActors.gateway().setAvailable(true);
            }
            var reset = http.post("/api/admin/circuit-breakers/" + BREAKER + "/reset", TestServers.ADMIN, "");
            assertThat(reset.status()).isEqualTo(200);
            assertThat(reset.json().path("state").asText()).isEqualTo("CLOSED");
            // The open timeout is an hour: the reset is what lets the waiting withdrawals through.
            await().atMost(WAIT).until(() -> {
                for (int i = 0; i < 4; i++) {
                    JsonNode state = http.get("/api/actors/account/outage-" + i + "/state", TestServers.READER).json();
                    if (state.path("state").path("balance").asLong() != 70) {
                        return false;
                    }
                }
                return true;
            });
            assertThat(ExampleActors.gateway().charges().stream().filter(c -> c.reference().startsWith("outage-")))
                    .hasSize(4);
            assertThat(http.get("/api/admin/dead-letters?limit=10", TestServers.ADMIN).json().path("total").asLong()).isZero();
        }
    }
}
