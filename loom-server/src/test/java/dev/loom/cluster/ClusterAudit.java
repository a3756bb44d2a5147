package dev.loom.cluster;

import dev.loom.actor.ActorRef;
import dev.loom.actor.RetryPolicy;
import dev.loom.examples.account.Account;
import dev.loom.examples.account.PaymentGateway;
import dev.loom.examples.counter.Counter;
import dev.loom.json.Json;
import dev.loom.runtime.ActorState;
import dev.loom.runtime.Loom;
import dev.loom.runtime.ReplayStep;
import dev.loom.spi.DeadLetter;
import dev.loom.spi.DeadLetterQuery;
import dev.loom.spi.IdempotencyRecord;
import dev.loom.spi.JournalEntry;
import dev.loom.spi.QueueStats;
import dev.loom.spi.Store;
import java.nio.file.Path;
import org.assertj.core.api.SoftAssertions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads what a cluster run left in PostgreSQL and in the gateway ledger (after every queue drained) and lists every
 * violation, grouped by property. It trusts the clients' record only as "these keys were accepted".
 */
final class ClusterAudit {
    /**
     * What the audit found: one list of violations per property (empty when it holds), and figures.
     *
     * @param lost     accepted keys whose message was never committed
     * @param twice    journal gaps, a message or key committed twice, a key committed that no client sent
     * @param counters counters whose value is not their number of committed increments, or not the accepted count
     * @param payments withdrawals charged other than once, balances that do not add up
     * @param states   states that differ from snapshot + tail, from the state at the last seq or from a full replay
     * @param queues   messages still queued, dead letters
     * @param figures  what was audited
     */
    record Findings(List<String> lost, List<String> twice, List<String> counters, List<String> payments,
                    List<String> states, List<String> queues, String figures) {
        /** Every property, and the clients' own record (no unexpected answer, no key left unresolved). */
        void check(SoftAssertions soft, Load load) {
            soft.assertThat(load.unexpected).as("answers other than 202/200/503/504").isEmpty();
            soft.assertThat(load.unresolved).as("keys no node accepted within a minute of the stop").isEmpty();
            soft.assertThat(lost).as("accepted messages lost").isEmpty();
            soft.assertThat(twice).as("effects applied twice").isEmpty();
            soft.assertThat(counters).as("counters").isEmpty();
            soft.assertThat(payments).as("gateway charges and balances").isEmpty();
            soft.assertThat(states).as("state = snapshot + tail").isEmpty();
            soft.assertThat(queues).as("queues and dead letters").isEmpty();
        }
    }

    private final Store store;
    private final PaymentGateway gateway;
    private final Loom loom;
    private final Load load;
    private final Instant now = Instant.now();
    private final Map<String, JournalEntry> byMessageId = new HashMap<>();

    private final List<String> lost = new ArrayList<>();
    private final List<String> twice = new ArrayList<>();
    private final List<String> counters = new ArrayList<>();
    private final List<String> payments = new ArrayList<>();
    private final List<String> states = new ArrayList<>();
    private final List<String> queues = new ArrayList<>();

    private ClusterAudit(Store store, Path ledger, Load load) {
        this.store = store;
        this.gateway = PaymentGateway.withLedger(ledger);
        this.load = load;
        this.loom = Loom.builder().store(store).nodeId("auditor")
                .actor(Counter.type().withPolicies(RetryPolicy.DEFAULT, Cluster.SNAPSHOT_EVERY, true, null))
                .actor(Account.type(gateway).withPolicies(RetryPolicy.DEFAULT, Cluster.SNAPSHOT_EVERY, true, null))
                .build();
    }

    static Findings audit(Store store, Path ledger, Load load) {
        return new ClusterAudit(store, ledger, load).run();
    }

    private Findings run() {
        Set<ActorRef> actors = new LinkedHashSet<>(load.accepted.keySet());
        for (String type : List.of(Counter.NAME, Account.NAME)) {
            store.journal().actorIds(type, "", 100_000).forEach(id -> actors.add(ActorRef.of(type, id)));
        }
        long entries = 0;
        long paid = 0;
        Set<String> paidReferences = new HashSet<>();
        for (ActorRef a : actors) {
            List<JournalEntry> journal = journal(a);
            entries += journal.size();
            Set<String> keys = checkJournal(a, journal);
            Set<String> accepted = load.accepted.getOrDefault(a, Set.of());
            for (String key : accepted) {
                if (!keys.contains(key)) {
                    lost.add("accepted but never committed: " + a + " key " + key);
                }
            }
            for (String key : keys) {
                if (!accepted.contains(key) && !load.unresolved.contains(key) && !key.startsWith("fund-")) {
                    twice.add(a + " committed key " + key + " that no client had accepted or left unresolved");
                }
            }
            if (a.type().equals(Counter.NAME)) {
                long value = loom.state(a).as(Counter.Count.class).value();
                if (value != journal.size()) {
                    counters.add(a + " counts " + value + " after " + journal.size() + " committed increments");
                }
                if (load.unresolved.isEmpty() && value != accepted.size()) {
                    counters.add(a + " counts " + value + " but " + accepted.size() + " increments were accepted");
                }
            } else {
                paid += checkAccount(a, journal, paidReferences);
            }
            checkState(a);
        }
        Map<String, Integer> calls = gateway.callsPerKey();
        long repeatedKeys = calls.values().stream().filter(n -> n > 1).count();
        long repeatCalls = calls.values().stream().mapToLong(n -> n - 1).sum();
        for (PaymentGateway.Charge c : gateway.charges()) {
            if (!paidReferences.contains(c.reference())) {
                payments.add("charge without a committed, paid withdrawal: " + c);
            }
        }
        checkQueues();
        String figures = "actors " + actors.size() + ", journal entries " + entries + ", paid withdrawals " + paid
                + "; gateway: calls " + gateway.calls() + ", charges " + gateway.charges().size() + ", keys called more"
                + " than once " + repeatedKeys + " (" + repeatCalls + " repeated calls, each answered with the first"
                + " charge)";
        return new Findings(lost, twice, counters, payments, states, queues, figures);
    }

    private List<JournalEntry> journal(ActorRef a) {
        List<JournalEntry> entries = new ArrayList<>();
        for (long from = 1; ; ) {
            List<JournalEntry> page = store.journal().read(a, from, 5_000);
            entries.addAll(page);
            if (page.size() < 5_000) {
                return entries;
            }
            from = page.get(page.size() - 1).seq() + 1;
        }
    }

    /** Contiguity from seq 1 (journals are retained) and uniqueness; returns the committed keys. */
    private Set<String> checkJournal(ActorRef a, List<JournalEntry> journal) {
        Set<String> keys = new HashSet<>();
        long last = store.journal().lastSeq(a);
        if (journal.size() != last) {
            twice.add(a + ": " + journal.size() + " journal entries but last seq " + last);
        }
        for (int i = 0; i < journal.size(); i++) {
            JournalEntry e = journal.get(i);
            if (e.seq() != i + 1) {
                twice.add(a + ": journal not contiguous: entry " + (i + 1) + " has seq " + e.seq());
            }
            JournalEntry earlier = byMessageId.put(e.messageId(), e);
            if (earlier != null) {
                twice.add("message " + e.messageId() + " committed twice: " + earlier.actor() + "#" + earlier.seq()
                        + " and " + e.actor() + "#" + e.seq());
            }
            if (e.idempotencyKey() == null || !keys.add(e.idempotencyKey())) {
                twice.add(a + "#" + e.seq() + ": key " + e.idempotencyKey() + " missing or committed twice");
            }
        }
        return keys;
    }

    private long checkAccount(ActorRef a, List<JournalEntry> journal, Set<String> paidReferences) {
        long balance = 0;
        long withdrawals = 0;
        for (JournalEntry e : journal) {
            switch (e.messageType()) {
                case "Deposit" -> balance += Load.FUNDS;
                case "Withdraw" -> {
                    Optional<IdempotencyRecord> record = store.idempotency().find(a, e.idempotencyKey(), now);
                    if (record.isEmpty()) {
                        payments.add("withdrawal " + e.idempotencyKey() + " committed without its idempotency record");
                        continue;
                    }
                    Account.WithdrawResult result = Json.read(record.get().reply(), Account.WithdrawResult.class);
                    if (!result.ok()) {
                        payments.add("withdrawal " + e.idempotencyKey() + " refused: " + result.reason());
                        continue;
                    }
                    balance -= 1;
                    withdrawals++;
                    paidReferences.add(e.idempotencyKey());
                    List<PaymentGateway.Charge> charges = gateway.chargesFor(e.idempotencyKey());
                    if (charges.size() != 1) {
                        payments.add("withdrawal " + e.idempotencyKey() + " charged " + charges.size() + " times: " + charges);
                    } else if (!charges.get(0).chargeId().equals(result.chargeId())) {
                        payments.add("withdrawal " + e.idempotencyKey() + " replied charge " + result.chargeId()
                                + " but the gateway charged " + charges.get(0));
                    }
                }
                default -> payments.add("unexpected turn " + e.messageType() + " of " + a);
            }
        }
        Account.Balance state = loom.state(a).as(Account.Balance.class);
        if (state.balance() != balance || state.withdrawals() != withdrawals) {
            payments.add(a + " has " + state + " but its journal gives balance " + balance + " after " + withdrawals
                    + " withdrawals");
        }
        return withdrawals;
    }

    private void checkState(ActorRef a) {
        long last = store.journal().lastSeq(a);
        if (last == 0) {
            return;
        }
        Class<?> stateClass = a.type().equals(Counter.NAME) ? Counter.Count.class : Account.Balance.class;
        ActorState current = loom.state(a);
        Object folded = current.as(stateClass);
        if (current.seq() != last) {
            states.add(a + ": snapshot + tail is at seq " + current.seq() + ", the journal's last is " + last);
        }
        List<ReplayStep> steps = loom.replay(a, 1, last);
        Object fromScratch = Json.fromTree(steps.get(steps.size() - 1).state(), stateClass);
        if (!folded.equals(fromScratch)) {
            states.add(a + ": snapshot + tail gives " + folded + " but the whole journal gives " + fromScratch);
        }
        if (last >= Cluster.SNAPSHOT_EVERY && store.snapshots().latest(a).isEmpty()) {
            states.add(a + " committed " + last + " turns but has no snapshot");
        }
        store.snapshots().latest(a).ifPresent(s -> {
            Object snapshot = Json.read(s.state(), stateClass);
            Object replayed = Json.fromTree(steps.get((int) s.seq() - 1).state(), stateClass);
            if (!snapshot.equals(replayed)) {
                states.add(a + ": snapshot at seq " + s.seq() + " holds " + snapshot + " but the journal gives " + replayed);
            }
        });
    }

    private void checkQueues() {
        for (QueueStats s : store.messages().stats()) {
            if (s.depth() != 0) {
                queues.add("queue " + s.queue() + " still holds " + s.depth() + " messages");
            }
        }
        for (DeadLetter dl : store.deadLetters().list(DeadLetterQuery.all(100))) {
            queues.add("dead letter " + dl.actor() + " " + dl.message().messageType() + ": " + dl.error());
        }
    }
}
