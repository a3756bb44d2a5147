package dev.loom.store.postgres;

import dev.loom.actor.ActorType;
import dev.loom.runtime.Loom;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * One Loom node in a JVM of its own, for tests that stop it with signals: {@code ClusterNodeMain <url> <user>
 * <password> <schema> <partitions> <nodeId> <leaseTtlMillis>}. Runs the {@code tally} actor type, prints
 * {@code READY <nodeId>} once started, and on SIGTERM shuts down gracefully (drain, release leases), closes the store
 * and prints {@code STOPPED <nodeId>}.
 */
public final class ClusterNodeMain {
    private ClusterNodeMain() {
    }

    /** Counts the increments it was sent. */
    public record Tally(long total) {
    }

    public record Increment(long by) {
    }

    static ActorType<Tally, Increment> tally() {
        return ActorType.builder("tally", Tally.class, Increment.class).initialState(new Tally(0))
                .handler((ctx, s, m) -> new Tally(s.total() + m.by())).build();
    }

    public static void main(String[] args) throws InterruptedException {
        PostgresStore store = PostgresStore.open(PostgresStoreOptions.of(args[0], args[1], args[2])
                .withSchema(args[3]).withPartitions(Integer.parseInt(args[4])).withPoolSize(4));
        String nodeId = args[5];
        Loom loom = Loom.builder().store(store).actor(tally()).nodeId(nodeId)
                .leaseTtl(Duration.ofMillis(Long.parseLong(args[6]))).drainTimeout(Duration.ofSeconds(5))
                .build().start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            loom.shutdown(Duration.ofSeconds(5));
            store.close();
            System.out.println("STOPPED " + nodeId);
            System.out.flush();
            stopped.countDown();
        }));
        System.out.println("READY " + nodeId);
        System.out.flush();
        stopped.await();
    }
}
