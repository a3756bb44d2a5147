package dev.loom.cluster;

import dev.loom.actor.ActorRef;
import dev.loom.partition.Partitioner;
import dev.loom.testing.TestServers;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Clients of a {@link Cluster}, as real ones behave: each message has its own {@code Idempotency-Key}, goes to a
 * random serving node, and is retried (same key, any node) after a 503, a 504, a timeout or a broken connection until
 * a node accepts it (202 for a send, 200 for an ask, which means committed). What was accepted is recorded per
 * actor, by key; a key still unanswered when the load stops is recorded as unresolved (it may or may not have been
 * committed, and the audit allows both).
 */
final class Load {
    static final String COUNTER = "counter";
    static final String ACCOUNT = "account";
    static final long FUNDS = 1_000_000_000L;
    private static final Duration GIVE_UP_AFTER_STOP = Duration.ofSeconds(60);

    /** What the clients did, for the test output. */
    record Figures(long accepted, long deduplicated, long asks, long withdrawals, long retries, long refused503,
                   long timeouts, long unresolved) {
        @Override
        public String toString() {
            return "accepted " + accepted + " (asks answered " + asks + ", withdrawals " + withdrawals + ", answered as"
                    + " deduplicated on retry " + deduplicated + "), retried attempts " + retries + " (503: " + refused503
                    + ", timeouts/broken connections: " + timeouts + "), unresolved " + unresolved;
        }
    }

    private final Cluster cluster;
    private final List<ActorRef> counters = new ArrayList<>();
    private final int accounts;
    private final double askShare;
    private final double withdrawShare;
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final List<Thread> threads = new ArrayList<>();
    private volatile long stopDeadline;

    final Map<ActorRef, Set<String>> accepted = new ConcurrentHashMap<>();
    /** When each accepted key's first 202 (or 200) arrived. */
    final Map<String, Instant> acceptedAt = new ConcurrentHashMap<>();
    final Set<String> unresolved = ConcurrentHashMap.newKeySet();
    final List<String> unexpected = new CopyOnWriteArrayList<>();
    private final AtomicLong acceptedCount = new AtomicLong();
    private final AtomicLong deduplicated = new AtomicLong();
    private final AtomicLong asks = new AtomicLong();
    private final AtomicLong withdrawals = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong timeouts = new AtomicLong();

    Load(Cluster cluster, int counters, int partitions, int accounts, double askShare, double withdrawShare) {
        this.cluster = cluster;
        for (int i = 0; i < counters; i++) {
            this.counters.add(counter(i, partitions));
        }
        this.accounts = accounts;
        this.askShare = askShare;
        this.withdrawShare = withdrawShare;
    }

    /**
     * Counter {@code i}: an id that hashes to partition {@code i % partitions}, so that counters cover the partitions
     * evenly and every partition sees traffic.
     */
    static ActorRef counter(int i, int partitions) {
        for (int k = 0; ; k++) {
            ActorRef ref = ActorRef.of(COUNTER, "c" + i + "-" + k);
            if (Partitioner.partitionOf(ref, partitions) == i % partitions) {
                return ref;
            }
        }
    }

    static ActorRef account(int i) {
        return ActorRef.of(ACCOUNT, "a" + i);
    }

    /** Funds every account (one keyed deposit each), waiting for each to be accepted. */
    void fundAccounts() {
        for (int i = 0; i < accounts; i++) {
            deliver(account(i), "fund-a" + i, "{\"type\":\"Deposit\",\"payload\":{\"amount\":" + FUNDS + "}}", false);
        }
    }

    void start(int clients) {
        for (int t = 0; t < clients; t++) {
            threads.add(Thread.ofPlatform().name("load-" + t).daemon().start(this::run));
        }
    }

    private void run() {
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        while (!stopping.get()) {
            double kind = rnd.nextDouble();
            String key = UUID.randomUUID().toString();
            if (kind < withdrawShare && accounts > 0) {
                String ref = "w-" + key;
                if (deliver(account(rnd.nextInt(accounts)), ref,
                        "{\"type\":\"Withdraw\",\"payload\":{\"amount\":1,\"reference\":\"" + ref + "\"}}", false)) {
                    withdrawals.incrementAndGet();
                }
            } else {
                boolean ask = kind < withdrawShare + askShare;
                if (deliver(counters.get(rnd.nextInt(counters.size())), (ask ? "ask-" : "inc-") + key,
                        "{\"type\":\"Increment\",\"payload\":{\"by\":1}}", ask) && ask) {
                    asks.incrementAndGet();
                }
            }
        }
    }

    /** Sends until a node accepts, or until the give-up deadline after a stop; true if accepted. */
    private boolean deliver(ActorRef actor, String key, String body, boolean ask) {
        String path = "/api/actors/" + actor.type() + "/" + actor.id() + (ask ? "/ask?timeout=3s" : "/messages");
        for (int attempt = 0; ; attempt++) {
            if (stopping.get() && System.nanoTime() > stopDeadline) {
                unresolved.add(key);
                return false;
            }
            if (attempt > 0) {
                retries.incrementAndGet();
                LockSupport.parkNanos(Duration.ofMillis(20 + ThreadLocalRandom.current().nextInt(30)).toNanos());
            }
            List<Cluster.Node> up = cluster.serving();
            while (up.isEmpty() && !(stopping.get() && System.nanoTime() > stopDeadline)) {
                LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
                up = cluster.serving();
            }
            if (up.isEmpty()) {
                continue;
            }
            Cluster.Node node = up.get(ThreadLocalRandom.current().nextInt(up.size()));
            HttpRequest request = HttpRequest.newBuilder(URI.create(node.url() + path))
                    .timeout(ask ? Duration.ofSeconds(6) : Duration.ofSeconds(3))
                    .header("Authorization", "Bearer " + TestServers.WRITER)
                    .header("Content-Type", "application/json")
                    .header("Idempotency-Key", key)
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
            HttpResponse<String> r;
            try {
                r = cluster.http().send(request, HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                timeouts.incrementAndGet();
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                unresolved.add(key);
                return false;
            }
            int status = r.statusCode();
            if (status == 202 || (ask && status == 200)) {
                acceptedAt.putIfAbsent(key, Instant.now());
                accepted.computeIfAbsent(actor, a -> ConcurrentHashMap.newKeySet()).add(key);
                acceptedCount.incrementAndGet();
                if (r.body().contains("\"deduplicated\":true")) {
                    deduplicated.incrementAndGet();
                }
                return true;
            }
            if (status == 503) {
                refused.incrementAndGet();
            } else if (status != 504) {
                unexpected.add(status + " from " + node.id + " for " + actor + " key " + key + ": " + r.body());
                return false;
            }
        }
    }

    /** Stops making new messages; messages under way keep being retried for a while, then count as unresolved. */
    void stop() throws InterruptedException {
        stopDeadline = System.nanoTime() + GIVE_UP_AFTER_STOP.toNanos();
        stopping.set(true);
        for (Thread t : threads) {
            t.join(GIVE_UP_AFTER_STOP.plusSeconds(10).toMillis());
        }
    }

    long acceptedCount() {
        return acceptedCount.get();
    }

    Figures figures() {
        return new Figures(acceptedCount.get(), deduplicated.get(), asks.get(), withdrawals.get(), retries.get(),
                refused.get(), timeouts.get(), unresolved.size());
    }
}
