package dev.loom.examples.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ledger gateway de-duplicates by key across every gateway sharing its file, not only within one. */
class PaymentGatewayTest {
    @TempDir
    Path dir;

    @Test
    void aKeyChargedThroughOneGatewayIsNotChargedAgainThroughAnotherOnTheSameLedger() {
        Path ledger = dir.resolve("ledger.tsv");
        PaymentGateway paused = PaymentGateway.withLedger(ledger);
        PaymentGateway takeover = PaymentGateway.withLedger(ledger);

        String first = takeover.charge("account/a/m1/0", "w-1", 10);
        String late = paused.charge("account/a/m1/0", "w-1", 10);

        assertThat(late).as("the late call gets the first charge").isEqualTo(first);
        assertThat(paused.charges()).hasSize(1);
        assertThat(takeover.charges()).as("each gateway sees the other's calls").hasSize(1);
        assertThat(takeover.callsPerKey()).isEqualTo(Map.of("account/a/m1/0", 2));
        assertThat(PaymentGateway.withLedger(ledger).calls()).isEqualTo(2);
    }

    @Test
    void concurrentCallersOnOneLedgerChargeEachKeyOnce() throws Exception {
        Path ledger = dir.resolve("ledger.tsv");
        List<PaymentGateway> gateways = List.of(PaymentGateway.withLedger(ledger), PaymentGateway.withLedger(ledger),
                PaymentGateway.withLedger(ledger));
        List<String> ids = new CopyOnWriteArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (PaymentGateway g : gateways) {
            threads.add(Thread.startVirtualThread(() -> {
                for (int k = 0; k < 50; k++) {
                    ids.add(g.charge("key-" + k, "ref-" + k, k + 1));
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        PaymentGateway reopened = PaymentGateway.withLedger(ledger);
        assertThat(reopened.charges()).hasSize(50);
        assertThat(reopened.calls()).isEqualTo(150);
        assertThat(reopened.callsPerKey().values()).containsOnly(3);
        assertThat(ids.stream().distinct()).hasSize(50);
    }

    @Test
    void aLineLeftHalfWrittenByAKilledProcessChargesNothingAndIsCutOff() throws Exception {
        Path ledger = dir.resolve("ledger.tsv");
        PaymentGateway.withLedger(ledger).charge("k1", "w-1", 5);
        Files.writeString(ledger, "new\tch_2\tk2\tw-2\t1", StandardCharsets.UTF_8, StandardOpenOption.APPEND);

        PaymentGateway g = PaymentGateway.withLedger(ledger);
        assertThat(g.byKey("k2")).as("the half-written call").isEmpty();
        String id = g.charge("k2", "w-2", 7);

        PaymentGateway reopened = PaymentGateway.withLedger(ledger);
        assertThat(reopened.byKey("k2")).hasValueSatisfying(c -> {
            assertThat(c.chargeId()).isEqualTo(id);
            assertThat(c.amount()).isEqualTo(7);
        });
        assertThat(reopened.charges()).hasSize(2);
        assertThat(Files.readAllLines(ledger)).hasSize(2);
    }
}
