package dev.loom.examples.fulfilment;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loom.actor.ActorRef;
import dev.loom.examples.ExampleNode;
import dev.loom.json.Json;
import dev.loom.pipeline.RunStatus;
import dev.loom.pipeline.RunView;
import dev.loom.pipeline.StageStatus;
import dev.loom.pipeline.StageView;
import dev.loom.pipeline.TimelineEvent;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The order fulfilment saga: its success, and each failure undone in reverse order, exactly once. */
class OrderFulfilmentTest {
    private static final ActorRef WAREHOUSE = ActorRef.of(Inventory.NAME, "berlin");
    private ExampleNode node;

    @BeforeEach
    void start() {
        node = new ExampleNode(List.of(OrderFulfilment.definition()));
        node.loom.ask(WAREHOUSE, new Inventory.Restock("sku-1", 10), Duration.ofSeconds(5));
    }

    @AfterEach
    void stop() {
        node.close();
    }

    static ObjectNode order(String orderId, long quantity, String card, String address) {
        return Json.mapper().createObjectNode().put("orderId", orderId).put("warehouse", WAREHOUSE.id())
                .put("sku", "sku-1").put("quantity", quantity).put("customer", "alice").put("amount", 4200)
                .put("card", card).put("address", address);
    }

    private Inventory.Stock stock() {
        return node.loom.state(WAREHOUSE).as(Inventory.Stock.class);
    }

    private static StageView stage(RunView run, String name) {
        return run.stages().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    private List<String> compensationsSent(String runId) {
        return node.loom.pipelines().timeline(runId).events().stream()
                .filter(e -> e.kind() == TimelineEvent.Kind.COMPENSATION_SENT).map(TimelineEvent::stage).toList();
    }

    @Test
    void anOrderIsReservedChargedOnceAndShipped() {
        String runId = node.loom.pipelines().start(OrderFulfilment.NAME, order("o-1", 2, "4242", "1 Main St"), "o-1");
        assertThat(node.loom.pipelines().start(OrderFulfilment.NAME, order("o-1", 2, "4242", "1 Main St"), "o-1"))
                .as("starting again with the order's key is the same run").isEqualTo(runId);

        RunView run = node.awaitEnd(runId);

        assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(stage(run, "charge").output().path("chargeId").asText())
                .isEqualTo(node.gateway.chargesFor("o-1").getFirst().chargeId());
        assertThat(stage(run, "ship").output().path("trackingId").asText()).isEqualTo("carrier-1");
        assertThat(node.gateway.chargesFor("o-1")).extracting(c -> c.amount()).containsExactly(4200L);
        assertThat(node.gateway.refunds()).isEmpty();
        assertThat(stock().available()).containsEntry("sku-1", 8L);
        assertThat(stock().reservations()).containsKey("o-1");
        assertThat(compensationsSent(runId)).isEmpty();
    }

    @Test
    void aDeclinedCardReleasesTheStockOnceAndChargesNothing() {
        String runId = node.loom.pipelines().start(OrderFulfilment.NAME,
                order("o-2", 3, Payments.DECLINED_CARD, "1 Main St"), "o-2");

        RunView run = node.awaitEnd(runId);

        assertThat(run.status()).isEqualTo(RunStatus.COMPENSATED);
        assertThat(run.error().stage()).isEqualTo("charge");
        assertThat(run.error().type()).isEqualTo(PaymentDeclinedException.class.getName());
        assertThat(stage(run, "reserve").status()).isEqualTo(StageStatus.COMPENSATED);
        assertThat(stage(run, "charge").status()).isEqualTo(StageStatus.FAILED);
        assertThat(stage(run, "ship").status()).isEqualTo(StageStatus.PENDING);
        assertThat(compensationsSent(runId)).containsExactly("reserve");
        assertThat(node.gateway.calls()).isZero();
        assertThat(stock().available()).containsEntry("sku-1", 10L);
        assertThat(stock().reservations()).isEmpty();
        assertThat(stock().reserved()).isEqualTo(1);
        assertThat(stock().released()).isEqualTo(1);
    }

    @Test
    void aFailedShipmentRefundsThenReleasesInReverseOrderEachOnce() {
        String runId = node.loom.pipelines().start(OrderFulfilment.NAME,
                order("o-3", 1, "4242", Shipping.NOWHERE), "o-3");

        RunView run = node.awaitEnd(runId);

        assertThat(run.status()).isEqualTo(RunStatus.COMPENSATED);
        assertThat(run.error().stage()).isEqualTo("ship");
        assertThat(run.error().type()).isEqualTo(UndeliverableException.class.getName());
        assertThat(compensationsSent(runId)).containsExactly("charge", "reserve");
        assertThat(stage(run, "charge").status()).isEqualTo(StageStatus.COMPENSATED);
        assertThat(stage(run, "reserve").status()).isEqualTo(StageStatus.COMPENSATED);
        assertThat(node.gateway.chargesFor("o-3")).hasSize(1);
        assertThat(node.gateway.refundsFor("o-3")).singleElement()
                .satisfies(r -> assertThat(r.chargeId()).isEqualTo(node.gateway.chargesFor("o-3").getFirst().chargeId()));
        assertThat(stock().available()).containsEntry("sku-1", 10L);
        assertThat(stock().released()).isEqualTo(1);
        assertThat(node.loom.state(ActorRef.of(Payments.NAME, "alice")).as(Payments.Ledger.class))
                .isEqualTo(new Payments.Ledger(1, 1));
    }

    @Test
    void anOrderBeyondTheStockFailsAtTheFirstStageWithNothingToUndo() {
        String runId = node.loom.pipelines().start(OrderFulfilment.NAME, order("o-4", 11, "4242", "1 Main St"), "o-4");

        RunView run = node.awaitEnd(runId);

        assertThat(run.status()).isEqualTo(RunStatus.COMPENSATED);
        assertThat(run.error().stage()).isEqualTo("reserve");
        assertThat(run.error().message()).contains("wants 11 of sku-1 but 10 are available");
        assertThat(compensationsSent(runId)).isEmpty();
        assertThat(node.gateway.calls()).isZero();
        assertThat(stock().reserved()).isZero();
    }
}
