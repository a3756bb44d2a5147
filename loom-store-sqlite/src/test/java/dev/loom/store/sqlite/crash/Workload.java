package dev.loom.store.sqlite.crash;

import dev.loom.actor.ActorRef;
import dev.loom.actor.ActorType;
import dev.loom.actor.RetryPolicy;
import dev.loom.examples.account.Account;
import dev.loom.examples.account.PaymentGateway;
import dev.loom.examples.counter.Counter;
import dev.loom.examples.email.EmailSender;
import dev.loom.examples.email.EmailTransport;
import dev.loom.runtime.Loom;
import dev.loom.runtime.LoomBuilder;
import dev.loom.spi.Store;
import dev.loom.store.sqlite.SqliteStoreOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The crash test's workload, shared by the child JVM that runs it and the test JVM that audits the file: the
 * store file, the node, the example actor types with small snapshot intervals, the actors, and the key scheme.
 *
 * <p>Every message is sent with an idempotency key that names its round and carries its amount, so the audit
 * can read what a committed journal entry did from the entry alone, including for sends whose line in the
 * accepted log was lost with the process.
 */
final class Workload {
    /** A fixed node id: a restarted child takes back its partitions at once, fencing its dead incarnation. */
    static final String NODE_ID = "crash-node";
    static final int PARTITIONS = 8;
    static final Duration LEASE_TTL = Duration.ofSeconds(3);
    /** Share of emails the transport fails, by a hash of the message id, so they reach the dead-letter queue. */
    static final double EMAIL_FAILURE_RATE = 0.2;
    /** Counters and accounts keep their whole journal (the audit reads every turn) but snapshot this often. */
    static final int SNAPSHOT_EVERY = 50;
    /** Email senders snapshot and trim their journal this often, so trims happen during the run. */
    static final int EMAIL_SNAPSHOT_EVERY = 20;

    static final List<ActorRef> COUNTERS = refs(Counter.NAME, "c", 8);
    static final List<ActorRef> ACCOUNTS = refs(Account.NAME, "acct", 4);
    static final List<ActorRef> EMAIL_SENDERS = refs(EmailSender.NAME, "mail", 4);

    /** Kinds written in the accepted log. */
    static final String INCREMENT = "Increment";
    static final String DEPOSIT = "Deposit";
    static final String WITHDRAW = "Withdraw";
    static final String EMAIL = "SendEmail";

    private Workload() {
    }

    static Path database(Path dir) {
        return dir.resolve("loom.db");
    }

    static Path ledger(Path dir) {
        return dir.resolve("ledger.tsv");
    }

    static SqliteStoreOptions storeOptions(Path dir) {
        return SqliteStoreOptions.at(database(dir)).withPartitions(PARTITIONS);
    }

    static EmailTransport transport() {
        return new EmailTransport(EMAIL_FAILURE_RATE);
    }

    /** The three example types with the crash test's policies. */
    static List<ActorType<?, ?>> types(PaymentGateway gateway, EmailTransport transport) {
        return List.of(
                Counter.type().withPolicies(RetryPolicy.DEFAULT, SNAPSHOT_EVERY, true, null),
                Account.type(gateway).withPolicies(RetryPolicy.DEFAULT, SNAPSHOT_EVERY, true, null),
                EmailSender.type(transport).withPolicies(EmailSender.RETRY, EMAIL_SNAPSHOT_EVERY, false, null));
    }

    /** A node of the workload over {@code store}, not started. */
    static Loom node(Store store, PaymentGateway gateway, EmailTransport transport) {
        LoomBuilder b = Loom.builder().store(store).nodeId(NODE_ID).leaseTtl(LEASE_TTL)
                .pollInterval(Duration.ofMillis(50)).drainTimeout(Duration.ofSeconds(10));
        types(gateway, transport).forEach(b::actor);
        return b.build();
    }

    static List<ActorRef> allActors() {
        return java.util.stream.Stream.of(COUNTERS, ACCOUNTS, EMAIL_SENDERS).flatMap(List::stream).toList();
    }

    /** A key (and, for withdrawals, the reference) that names the round and carries the amount. */
    static String key(String kind, int round, String sender, long n, long amount) {
        return kind + "-r" + round + "-" + sender + "-" + n + "-a" + amount;
    }

    /** The amount carried by a key made by {@link #key}. */
    static long amountOf(String key) {
        int at = key.lastIndexOf("-a");
        if (at < 0) {
            throw new IllegalArgumentException("key without an amount: " + key);
        }
        return Long.parseLong(key.substring(at + 2));
    }

    private static List<ActorRef> refs(String type, String prefix, int n) {
        return IntStream.range(0, n).mapToObj(i -> ActorRef.of(type, prefix + i)).toList();
    }
}
