package dev.loom.examples.fulfilment;

import dev.loom.pipeline.PipelineDefinition;
import dev.loom.pipeline.Task;
import dev.loom.pipeline.Value;

/**
 * The {@code order-fulfilment} pipeline, a saga: reserve stock ({@link Inventory}) → charge the card
 * ({@link Payments}, a durable step to the gateway) → ship ({@link Shipping}). When a stage fails, the stages
 * that succeeded are undone in reverse order: the charge is refunded, then the stock released; the run ends
 * {@code COMPENSATED} with the failed stage's error.
 *
 * <p>Input: {@code {"orderId", "warehouse", "sku", "quantity", "customer", "amount", "card", "address"}}. Output of
 * the stages: {@code reserve} a {@link Inventory.Reservation}, {@code charge} a {@link Payments.Charged},
 * {@code ship} a {@link Shipping.Shipment}.
 */
public final class OrderFulfilment {
    public static final String NAME = "order-fulfilment";

    private OrderFulfilment() {
    }

    /** The definition (version 1). */
    public static PipelineDefinition definition() {
        return PipelineDefinition.builder(NAME, 1)
                .single("reserve", Task.to(Inventory.NAME, Value.at("/input/warehouse"), "Reserve")
                                .with("orderId", "/input/orderId").with("sku", "/input/sku")
                                .with("quantity", "/input/quantity"),
                        s -> s.compensation(Task.to(Inventory.NAME, Value.at("/input/warehouse"), "Release")
                                .with("orderId", "/input/orderId")))
                .single("charge", Task.to(Payments.NAME, Value.at("/input/customer"), "Charge")
                                .with("orderId", "/input/orderId").with("amount", "/input/amount")
                                .with("card", "/input/card"),
                        s -> s.after("reserve").compensation(Task.to(Payments.NAME, Value.at("/input/customer"), "Refund")
                                .with("orderId", "/input/orderId").with("chargeId", "/stages/charge/output/chargeId")))
                .single("ship", Task.to(Shipping.NAME, Value.of("carrier"), "Ship")
                                .with("orderId", "/input/orderId").with("sku", "/input/sku")
                                .with("quantity", "/input/quantity").with("address", "/input/address"),
                        s -> s.after("charge"))
                .build();
    }
}
