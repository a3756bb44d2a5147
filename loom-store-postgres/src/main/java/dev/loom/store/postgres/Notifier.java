package dev.loom.store.postgres;

import dev.loom.spi.HintSubscription;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wake-ups across nodes: {@code LISTEN/NOTIFY} as a coalesced hint, with jittered polling behind it.
 *
 * <p><b>Sending.</b> Commits do not notify inside their own transaction: a transaction that issued {@code NOTIFY}
 * takes a database-wide lock while it commits, which would serialise every commit of every node. Instead the
 * committed partitions are collected here, and a sender thread reports them with one autocommit
 * {@code SELECT pg_notify(..)} per {@link PostgresStoreOptions#notifyInterval()} at most, so each partition is
 * notified at most once per interval however many commits touched it.
 *
 * <p>Three kinds of hint share the channel: new messages (payload: the partition); committed replies, that is turns
 * with an idempotency record or dead letters (payload: {@code r} and the partition), which asks waiting on another
 * node than the one that ran their turn listen for ({@link #watchReplies}); and membership changes, a node joined or
 * left or a lease was released (payload: {@code m}), on which lease keepers run a round at once
 * ({@link #watchMembership}). All are coalesced the same way.
 *
 * <p><b>Receiving.</b> A connection of its own (outside the pool) listens on the schema's channel; a message
 * notification wakes the threads waiting in {@link #await} for that partition, a reply notification calls the
 * reply listeners. If that connection is
 * lost, it is reopened with backoff; meanwhile waits simply last their (jittered) timeout, so messages are still
 * found by polling, only later.
 */
final class Notifier implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Notifier.class);
    private static final long LISTEN_POLL_MILLIS = 250;
    private static final String REPLY_PREFIX = "r";
    private static final String MEMBERSHIP = "m";

    private final DataSource pool;
    private final Connections connections;
    private final String channel;
    private final long intervalNanos;
    private final AtomicLongArray versions;
    private final Map<Integer, Set<Thread>> waiters = new ConcurrentHashMap<>();
    private final Set<Integer> dirty = ConcurrentHashMap.newKeySet();
    private final Set<Integer> dirtyReplies = ConcurrentHashMap.newKeySet();
    private final Set<IntConsumer> replyListeners = new CopyOnWriteArraySet<>();
    private final Set<Runnable> membershipListeners = new CopyOnWriteArraySet<>();
    private final AtomicBoolean membershipDirty = new AtomicBoolean();
    private final ThreadLocal<Map<Integer, Long>> seen = ThreadLocal.withInitial(HashMap::new);
    private final Thread sender;
    private final Thread listener;
    private volatile boolean closed;
    private volatile boolean listening;
    /** The LISTEN connection while it is open; closed by {@link #close()} to end the listener's blocking read. */
    private volatile Connection listenConnection;

    Notifier(DataSource pool, Connections connections, PostgresStoreOptions options, int partitions) {
        this.pool = pool;
        this.connections = connections;
        this.channel = channel(options.schema());
        this.intervalNanos = options.notifyInterval().toNanos();
        this.versions = new AtomicLongArray(partitions);
        this.sender = Thread.ofPlatform().name("loom-postgres-notify-" + options.schema()).daemon(true)
                .unstarted(this::sendLoop);
        this.listener = Thread.ofPlatform().name("loom-postgres-listen-" + options.schema()).daemon(true)
                .unstarted(this::listenLoop);
        sender.start();
        listener.start();
    }

    /** The NOTIFY channel of a schema: channels are per database, so the schema is part of the name. */
    static String channel(String schema) {
        String name = "loom_" + schema;
        return name.length() <= 63 ? name : name.substring(0, 54) + "_" + Integer.toHexString(schema.hashCode());
    }

    /** Whether the LISTEN connection is up (diagnostics and tests). */
    boolean listening() {
        return listening;
    }

    /** Messages were committed to {@code partitions}: wake local waiters now and tell other nodes soon. */
    void changed(Set<Integer> partitions) {
        if (partitions.isEmpty() || closed) {
            return;
        }
        for (int p : partitions) {
            wake(p);
        }
        if (dirty.addAll(partitions)) {
            LockSupport.unpark(sender);
        }
    }

    /**
     * Turns with idempotency records or dead letters were committed to {@code partitions}: tell every node soon
     * (this one included: its reply listeners hear of them through the LISTEN connection like the others').
     */
    void replied(Set<Integer> partitions) {
        if (partitions.isEmpty() || closed) {
            return;
        }
        if (dirtyReplies.addAll(partitions)) {
            LockSupport.unpark(sender);
        }
    }

    /** A node joined or left, or a lease was released: tell every node soon (this one included). */
    void membershipChanged() {
        if (!closed && !membershipDirty.getAndSet(true)) {
            LockSupport.unpark(sender);
        }
    }

    /** Calls {@code listener} on every membership notification until the subscription is closed. */
    HintSubscription watchMembership(Runnable listener) {
        Runnable own = listener::run;
        membershipListeners.add(own);
        return () -> membershipListeners.remove(own);
    }

    /** Calls {@code listener} with the partition of every reply notification until the subscription is closed. */
    HintSubscription watchReplies(IntConsumer listener) {
        IntConsumer own = listener::accept;
        replyListeners.add(own);
        return () -> replyListeners.remove(own);
    }

    /**
     * Waits until a notification for {@code partition} arrives, the thread is unparked or interrupted, or about
     * {@code timeout} passed (75-100 % of it, so that the polls of many workers and nodes spread out). Returns at
     * once if a notification arrived since this thread's previous wait on the partition returned, as it may have
     * come after the caller's fetch.
     */
    void await(int partition, Duration timeout) {
        if (partition < 0 || partition >= versions.length() || timeout.isNegative() || timeout.isZero()) {
            return;
        }
        Map<Integer, Long> mine = seen.get();
        Long before = mine.get(partition);
        if (before != null && before != versions.get(partition)) {
            mine.put(partition, versions.get(partition));
            return;
        }
        Thread me = Thread.currentThread();
        Set<Thread> set = waiters.computeIfAbsent(partition, p -> ConcurrentHashMap.newKeySet());
        set.add(me);
        try {
            if (before == null || before == versions.get(partition)) {
                long nanos = timeout.toNanos();
                LockSupport.parkNanos(nanos - ThreadLocalRandom.current().nextLong(nanos / 4 + 1));
            }
        } finally {
            set.remove(me);
            mine.put(partition, versions.get(partition));
        }
    }

    private void wake(int partition) {
        if (partition < 0 || partition >= versions.length()) {
            return;
        }
        versions.incrementAndGet(partition);
        Set<Thread> set = waiters.get(partition);
        if (set != null) {
            set.forEach(LockSupport::unpark);
        }
    }

    private void sendLoop() {
        while (!closed) {
            if (dirty.isEmpty() && dirtyReplies.isEmpty() && !membershipDirty.get()) {
                LockSupport.park(this);
                continue;
            }
            List<String> batch = new ArrayList<>();
            for (Integer p : dirty) {
                if (dirty.remove(p)) {
                    batch.add(Integer.toString(p));
                }
            }
            for (Integer p : dirtyReplies) {
                if (dirtyReplies.remove(p)) {
                    batch.add(REPLY_PREFIX + p);
                }
            }
            if (membershipDirty.getAndSet(false)) {
                batch.add(MEMBERSHIP);
            }
            send(batch);
            // The coalescing window: commits arriving now are reported together in the next round.
            LockSupport.parkNanos(intervalNanos);
        }
    }

    private void send(List<String> payloads) {
        try (Connection c = pool.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT pg_notify(?, p) FROM unnest(?::text[]) AS p")) {
            ps.setString(1, channel);
            ps.setArray(2, c.createArrayOf("text", payloads.toArray()));
            ps.executeQuery().close();
        } catch (SQLException e) {
            if (!closed) {
                LOG.debug("cannot notify other nodes of {}: {}; they find the messages and replies by polling",
                        payloads, e.getMessage());
            }
        }
    }

    private void listenLoop() {
        long backoffMillis = 100;
        while (!closed) {
            try (Connection c = connections.open()) {
                listenConnection = c;
                if (closed) {
                    return;
                }
                try (Statement st = c.createStatement()) {
                    st.execute("LISTEN \"" + channel + "\"");
                }
                listening = true;
                backoffMillis = 100;
                PGConnection pg = c.unwrap(PGConnection.class);
                while (!closed) {
                    PGNotification[] received = pg.getNotifications((int) LISTEN_POLL_MILLIS);
                    if (received == null) {
                        continue;
                    }
                    for (PGNotification n : received) {
                        received(n.getParameter());
                    }
                }
            } catch (SQLException e) {
                listening = false;
                if (closed) {
                    return;
                }
                LOG.warn("lost the LISTEN connection for wake-ups ({}); polling until it is back, retrying in {} ms",
                        e.getMessage(), backoffMillis);
                LockSupport.parkNanos(backoffMillis * 1_000_000L);
                backoffMillis = Math.min(backoffMillis * 2, 5_000);
            }
        }
        listening = false;
    }

    private void received(String payload) {
        if (payload.equals(MEMBERSHIP)) {
            for (Runnable l : membershipListeners) {
                try {
                    l.run();
                } catch (RuntimeException e) {
                    LOG.warn("a membership listener failed; its lease rounds still run on their period", e);
                }
            }
            return;
        }
        boolean reply = payload.startsWith(REPLY_PREFIX);
        int partition;
        try {
            partition = Integer.parseInt(reply ? payload.substring(REPLY_PREFIX.length()) : payload);
        } catch (NumberFormatException ignored) {
            // not ours: somebody else notified on the channel; nothing to wake
            return;
        }
        if (!reply) {
            wake(partition);
            return;
        }
        for (IntConsumer l : replyListeners) {
            try {
                l.accept(partition);
            } catch (RuntimeException e) {
                LOG.warn("a reply listener failed on partition {}; the asks it serves poll instead", partition, e);
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(sender);
        Connection c = listenConnection;
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // the listener is stopping anyway; a failed close only means the socket is already gone
            }
        }
        join(sender);
        join(listener);
        waiters.values().forEach(set -> set.forEach(LockSupport::unpark));
    }

    private static void join(Thread t) {
        boolean interrupted = false;
        while (t.isAlive()) {
            try {
                t.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
