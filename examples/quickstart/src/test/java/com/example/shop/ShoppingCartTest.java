package com.example.shop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.example.shop.ShoppingCart.AddItem;
import com.example.shop.ShoppingCart.Cart;
import com.example.shop.ShoppingCart.CartMsg;
import com.example.shop.ShoppingCart.Line;
import com.example.shop.ShoppingCart.Receipt;
import dev.loom.testkit.Effect;
import dev.loom.testkit.HandlerTestKit;
import dev.loom.testkit.Step;
import dev.loom.testkit.TurnResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The cart's handler, turn by turn, with Loom's test kit: no server, no store, no waiting for timers. */
class ShoppingCartTest {
    private static final Instant NOON = Instant.parse("2025-06-01T12:00:00Z");

    private final List<String> charges = new ArrayList<>();
    private final HandlerTestKit<Cart, CartMsg> kit = HandlerTestKit.of(ShoppingCart.type((key, amount) -> {
        charges.add(key + " " + amount);
        return "ch_test";
    })).withId("alice").at(NOON);

    private final Cart twoMugs = new Cart(List.of(new Line("mug", 2, 1250)), 3, 0);

    @Test
    void addingAnItemRepliesWithTheCartAndArmsTheAbandonTimer() {
        TurnResult.Committed<Cart> turn = kit.given(twoMugs).seq(4).when(new AddItem("tea", 1, 800)).committed();

        Cart expected = new Cart(List.of(new Line("mug", 2, 1250), new Line("tea", 1, 800)), 4, 0);
        assertEquals(expected, turn.state());
        assertEquals(3300, turn.state().totalCents());
        assertEquals(expected, turn.replyAs(Cart.class).orElseThrow());
        assertEquals(List.of(new Effect.Timer(NOON.plus(ShoppingCart.ABANDON_AFTER), new ShoppingCart.Abandon(4))),
                turn.timers());
    }

    @Test
    void theLatestAbandonTimerEmptiesTheCartAndAnOlderOneDoesNot() {
        assertEquals(List.of(), kit.given(twoMugs).when(new ShoppingCart.Abandon(3)).committed().state().lines());
        assertEquals(twoMugs, kit.given(twoMugs).when(new ShoppingCart.Abandon(2)).committed().state());
    }

    @Test
    void checkoutChargesTheTotalOnceInADurableStepKeyedForThePaymentProvider() {
        TurnResult.Committed<Cart> turn = kit.given(twoMugs).withMessageId("m-7").when(new ShoppingCart.Checkout())
                .committed();

        assertEquals(List.of("cart/alice/m-7/0 2500"), charges);
        assertEquals(List.of(new Step(0, "charge", "cart/alice/m-7/0", "ch_test", Step.Source.RAN)), turn.steps());
        assertEquals(new Receipt(true, "ch_test", 2500, null), turn.replyAs(Receipt.class).orElseThrow());
        assertEquals(new Cart(List.of(), 1, 1), turn.state());
    }

    @Test
    void aCheckoutReRunAfterACrashUsesTheRecordedChargeAndChargesNothing() {
        TurnResult.Committed<Cart> rerun = kit.given(twoMugs).attempt(2).recordedStep("charge", "ch_first")
                .when(new ShoppingCart.Checkout()).committed();

        assertEquals(List.of(), charges);
        assertEquals("ch_first", rerun.replyAs(Receipt.class).orElseThrow().chargeId());
    }

    @Test
    void anEmptyCartIsNotCharged() {
        TurnResult.Committed<Cart> turn = kit.when(new ShoppingCart.Checkout()).committed();

        assertEquals(new Receipt(false, null, 0, "the cart is empty"), turn.replyAs(Receipt.class).orElseThrow());
        assertTrue(turn.steps().isEmpty());
        assertTrue(charges.isEmpty());
    }

    @Test
    void aBadItemFailsTheMessageWhichTheRuntimeRetries() {
        TurnResult.Failed<Cart> failed = kit.given(twoMugs).when(new AddItem("mug", 0, 1250)).failed();

        assertInstanceOf(IllegalArgumentException.class, failed.error());
        assertInstanceOf(TurnResult.Disposition.Retry.class, failed.disposition());
    }
}
