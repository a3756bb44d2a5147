package dev.loom.bench.compare;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Loom against Pekko persistence and DBOS Transact, in one run on one embedded PostgreSQL 17 with the same work
 * (see {@link Comparison}). Prints each system's durable increments per second, Loom's ratio to it, and the CPU
 * each spent per increment in this JVM and in the server (figures that the load of a shared machine moves less).
 *
 * <pre>
 * mvn -B -q -pl loom-bench -am compile exec:java -Dexec.mainClass=dev.loom.bench.compare.CompareBenchmark \
 *     -Dexec.args="--actors 10000 --increments 200000 --warmup 20000 --senders 1000 --payload-bytes 100"
 * </pre>
 * Options (defaults in brackets): {@code --actors} [10000], {@code --increments} [200000] timed per system,
 * {@code --warmup} [20000] untimed first, {@code --senders} [1000], {@code --payload-bytes} [100],
 * {@code --systems} [loom,pekko,dbos].
 */
public final class CompareBenchmark {
    private CompareBenchmark() {
    }

    static final String USAGE = "usage: ./loom bench compare [--actors N] [--increments N] [--warmup N] [--senders N]"
            + " [--payload-bytes N] [--systems loom,pekko,dbos]\n"
            + "Runs the same durable increments on Loom, Pekko persistence and DBOS Transact, one after the other, on"
            + " one embedded PostgreSQL 17 (defaults: 10000 actors, 200000 timed increments after 20000 untimed,"
            + " 1000 senders, 100-byte payload, all three systems).";

    public static void main(String[] args) throws Exception {
        if (Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h")) {
            System.out.println(USAGE);
            return;
        }
        Comparison comparison;
        try {
            comparison = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("compare: " + e.getMessage() + "\n" + USAGE);
            System.exit(2);
            return;
        }
        List<Comparison.Result> results;
        try (ComparisonServer server = ComparisonServer.start()) {
            System.err.println("compare: embedded PostgreSQL 17 started (synchronous_commit=on, fsync=on)");
            results = comparison.run(server, line -> System.err.println("compare: " + line));
        }
        System.out.println(table(comparison, results));
        System.exit(0);
    }

    static Comparison parse(String[] args) {
        int actors = 10_000;
        long increments = 200_000;
        long warmup = 20_000;
        int senders = 1_000;
        int payload = 100;
        List<String> systems = Comparison.ALL;
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(name + " needs a value");
            }
            String value = args[++i];
            try {
                switch (name) {
                    case "--actors" -> actors = Integer.parseInt(value);
                    case "--increments" -> increments = Long.parseLong(value);
                    case "--warmup" -> warmup = Long.parseLong(value);
                    case "--senders" -> senders = Integer.parseInt(value);
                    case "--payload-bytes" -> payload = Integer.parseInt(value);
                    case "--systems" -> systems = Arrays.stream(value.split(",")).map(String::strip).toList();
                    default -> throw new IllegalArgumentException("unknown option " + name + "; expected --actors,"
                            + " --increments, --warmup, --senders, --payload-bytes or --systems");
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + " expects a whole number, got '" + value + "'");
            }
        }
        return new Comparison(actors, increments, warmup, senders, payload, systems);
    }

    /** The results as a table: system, increments/s, Loom's ratio to it, and what one increment is. */
    static String table(Comparison c, List<Comparison.Result> results) {
        double loom = results.stream().filter(r -> r.system().equals("Loom")).mapToDouble(Comparison.Result::perSecond)
                .findFirst().orElse(Double.NaN);
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
                "durable increments: %,d counters, %,d timed increments (after %,d untimed), %,d senders, %d-byte"
                        + " payload, one embedded PostgreSQL 17%n", c.actors(), c.increments(), c.warmup(), c.senders(),
                c.payloadBytes()));
        out.append(String.format(Locale.ROOT, "%-18s %14s %10s %12s %10s %10s  %s%n", "system", "increments/s",
                "seconds", "Loom/system", "JVM us/op", "PG us/op", "one increment"));
        for (Comparison.Result r : results) {
            out.append(String.format(Locale.ROOT, "%-18s %,14.0f %10.2f %11.2fx %10.1f %10s  %s%n", r.system(),
                    r.perSecond(), r.seconds(), loom / r.perSecond(), r.jvmMicros(),
                    Double.isNaN(r.serverMicros()) ? "n/a" : String.format(Locale.ROOT, "%.1f", r.serverMicros()),
                    r.describe()));
        }
        out.append("(us/op: CPU microseconds per increment while the timed increments ran, in this JVM and in the"
                + " PostgreSQL server's processes)\n");
        return out.toString();
    }
}
