package dev.loom.store.sqlite.crash;

import dev.loom.actor.ActorRef;
import dev.loom.examples.account.PaymentGateway;
import dev.loom.examples.documents.DocumentProcessing;
import dev.loom.examples.documents.Documents;
import dev.loom.examples.documents.PageReader;
import dev.loom.examples.fulfilment.Inventory;
import dev.loom.examples.fulfilment.OrderFulfilment;
import dev.loom.examples.fulfilment.Payments;
import dev.loom.examples.fulfilment.Shipping;
import dev.loom.pipeline.PipelineRuntime;
import dev.loom.pipeline.RunStatus;
import dev.loom.pipeline.RunView;
import dev.loom.pipeline.TimelineEvent;
import dev.loom.runtime.Loom;
import dev.loom.spi.DeadLetter;
import dev.loom.spi.DeadLetterQuery;
import dev.loom.spi.JournalEntry;
import dev.loom.spi.Store;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads the store file and the gateway ledger the pipeline crash test left behind and lists every violation, by
 * property: every planned run exists once and ended once, in the status its plan says; every task's effect was
 * committed once (each worker journal, each run's share of it, the gateway's charges and refunds, the warehouses'
 * stock); compensations ran once each, in reverse order.
 *
 * @see PipelineKillNineCrashTest
 */
final class PipelineCrashAudit {
    /**
     * What the audit found.
     *
     * @param runs          planned runs missing, doubled, not ended, ended more than once or in another status
     * @param effects       task effects committed twice or not as planned (journals, gateway, stock, documents)
     * @param compensations compensations not sent exactly once each in reverse order
     * @param deadLetters   dead letters other than the planned declines and undeliverable shipments
     * @param figures       what was audited, for the test output
     */
    record Findings(List<String> runs, List<String> effects, List<String> compensations, List<String> deadLetters,
                    String figures) {
    }

    private final Store store;
    private final Loom loom;
    private final PaymentGateway gateway;
    private final List<String> runs = new ArrayList<>();
    private final List<String> effects = new ArrayList<>();
    private final List<String> compensations = new ArrayList<>();
    private final List<String> deadLetters = new ArrayList<>();
    /** Run id -> the plan's order number (orders) or -1 - document number (documents). */
    private final Map<String, Integer> planOfRun = new HashMap<>();
    /** (run id, message type) -> committed turns of the worker actors. */
    private final Map<String, Integer> turns = new HashMap<>();
    private final Map<RunStatus, Integer> statuses = new TreeMap<>();

    private PipelineCrashAudit(Store store, Path dir) {
        this.store = store;
        this.gateway = PaymentGateway.withLedger(Workload.ledger(dir));
        this.loom = PipelineWorkload.node(store, gateway);
    }

    /** How many runs the store holds and how many of them have ended, e.g. {@code "83 runs, 41 ended"}. */
    static String progress(Store store) {
        Loom node = PipelineWorkload.node(store, PaymentGateway.inMemory());
        List<String> ids = store.journal().actorIds(PipelineRuntime.RUN_TYPE, "", 10_000);
        long ended = ids.stream().filter(id -> node.pipelines().find(id).map(r -> r.status().isTerminal())
                .orElse(false)).count();
        return ids.size() + " runs, " + ended + " ended";
    }

    /** Audits {@code store} (not modified) and the ledger in {@code dir}. */
    static Findings audit(Store store, Path dir) {
        return new PipelineCrashAudit(store, dir).run();
    }

    private Findings run() {
        readRuns();
        for (String type : List.of(Inventory.NAME, Payments.NAME, Shipping.NAME, PageReader.NAME, Documents.NAME)) {
            for (String id : store.journal().actorIds(type, "", 10_000)) {
                readJournal(ActorRef.of(type, id));
            }
        }
        for (int o = 0; o < PipelineWorkload.ORDERS; o++) {
            checkOrder(o);
        }
        for (int d = 0; d < PipelineWorkload.DOCUMENTS; d++) {
            checkDocument(d);
        }
        checkStock();
        Map<String, Integer> letters = checkDeadLetters();
        int sum = turns.values().stream().mapToInt(Integer::intValue).sum();
        String figures = "runs " + planOfRun.size() + " by status " + statuses + "; worker turns " + sum
                + " (reserve " + count("Reserve") + ", release " + count("Release") + ", charge " + count("Charge")
                + ", refund " + count("Refund") + ", ship " + count("Ship") + ", pages read " + count("ReadPage")
                + ", summaries " + count("Summarise") + "); gateway charges " + gateway.charges().size() + ", refunds "
                + gateway.refunds().size() + ", calls " + gateway.calls() + " (repeats de-duplicated by key: "
                + (gateway.calls() - gateway.charges().size() - gateway.refunds().size()) + "); dead letters "
                + letters;
        return new Findings(runs, effects, compensations, deadLetters, figures);
    }

    private int count(String messageType) {
        return turns.entrySet().stream().filter(e -> e.getKey().endsWith("|" + messageType))
                .mapToInt(Map.Entry::getValue).sum();
    }

    private int turnsOf(String runId, String messageType) {
        return turns.getOrDefault(runId + "|" + messageType, 0);
    }

    // ---- runs --------------------------------------------------------------------------------------------

    private void readRuns() {
        Map<String, String> runOfPlan = new HashMap<>();
        for (String runId : store.journal().actorIds(PipelineRuntime.RUN_TYPE, "", 10_000)) {
            RunView run = loom.pipelines().find(runId).orElse(null);
            if (run == null) {
                runs.add("run actor " + runId + " has a journal but no started run");
                continue;
            }
            statuses.merge(run.status(), 1, Integer::sum);
            String planned = switch (run.pipeline()) {
                case OrderFulfilment.NAME -> run.input().path("orderId").asText();
                case DocumentProcessing.NAME -> run.input().path("documentId").asText();
                default -> null;
            };
            if (planned == null) {
                runs.add("run " + runId + " of a pipeline the plan does not have: " + run.pipeline());
                continue;
            }
            String earlier = runOfPlan.put(planned, runId);
            if (earlier != null) {
                runs.add(planned + " has two runs: " + earlier + " and " + runId);
            }
            int number = Integer.parseInt(planned.substring(planned.indexOf('-') + 1));
            planOfRun.put(runId, run.pipeline().equals(OrderFulfilment.NAME) ? number : -1 - number);
            long ends = loom.pipelines().timeline(runId).events().stream()
                    .filter(e -> e.kind() == TimelineEvent.Kind.RUN_ENDED).count();
            if (!run.status().isTerminal() || ends != 1) {
                runs.add("run " + runId + " (" + planned + ") is " + run.status() + " with " + ends + " RUN_ENDED events");
            }
        }
        for (int o = 0; o < PipelineWorkload.ORDERS; o++) {
            if (!runOfPlan.containsKey(PipelineWorkload.orderId(o))) {
                runs.add("no run for order " + PipelineWorkload.orderId(o));
            }
        }
        for (int d = 0; d < PipelineWorkload.DOCUMENTS; d++) {
            if (!runOfPlan.containsKey(PipelineWorkload.documentId(d))) {
                runs.add("no run for document " + PipelineWorkload.documentId(d));
            }
        }
    }

    private String runOf(int plan) {
        return planOfRun.entrySet().stream().filter(e -> e.getValue() == plan).map(Map.Entry::getKey).findFirst()
                .orElse(null);
    }

    // ---- effects -----------------------------------------------------------------------------------------

    private void readJournal(ActorRef actor) {
        Set<String> keys = new HashSet<>();
        for (JournalEntry e : store.journal().read(actor, 1, 100_000)) {
            String key = e.idempotencyKey();
            if (key == null) {
                effects.add(actor + " committed seq " + e.seq() + " (" + e.messageType() + ") without a key");
                continue;
            }
            if (!keys.add(key)) {
                effects.add(actor + " committed the task " + key + " twice");
            }
            if (e.messageType().equals("Restock")) {
                continue;
            }
            String runId = key.split("/", -1)[0];
            if (!planOfRun.containsKey(runId)) {
                effects.add(actor + " committed " + e.messageType() + " for " + key + ", not a task of a planned run");
            }
            turns.merge(runId + "|" + e.messageType(), 1, Integer::sum);
        }
    }

    private void expect(String what, String runId, String messageType, int expected) {
        int got = turnsOf(runId, messageType);
        if (got != expected) {
            effects.add(what + " (run " + runId + "): " + got + " committed " + messageType + " turns, expected "
                    + expected);
        }
    }

    private void checkOrder(int o) {
        String runId = runOf(o);
        if (runId == null) {
            return;
        }
        String order = PipelineWorkload.orderId(o);
        PipelineWorkload.Fate fate = PipelineWorkload.fate(o);
        RunView run = loom.pipelines().status(runId);
        RunStatus expected = fate == PipelineWorkload.Fate.SHIPPED ? RunStatus.SUCCEEDED : RunStatus.COMPENSATED;
        String failedStage = switch (fate) {
            case SHIPPED -> null;
            case DECLINED -> "charge";
            case UNDELIVERABLE -> "ship";
        };
        if (run.status() != expected || (failedStage != null
                && (run.error() == null || !failedStage.equals(run.error().stage())))) {
            runs.add(order + " (" + fate + ") ended " + run.status() + " with error " + run.error() + "; expected "
                    + expected + (failedStage == null ? "" : " failing at " + failedStage));
        }
        expect(order, runId, "Reserve", 1);
        expect(order, runId, "Release", fate == PipelineWorkload.Fate.SHIPPED ? 0 : 1);
        expect(order, runId, "Charge", fate == PipelineWorkload.Fate.DECLINED ? 0 : 1);
        expect(order, runId, "Refund", fate == PipelineWorkload.Fate.UNDELIVERABLE ? 1 : 0);
        expect(order, runId, "Ship", fate == PipelineWorkload.Fate.SHIPPED ? 1 : 0);
        int charges = gateway.chargesFor(order).size();
        int refunds = gateway.refundsFor(order).size();
        if (charges != (fate == PipelineWorkload.Fate.DECLINED ? 0 : 1)
                || refunds != (fate == PipelineWorkload.Fate.UNDELIVERABLE ? 1 : 0)) {
            effects.add(order + " (" + fate + ") was charged " + charges + " and refunded " + refunds
                    + " times by the gateway");
        }
        List<String> sent = stagesOf(runId, TimelineEvent.Kind.COMPENSATION_SENT);
        List<String> done = stagesOf(runId, TimelineEvent.Kind.COMPENSATION_SUCCEEDED);
        List<String> wanted = switch (fate) {
            case SHIPPED -> List.of();
            case DECLINED -> List.of("reserve");
            case UNDELIVERABLE -> List.of("charge", "reserve");
        };
        if (!sent.equals(wanted) || !done.equals(wanted)) {
            compensations.add(order + " (" + fate + "): compensations sent " + sent + ", succeeded " + done
                    + "; expected " + wanted + " once each");
        }
    }

    private List<String> stagesOf(String runId, TimelineEvent.Kind kind) {
        return loom.pipelines().timeline(runId).events().stream().filter(e -> e.kind() == kind)
                .map(TimelineEvent::stage).toList();
    }

    private void checkDocument(int d) {
        String runId = runOf(-1 - d);
        if (runId == null) {
            return;
        }
        String doc = PipelineWorkload.documentId(d);
        RunView run = loom.pipelines().status(runId);
        if (run.status() != RunStatus.SUCCEEDED) {
            runs.add(doc + " ended " + run.status() + " with error " + run.error());
        }
        expect(doc, runId, "Register", 1);
        expect(doc, runId, "ReadPage", PipelineWorkload.pages(d));
        expect(doc, runId, "Summarise", 1);
        Documents.Summary summary = loom.state(ActorRef.of(Documents.NAME, doc)).as(Documents.Document.class).summary();
        if (summary == null || summary.pages() != PipelineWorkload.pages(d)) {
            effects.add(doc + " has the summary " + summary + ", expected one of " + PipelineWorkload.pages(d) + " pages");
        }
        for (int p = 0; p < PipelineWorkload.pages(d); p++) {
            long reads = loom.state(ActorRef.of(PageReader.NAME, PipelineWorkload.pageId(d, p)))
                    .as(PageReader.Reads.class).reads();
            if (reads != 1) {
                effects.add("page " + PipelineWorkload.pageId(d, p) + " was read " + reads + " times");
            }
        }
    }

    private void checkStock() {
        for (ActorRef w : PipelineWorkload.warehouses()) {
            long available = PipelineWorkload.STOCK;
            Set<String> held = new HashSet<>();
            int orders = 0;
            int released = 0;
            for (int o = 0; o < PipelineWorkload.ORDERS; o++) {
                if (!PipelineWorkload.warehouse(o).equals(w)) {
                    continue;
                }
                orders++;
                if (PipelineWorkload.fate(o) == PipelineWorkload.Fate.SHIPPED) {
                    available -= PipelineWorkload.quantity(o);
                    held.add(PipelineWorkload.orderId(o));
                } else {
                    released++;
                }
            }
            Inventory.Stock stock = loom.state(w).as(Inventory.Stock.class);
            if (stock.available().getOrDefault(PipelineWorkload.SKU, 0L) != available
                    || !stock.reservations().keySet().equals(held) || stock.reserved() != orders
                    || stock.released() != released) {
                effects.add(w + " has " + stock.available() + " available, " + stock.reservations().size()
                        + " reservations, " + stock.reserved() + " reserved and " + stock.released()
                        + " released; expected " + available + ", " + held.size() + ", " + orders + " and " + released);
            }
        }
    }

    private Map<String, Integer> checkDeadLetters() {
        Map<String, Integer> byType = new TreeMap<>();
        DeadLetterQuery q = DeadLetterQuery.all(1_000);
        while (true) {
            List<DeadLetter> page = store.deadLetters().list(q);
            page.forEach(dl -> byType.merge(dl.actor().type(), 1, Integer::sum));
            if (page.size() < q.limit()) {
                break;
            }
            q = q.after(page.getLast().id());
        }
        long declined = java.util.stream.IntStream.range(0, PipelineWorkload.ORDERS)
                .filter(o -> PipelineWorkload.fate(o) == PipelineWorkload.Fate.DECLINED).count();
        long undeliverable = java.util.stream.IntStream.range(0, PipelineWorkload.ORDERS)
                .filter(o -> PipelineWorkload.fate(o) == PipelineWorkload.Fate.UNDELIVERABLE).count();
        Map<String, Integer> expected = new TreeMap<>(Map.of(Payments.NAME, (int) declined, Shipping.NAME,
                (int) undeliverable));
        if (!byType.equals(expected)) {
            deadLetters.add("dead letters by actor type " + byType + ", expected " + expected
                    + " (one per declined card, one per undeliverable address)");
        }
        return byType;
    }
}
