package dev.loom.store.sqlite.crash;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loom.actor.ActorRef;
import dev.loom.actor.SendOptions;
import dev.loom.examples.account.PaymentGateway;
import dev.loom.examples.documents.DocumentProcessing;
import dev.loom.examples.fulfilment.Inventory;
import dev.loom.examples.fulfilment.OrderFulfilment;
import dev.loom.runtime.Loom;
import dev.loom.store.sqlite.SqliteStore;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The child JVM of {@link PipelineKillNineCrashTest}: restocks the warehouses (once, by key) and starts the first
 * {@code round * }{@value PipelineWorkload#RUNS_PER_ROUND} runs of the {@link PipelineWorkload} plan, all of them in
 * {@code drain} mode (again: the idempotency keys make a repeat start nothing), on the SQLite file in {@code dir},
 * so that each round adds runs whatever the machine's speed; then runs until it is killed, or stops gracefully
 * when its stdin says {@code stop}. It reports on
 * stdout: {@code READY}, {@code STARTED <runs>}, and in {@code drain} mode {@code ENDED <runs>} once every run has
 * ended, then {@code STOPPED}.
 *
 * <p>Arguments: {@code <mode> <dir> <round>}; modes {@code run} and {@code drain}.
 */
public final class PipelineCrashWorkload {
    private static final int STARTERS = 8;

    private PipelineCrashWorkload() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        Path dir = Path.of(args[1]);
        if (!mode.equals("run") && !mode.equals("drain")) {
            throw new IllegalArgumentException("unknown mode '" + mode + "': run or drain");
        }
        BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        PaymentGateway gateway = PaymentGateway.withLedger(Workload.ledger(dir));
        try (SqliteStore store = SqliteStore.open(Workload.storeOptions(dir))) {
            Loom loom = PipelineWorkload.node(store, gateway).start();
            report("READY");
            for (ActorRef w : PipelineWorkload.warehouses()) {
                loom.ask(w, new Inventory.Restock(PipelineWorkload.SKU, PipelineWorkload.STOCK),
                        SendOptions.none().withIdempotencyKey("restock-" + w.id()), Duration.ofSeconds(30));
            }
            int round = Integer.parseInt(args[2]);
            List<String> runIds = startPlan(loom, mode.equals("drain") ? Integer.MAX_VALUE
                    : round * PipelineWorkload.RUNS_PER_ROUND);
            report("STARTED " + runIds.size());
            if (mode.equals("drain")) {
                while (!runIds.stream().allMatch(id -> loom.pipelines().status(id).status().isTerminal())) {
                    Thread.sleep(200);
                }
                report("ENDED " + runIds.size());
            }
            for (String line = stdin.readLine(); line != null && !line.equals("stop"); line = stdin.readLine()) {
                System.err.println("ignored order: " + line);
            }
            if (!loom.shutdown(Duration.ofSeconds(10))) {
                System.err.println("shutdown left turns running");
            }
        }
        report("STOPPED");
    }

    /**
     * Starts the first {@code count} runs of the plan (orders and documents interleaved) from a few threads, and
     * returns their ids.
     */
    private static List<String> startPlan(Loom loom, int count) throws Exception {
        List<Callable<String>> plan = new ArrayList<>();
        for (int i = 0; i < Math.max(PipelineWorkload.ORDERS, PipelineWorkload.DOCUMENTS); i++) {
            int n = i;
            if (n < PipelineWorkload.ORDERS) {
                plan.add(() -> start(loom, OrderFulfilment.NAME, PipelineWorkload.orderId(n),
                        PipelineWorkload.orderInput(n)));
            }
            if (n < PipelineWorkload.DOCUMENTS) {
                plan.add(() -> start(loom, DocumentProcessing.NAME, PipelineWorkload.documentId(n),
                        PipelineWorkload.documentInput(n)));
            }
        }
        List<Future<String>> started = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(STARTERS, Thread.ofVirtual().factory())) {
            plan.subList(0, Math.min(count, plan.size())).forEach(c -> started.add(pool.submit(c)));
        }
        List<String> ids = new ArrayList<>();
        for (Future<String> f : started) {
            ids.add(f.get());
        }
        return ids;
    }

    private static String start(Loom loom, String pipeline, String key, JsonNode input) {
        return loom.pipelines().start(pipeline, input, key);
    }

    private static void report(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
