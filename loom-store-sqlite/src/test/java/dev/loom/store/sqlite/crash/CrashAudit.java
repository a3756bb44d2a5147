package dev.loom.store.sqlite.crash;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loom.actor.ActorRef;
import dev.loom.actor.ActorType;
import dev.loom.examples.account.Account;
import dev.loom.examples.account.PaymentGateway;
import dev.loom.examples.counter.Counter;
import dev.loom.examples.email.EmailSender;
import dev.loom.examples.email.EmailTransport;
import dev.loom.json.Json;
import dev.loom.runtime.ActorState;
import dev.loom.runtime.Loom;
import dev.loom.runtime.ReplayStep;
import dev.loom.spi.DeadLetter;
import dev.loom.spi.DeadLetterQuery;
import dev.loom.spi.IdempotencyRecord;
import dev.loom.spi.JournalEntry;
import dev.loom.spi.QueueStats;
import dev.loom.spi.Snapshot;
import dev.loom.spi.Store;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads a store file the crash test left behind (after the final drain) and lists every violation of the
 * crash-safety properties, grouped by property. It trusts nothing the child said except the accepted log,
 * and that only as "these sends returned".
 */
final class CrashAudit {
    /**
     * What the audit found: one list of violations per property (empty when it holds), plus figures.
     *
     * @param lost     accepted messages neither committed nor dead-lettered
     * @param twice    a turn's effects twice: gaps or repeats in a journal, a message or key committed twice
     * @param payments charges the gateway made that do not match committed, paid withdrawals; account balances
     * @param counters counters whose value is not their number of committed keys
     * @param emails   emails committed though their transport fails them, or dead-lettered though it does not
     * @param states   states that differ from the fold of snapshot and journal, or from a fold from scratch
     * @param queues   messages still queued after the drain; dead letters of types that never fail
     * @param figures  what was audited, for the test output
     */
    record Findings(List<String> lost, List<String> twice, List<String> payments, List<String> counters,
                    List<String> emails, List<String> states, List<String> queues, String figures) {
    }

    private final Store store;
    private final PaymentGateway gateway;
    private final EmailTransport transport = Workload.transport();
    private final Loom loom;
    private final Instant now = Instant.now();

    private final Map<ActorRef, List<JournalEntry>> journals = new LinkedHashMap<>();
    private final Map<String, JournalEntry> journaledIds = new HashMap<>();
    private final Map<ActorRef, Set<String>> journaledKeys = new HashMap<>();
    private final Map<String, DeadLetter> deadLetters = new HashMap<>();

    private final List<String> lost = new ArrayList<>();
    private final List<String> twice = new ArrayList<>();
    private final List<String> payments = new ArrayList<>();
    private final List<String> counters = new ArrayList<>();
    private final List<String> emails = new ArrayList<>();
    private final List<String> states = new ArrayList<>();
    private final List<String> queues = new ArrayList<>();

    private CrashAudit(Store store, Path dir) {
        this.store = store;
        this.gateway = PaymentGateway.withLedger(Workload.ledger(dir));
        this.loom = Workload.node(store, gateway, transport);
    }

    /** Audits {@code store} (not modified) against the accepted log and the gateway ledger in {@code dir}. */
    static Findings audit(Store store, Path dir, List<AcceptedSend> accepted) {
        return new CrashAudit(store, dir).run(accepted);
    }

    private Findings run(List<AcceptedSend> accepted) {
        readJournals();
        readDeadLetters();
        checkAccepted(accepted);
        Set<String> paidReferences = new HashSet<>();
        for (ActorRef a : journals.keySet()) {
            switch (a.type()) {
                case Counter.NAME -> checkCounter(a);
                case Account.NAME -> checkAccount(a, paidReferences);
                case EmailSender.NAME -> checkEmailSender(a);
                default -> states.add("journal of an actor the workload never addressed: " + a);
            }
            checkState(a);
        }
        checkCharges(paidReferences);
        checkQueues();
        long entries = journals.values().stream().mapToLong(List::size).sum();
        String figures = "accepted (logged) " + accepted.size() + ", journal entries " + entries + " of "
                + journals.size() + " actors (last seqs " + lastSeqs() + "), dead letters " + deadLetters.size()
                + ", gateway charges " + gateway.charges().size() + " (calls " + gateway.calls() + ")";
        return new Findings(lost, twice, payments, counters, emails, states, queues, figures);
    }

    // ---- evidence --------------------------------------------------------------------------------------

    private void readJournals() {
        Set<ActorRef> actors = new LinkedHashSet<>(Workload.allActors());
        for (String type : List.of(Counter.NAME, Account.NAME, EmailSender.NAME)) {
            store.journal().actorIds(type, "", 10_000).forEach(id -> actors.add(ActorRef.of(type, id)));
        }
        for (ActorRef a : actors) {
            List<JournalEntry> entries = new ArrayList<>();
            for (long from = 1; ; ) {
                List<JournalEntry> page = store.journal().read(a, from, 5_000);
                entries.addAll(page);
                if (page.size() < 5_000) {
                    break;
                }
                from = page.get(page.size() - 1).seq() + 1;
            }
            journals.put(a, entries);
            checkContiguous(a, entries);
            Set<String> keys = journaledKeys.computeIfAbsent(a, k -> new HashSet<>());
            for (JournalEntry e : entries) {
                JournalEntry earlier = journaledIds.put(e.messageId(), e);
                if (earlier != null) {
                    twice.add("message " + e.messageId() + " committed twice: " + describe(earlier) + " and " + describe(e));
                }
                if (e.idempotencyKey() == null) {
                    twice.add("journal entry without the idempotency key every workload send carries: " + describe(e));
                } else if (!keys.add(e.idempotencyKey())) {
                    twice.add("key " + e.idempotencyKey() + " committed twice in the journal of " + a);
                }
            }
        }
    }

    private void checkContiguous(ActorRef a, List<JournalEntry> entries) {
        long first = store.journal().firstSeq(a);
        long last = store.journal().lastSeq(a);
        boolean trims = !type(a).retainJournal();
        if (entries.isEmpty()) {
            if (last > 0 && store.snapshots().latest(a).map(Snapshot::seq).orElse(0L) != last) {
                twice.add(a + " has last seq " + last + " but no journal entries and no snapshot at " + last);
            }
            return;
        }
        if (entries.get(0).seq() != first || entries.get(entries.size() - 1).seq() != last) {
            twice.add(a + ": entries run " + entries.get(0).seq() + ".." + entries.get(entries.size() - 1).seq()
                    + " but the store says firstSeq " + first + ", lastSeq " + last);
        }
        for (int i = 1; i < entries.size(); i++) {
            if (entries.get(i).seq() != entries.get(i - 1).seq() + 1) {
                twice.add(a + ": journal seqs not contiguous: " + entries.get(i - 1).seq() + " then " + entries.get(i).seq());
            }
        }
        if (!trims && first != 1) {
            twice.add(a + " retains its journal but it starts at seq " + first);
        }
        long snap = store.snapshots().latest(a).map(Snapshot::seq).orElse(0L);
        if (first > 1 && snap < first - 1) {
            twice.add(a + ": journal trimmed to start at " + first + " but the latest snapshot is at " + snap);
        }
    }

    private void readDeadLetters() {
        DeadLetterQuery q = DeadLetterQuery.all(1_000);
        while (true) {
            List<DeadLetter> page = store.deadLetters().list(q);
            for (DeadLetter dl : page) {
                String id = dl.message().messageId();
                if (deadLetters.put(id, dl) != null) {
                    twice.add("message " + id + " dead-lettered twice");
                }
                if (journaledIds.containsKey(id)) {
                    twice.add("message " + id + " both committed (" + describe(journaledIds.get(id)) + ") and dead-lettered");
                }
            }
            if (page.size() < q.limit()) {
                return;
            }
            q = q.after(page.get(page.size() - 1).id());
        }
    }

    // ---- properties --------------------------------------------------------------------------------------

    private void checkAccepted(List<AcceptedSend> accepted) {
        Set<String> ids = new HashSet<>();
        for (AcceptedSend s : accepted) {
            if (!ids.add(s.messageId())) {
                lost.add("the accepted log holds message id " + s.messageId() + " twice (a send returned an id twice)");
            }
            boolean committed = journaledIds.containsKey(s.messageId());
            boolean deadLettered = deadLetters.containsKey(s.messageId());
            boolean keyCommitted = journaledKeys.getOrDefault(s.actor(), Set.of()).contains(s.key());
            boolean trimmedButKeyed = !type(s.actor()).retainJournal()
                    && store.idempotency().find(s.actor(), s.key(), now).isPresent();
            if (committed && !s.actor().equals(journaledIds.get(s.messageId()).actor())) {
                lost.add(s + " was committed by another actor: " + describe(journaledIds.get(s.messageId())));
            }
            if (!(committed || deadLettered || (s.duplicated() && keyCommitted) || trimmedButKeyed)) {
                lost.add("accepted but neither committed nor dead-lettered: " + s);
            }
            if (s.kind().equals(Workload.EMAIL)) {
                boolean fails = transport.fails(s.messageId());
                if (fails && !deadLettered) {
                    emails.add("email the transport always fails is not in the dead-letter queue: " + s);
                }
                if (!fails && deadLettered) {
                    emails.add("email the transport delivers was dead-lettered: " + s);
                }
            }
        }
    }

    private void checkCounter(ActorRef c) {
        List<JournalEntry> entries = journals.get(c);
        long value = loom.state(c).as(Counter.Count.class).value();
        long keys = entries.stream().map(JournalEntry::idempotencyKey).distinct().count();
        if (value != keys) {
            counters.add(c + " counts " + value + " but its journal commits " + keys + " distinct keys");
        }
        entries.stream().filter(e -> !e.messageType().equals("Increment"))
                .forEach(e -> counters.add("unexpected turn " + describe(e)));
    }

    private void checkAccount(ActorRef a, Set<String> paidReferences) {
        long balance = 0;
        long withdrawals = 0;
        for (JournalEntry e : journals.get(a)) {
            switch (e.messageType()) {
                case "Deposit" -> balance += Workload.amountOf(e.idempotencyKey());
                case "Withdraw" -> {
                    Optional<IdempotencyRecord> record = store.idempotency().find(a, e.idempotencyKey(), now);
                    if (record.isEmpty()) {
                        payments.add("withdrawal " + describe(e) + " committed without its idempotency record");
                        continue;
                    }
                    Account.WithdrawResult result = Json.read(record.get().reply(), Account.WithdrawResult.class);
                    boolean changedState = !Json.parse(e.patch()).isEmpty();
                    if (result.ok() != changedState) {
                        payments.add("withdrawal " + describe(e) + " replied ok=" + result.ok()
                                + " but its patch " + (changedState ? "changes" : "does not change") + " the balance");
                    }
                    if (result.ok()) {
                        String ref = e.idempotencyKey();
                        long amount = Workload.amountOf(ref);
                        balance -= amount;
                        withdrawals++;
                        paidReferences.add(ref);
                        List<PaymentGateway.Charge> charges = gateway.chargesFor(ref);
                        if (charges.size() != 1) {
                            payments.add("paid withdrawal " + ref + " was charged " + charges.size() + " times: " + charges);
                        } else if (charges.get(0).amount() != amount || !charges.get(0).chargeId().equals(result.chargeId())) {
                            payments.add("paid withdrawal " + ref + " of " + amount + " (reply charge "
                                    + result.chargeId() + ") does not match the gateway's charge " + charges.get(0));
                        }
                    }
                }
                default -> payments.add("unexpected turn " + describe(e));
            }
        }
        Account.Balance state = loom.state(a).as(Account.Balance.class);
        if (state.balance() != balance || state.withdrawals() != withdrawals) {
            payments.add(a + " has " + state + " but its committed deposits and paid withdrawals give balance "
                    + balance + " after " + withdrawals + " withdrawals");
        }
    }

    private void checkCharges(Set<String> paidReferences) {
        Set<String> references = new TreeSet<>();
        gateway.charges().forEach(c -> references.add(c.reference()));
        for (String ref : references) {
            List<PaymentGateway.Charge> charges = gateway.chargesFor(ref);
            if (charges.size() > 1) {
                payments.add("withdrawal " + ref + " charged " + charges.size() + " times: " + charges);
            }
            if (!paidReferences.contains(ref)) {
                payments.add("charge for " + ref + " without a committed, paid withdrawal: " + charges);
            }
        }
    }

    private void checkEmailSender(ActorRef m) {
        long last = store.journal().lastSeq(m);
        long sent = loom.state(m).as(EmailSender.Outbox.class).sent();
        if (sent != last) {
            emails.add(m + " counts " + sent + " sent emails after " + last + " turns (one email per turn)");
        }
        for (JournalEntry e : journals.get(m)) {
            if (transport.fails(e.messageId())) {
                emails.add("email the transport always fails was committed as sent: " + describe(e));
            }
        }
    }

    private void checkState(ActorRef a) {
        long last = store.journal().lastSeq(a);
        if (last == 0) {
            return;
        }
        Class<?> stateClass = type(a).stateClass();
        ActorState current = loom.state(a);
        if (current.seq() != last) {
            states.add(a + ": folded state is at seq " + current.seq() + ", the journal's last is " + last);
        }
        Object folded = current.as(stateClass);
        Object atLast = loom.stateAt(a, last).as(stateClass);
        if (!folded.equals(atLast)) {
            states.add(a + ": snapshot + tail gives " + folded + " but the state at seq " + last + " is " + atLast);
        }
        if (!type(a).retainJournal()) {
            return;
        }
        List<ReplayStep> steps = loom.replay(a, 1, last);
        Object fromScratch = Json.fromTree(steps.get(steps.size() - 1).state(), stateClass);
        if (!folded.equals(fromScratch)) {
            states.add(a + ": snapshot + tail gives " + folded + " but folding the whole journal gives " + fromScratch);
        }
        Optional<Snapshot> snap = store.snapshots().latest(a);
        if (snap.isPresent()) {
            long s = snap.get().seq();
            Object snapshotState = Json.read(snap.get().state(), stateClass);
            JsonNode replayed = steps.get((int) s - 1).state();
            if (!snapshotState.equals(Json.fromTree(replayed, stateClass))) {
                states.add(a + ": snapshot at seq " + s + " holds " + snapshotState + " but the journal gives "
                        + Json.fromTree(replayed, stateClass));
            }
        } else if (last >= Workload.SNAPSHOT_EVERY) {
            states.add(a + " committed " + last + " turns but has no snapshot (snapshotEvery " + Workload.SNAPSHOT_EVERY + ")");
        }
    }

    private void checkQueues() {
        for (QueueStats s : store.messages().stats()) {
            if (s.depth() != 0 || s.timers() != 0) {
                queues.add("queue " + s.queue() + " still holds " + s.depth() + " messages and " + s.timers() + " timers");
            }
        }
        deadLetters.values().stream().filter(dl -> !dl.actor().type().equals(EmailSender.NAME))
                .forEach(dl -> queues.add("dead letter of a type that never fails: " + dl.actor() + " "
                        + dl.message().messageType() + " " + dl.error()));
    }

    // ---- helpers -------------------------------------------------------------------------------------------

    private ActorType<?, ?> type(ActorRef a) {
        return loom.actorTypes().stream().filter(t -> t.name().equals(a.type())).findFirst()
                .orElseThrow(() -> new IllegalStateException("no workload type " + a.type()));
    }

    private String lastSeqs() {
        StringBuilder sb = new StringBuilder();
        journals.keySet().forEach(a -> sb.append(sb.isEmpty() ? "" : " ").append(a.id()).append('=')
                .append(store.journal().lastSeq(a)));
        return sb.toString();
    }

    private static String describe(JournalEntry e) {
        return e.actor() + "#" + e.seq() + " " + e.messageType() + " " + e.messageId() + " key " + e.idempotencyKey();
    }
}
