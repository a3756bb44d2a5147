package dev.loom.store.sqlite.crash;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loom.actor.ActorRef;
import dev.loom.actor.ActorType;
import dev.loom.examples.account.PaymentGateway;
import dev.loom.examples.documents.DocumentProcessing;
import dev.loom.examples.documents.Documents;
import dev.loom.examples.documents.PageReader;
import dev.loom.examples.fulfilment.Inventory;
import dev.loom.examples.fulfilment.OrderFulfilment;
import dev.loom.examples.fulfilment.Payments;
import dev.loom.examples.fulfilment.Shipping;
import dev.loom.json.Json;
import dev.loom.runtime.Loom;
import dev.loom.runtime.LoomBuilder;
import dev.loom.spi.Store;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The pipeline crash test's workload, shared by the child JVM that runs it and the test JVM that audits the file:
 * the example pipelines' actor types (whole journals kept, so the audit reads every task's turn), the node, and a
 * fixed plan of runs. Every run is started with an idempotency key, so each child simply starts the whole plan
 * again: what an earlier child started is not started twice.
 */
final class PipelineWorkload {
    static final int ORDERS = 200;
    static final int DOCUMENTS = 40;
    /** Runs a child of round {@code r} starts at most: the first {@code r} times this many of the plan. */
    static final int RUNS_PER_ROUND = 24;
    static final int WAREHOUSES = 4;
    static final String SKU = "sku-1";
    static final long STOCK = 1_000_000;

    /** What an order of the plan is meant to end as. */
    enum Fate { SHIPPED, DECLINED, UNDELIVERABLE }

    private PipelineWorkload() {
    }

    static Fate fate(int order) {
        return switch (order % 5) {
            case 1 -> Fate.DECLINED;
            case 2 -> Fate.UNDELIVERABLE;
            default -> Fate.SHIPPED;
        };
    }

    static String orderId(int order) {
        return "o-" + order;
    }

    static long quantity(int order) {
        return 1 + order % 3;
    }

    static ActorRef warehouse(int order) {
        return ActorRef.of(Inventory.NAME, "wh-" + order % WAREHOUSES);
    }

    static List<ActorRef> warehouses() {
        return IntStream.range(0, WAREHOUSES).mapToObj(w -> ActorRef.of(Inventory.NAME, "wh-" + w)).toList();
    }

    static ObjectNode orderInput(int order) {
        Fate f = fate(order);
        return Json.mapper().createObjectNode().put("orderId", orderId(order)).put("warehouse", warehouse(order).id())
                .put("sku", SKU).put("quantity", quantity(order)).put("customer", "cust-" + order % 7)
                .put("amount", 1000 + order)
                .put("card", f == Fate.DECLINED ? Payments.DECLINED_CARD : "4242-4242-4242-4242")
                .put("address", f == Fate.UNDELIVERABLE ? Shipping.NOWHERE : order + " Main St");
    }

    static String documentId(int doc) {
        return "doc-" + doc;
    }

    static int pages(int doc) {
        return 3 + doc % 6;
    }

    static String pageId(int doc, int page) {
        return documentId(doc) + "-p" + page;
    }

    static ObjectNode documentInput(int doc) {
        ObjectNode input = Json.mapper().createObjectNode().put("documentId", documentId(doc))
                .put("title", "Document " + doc);
        ArrayNode pages = input.putArray("pages");
        for (int p = 0; p < pages(doc); p++) {
            pages.addObject().put("page", pageId(doc, p)).put("text", "page " + p + " of document " + doc);
        }
        return input;
    }

    /** The example types the pipelines call, keeping their whole journals. */
    static List<ActorType<?, ?>> types(PaymentGateway gateway) {
        return List.of(
                Inventory.type().withPolicies(Inventory.RETRY, 1000, true, null),
                Payments.type(gateway).withPolicies(Payments.RETRY, 1000, true, null),
                Shipping.type().withPolicies(Shipping.type().retry(), 1000, true, null),
                PageReader.type().withPolicies(PageReader.type().retry(), 1000, true, null),
                Documents.type().withPolicies(Documents.type().retry(), 1000, true, null));
    }

    /** A node of the workload over {@code store} with both pipelines, not started. */
    static Loom node(Store store, PaymentGateway gateway) {
        LoomBuilder b = Loom.builder().store(store).nodeId(Workload.NODE_ID).leaseTtl(Workload.LEASE_TTL)
                .pollInterval(Duration.ofMillis(50)).timerInterval(Duration.ofMillis(20))
                .drainTimeout(Duration.ofSeconds(10))
                .pipeline(OrderFulfilment.definition()).pipeline(DocumentProcessing.definition());
        types(gateway).forEach(b::actor);
        return b.build();
    }
}
