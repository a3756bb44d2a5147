package dev.loom.cli.demo;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loom.actor.ActorRef;
import dev.loom.cli.CliException;
import dev.loom.cli.ExitCode;
import dev.loom.cli.Logs;
import dev.loom.cli.output.OutputOptions;
import dev.loom.cli.output.Printer;
import dev.loom.cli.output.Progress;
import dev.loom.cli.output.Terminal;
import dev.loom.cli.output.Text;
import dev.loom.cli.store.StoreOptions;
import dev.loom.config.StoreConfig;
import dev.loom.examples.ExampleActors;
import dev.loom.examples.account.PaymentGateway;
import dev.loom.examples.counter.Counter;
import dev.loom.examples.email.EmailTransport;
import dev.loom.json.Json;
import dev.loom.runtime.Loom;
import dev.loom.spi.DeadLetterQuery;
import dev.loom.spi.Store;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Run the example actors in-process on the configured store and report what happened.",
                "The store is the server's: --config (else $LOOM_CONFIG), then LOOM_STORE, LOOM_DATA_DIR and the other",
                "LOOM_STORE_* variables, then --data-dir or --db (default: SQLite at ./data/loom.db); the store opened is",
                "named on standard error and in the report.",
                "Sends counter increments, account deposits and withdrawals (paid through a durable step) and emails",
                "(a share of which fail and are dead-lettered), every few with a duplicate idempotency key; then prints",
                "messages accepted, committed, de-duplicated, retried and dead-lettered, the throughput, where the",
                "database is and how to look further. Run it again to continue on the same database."})
public final class DemoCommand implements Callable<Integer> {
    static final String RUNS_COUNTER = "demo-runs";

    @Spec
    CommandSpec spec;
    @Mixin
    OutputOptions output;

    @Mixin
    StoreOptions store;

    @Option(names = "--messages", paramLabel = "N", defaultValue = "3000",
            description = "Distinct messages to send; every 10th is sent twice more with the same key (default ${DEFAULT-VALUE}).")
    int messages;

    @Option(names = "--email-failure-rate", paramLabel = "R", defaultValue = "0.1",
            description = "Share of emails the transport fails, 0 to 1; those are dead-lettered after 3 attempts (default ${DEFAULT-VALUE}).")
    double emailFailureRate;

    @Option(names = "--timeout", paramLabel = "DURATION", converter = dev.loom.cli.convert.DurationConverter.class, defaultValue = "5m",
            description = "Longest wait for every message to be committed or dead-lettered (default ${DEFAULT-VALUE}).")
    Duration timeout;

    @Override
    public Integer call() throws InterruptedException {
        if (messages < 1 || emailFailureRate < 0 || emailFailureRate > 1) {
            throw new CliException("--messages must be at least 1 and --email-failure-rate between 0 and 1", ExitCode.USAGE);
        }
        Logs.warningsToStderr();
        // Failing emails are the demo's point; the report counts them, so one warning per dead letter is noise.
        Logs.onlyErrorsOf("loom.actor.email-sender");
        StoreConfig config = store.resolve(spec);
        // The gateway keeps its record in a ledger in the data directory, so charges add up across runs and a
        // withdrawal repeated by a later run (or re-run after a crash) is still charged once.
        PaymentGateway gateway = PaymentGateway.withLedger(config.dataDir().resolve("payments.ledger").toAbsolutePath());
        EmailTransport transport = new EmailTransport(emailFailureRate);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        Progress progress = new Progress(spec.commandLine().getErr(), Terminal.interactive());
        try (Store opened = store.open(spec, config)) {
            var builder = Loom.builder().store(opened).meterRegistry(meters);
            ExampleActors.types(gateway, transport).forEach(builder::actor);
            Loom loom = builder.build().start();
            try {
                long run = loom.ask(ActorRef.of(Counter.NAME, RUNS_COUNTER), new Counter.Increment(1), Duration.ofSeconds(30))
                        .as(Long.class);
                DemoWorkload workload = new DemoWorkload(run, messages, 10, 5, 5, 10);
                long start = System.nanoTime();
                long expected = workload.sends().size() + 1;
                try (ProgressBar bar = progress.bar("demo", expected, "msgs")) {
                    workload.sendAll(loom, n -> { });
                    waitUntilSettled(meters, expected, bar);
                }
                long elapsed = System.nanoTime() - start;
                report(loom, config, run, Outcomes.from(meters), elapsed, gateway);
            } finally {
                loom.shutdown(Duration.ofSeconds(30));
            }
        }
        return 0;
    }

    private void waitUntilSettled(SimpleMeterRegistry meters, long expected, ProgressBar bar) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Outcomes o;
        while ((o = Outcomes.from(meters)).settled() < Math.max(expected, o.accepted())) {
            if (System.nanoTime() > deadline) {
                throw new CliException("after " + timeout + " only " + o.settled() + " of " + o.accepted()
                        + " messages were committed, de-duplicated or dead-lettered; see the warnings above");
            }
            bar.stepTo(o.settled());
            Thread.sleep(50);
        }
        bar.stepTo(o.settled());
    }

    private void report(Loom loom, StoreConfig config, long run, Outcomes o, long elapsedNanos, PaymentGateway gateway) {
        String db = config.location().describe();
        long deadLetters = loom.deadLetters().count(DeadLetterQuery.all(1));
        long counterTotal = 0;
        for (int i = 1; i <= 10; i++) {
            counterTotal += loom.state(ActorRef.of(Counter.NAME, "demo-" + i)).state().path("value").asLong();
        }
        double seconds = elapsedNanos / 1e9;
        Printer printer = Printer.of(spec, output);
        if (printer.json()) {
            ObjectNode json = Json.mapper().createObjectNode()
                    .put("run", run).put("store", config.kind()).put("database", db)
                    .put("accepted", o.accepted()).put("committed", o.committed()).put("deduplicated", o.deduplicated())
                    .put("retried", o.retried()).put("dead_lettered", o.deadLettered())
                    .put("seconds", seconds).put("throughput_per_s", o.committed() / seconds)
                    .put("dead_letters_total", deadLetters).put("counter_total", counterTotal)
                    .put("payments_charged", gateway.charges().size()).put("gateway_calls", gateway.calls());
            printer.printJson(json);
            return;
        }
        printer.println("Loom demo, run " + run + ", on the " + config.kind() + " store at " + db);
        printer.println("");
        printer.println("this run:");
        printer.println("  messages accepted   " + Text.count(o.accepted()));
        printer.println("  committed           " + Text.count(o.committed()));
        printer.println("  de-duplicated       " + Text.count(o.deduplicated()) + "   (same idempotency key: answered with the first message, not run again)");
        printer.println("  retried             " + Text.count(o.retried()) + "   (failed attempts tried again with backoff)");
        printer.println("  dead-lettered       " + Text.count(o.deadLettered()) + "   (failed their last attempt)");
        printer.println("  payments charged    " + Text.count(gateway.charges().size()) + "   (all runs; each withdrawal charged once through a durable step)");
        printer.println("  throughput          " + Text.count(Math.round(o.committed() / seconds)) + " turns/s over " + Text.decimal(seconds) + " s");
        printer.println("");
        printer.println("in the database (all runs):");
        printer.println("  counters demo-1..10 total  " + Text.count(counterTotal));
        printer.println("  dead letters               " + Text.count(deadLetters));
        printer.println("");
        if (!config.provider().capabilities().durable()) {
            printer.println("the " + config.kind() + " store kept nothing: choose a durable one to look further");
            return;
        }
        // Later --direct commands read the same configuration; only a flag given here must be repeated there.
        String dbOption = store.overridden() ? " --db " + db : "";
        printer.println("look further:");
        printer.println("  ./loom journal show counter/demo-1 --direct" + dbOption);
        printer.println("  ./loom journal replay account/acc-1 --direct" + dbOption);
        printer.println("  ./loom state get account/acc-1 --direct" + dbOption);
        printer.println("  ./loom dlq list --queue email-sender --direct" + dbOption);
    }
}
