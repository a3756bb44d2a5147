package dev.loom.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.loom.actor.ActorRef;
import dev.loom.spi.Envelope;
import dev.loom.spi.StoredMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A message one node enqueues reaches a worker of another node that waits in {@code awaitMessages} with a long
 * poll interval: the NOTIFY wakes it. Prints the latencies; asserts only that every message arrived, in order and
 * much sooner than the poll interval would allow on its own.
 */
class NotifyLatencyTest {
    private static final int PARTITION = 2;
    private static final Duration POLL = Duration.ofSeconds(20);

    @Test
    void aMessageEnqueuedThroughOneHandleWakesAWaitingFetchOnAnother() throws Exception {
        TestPostgres pg = TestPostgres.get();
        String schema = "notify_" + ProcessHandle.current().pid() + "_" + System.nanoTime();
        PostgresStoreOptions options = PostgresStoreOptions.of(pg.url(), TestPostgres.USER, TestPostgres.PASSWORD)
                .withSchema(schema).withPoolSize(3).withPartitions(4);
        int rounds = 20;
        try (PostgresStore sender = PostgresStore.open(options); PostgresStore receiver = PostgresStore.open(options)) {
            await().atMost(Duration.ofSeconds(30)).until(receiver::listening);
            BlockingQueue<Arrival> arrivals = new ArrayBlockingQueue<>(rounds);
            Thread worker = Thread.ofVirtual().start(() -> {
                long cursor = 0;
                while (arrivals.remainingCapacity() > 0 && !Thread.currentThread().isInterrupted()) {
                    List<StoredMessage> batch = receiver.messages().fetch(PARTITION, cursor, 100);
                    for (StoredMessage m : batch) {
                        cursor = m.seq();
                        arrivals.add(new Arrival(m, System.nanoTime()));
                    }
                    if (batch.isEmpty()) {
                        receiver.messages().awaitMessages(PARTITION, POLL);
                    }
                }
            });
            List<Long> micros = new ArrayList<>();
            ActorRef target = ActorRef.of("notify", "listener");
            for (int i = 0; i < rounds; i++) {
                Thread.sleep(30);
                Envelope e = new Envelope(UUID.randomUUID().toString(), target, PARTITION, "Ping", "{\"i\":" + i + "}",
                        null, null, null, Instant.now());
                long sent = System.nanoTime();
                sender.messages().enqueue(List.of(e));
                Arrival arrival = arrivals.poll(POLL.toSeconds() / 2, TimeUnit.SECONDS);
                assertThat(arrival).as("message %d reached the other node's waiting worker well before its poll", i)
                        .isNotNull();
                assertThat(arrival.message().envelope()).isEqualTo(e);
                micros.add((arrival.at() - sent) / 1_000);
            }
            worker.interrupt();
            worker.join(5_000);
            List<Long> sorted = micros.stream().sorted().toList();
            System.out.printf(Locale.ROOT, "[loom-store-postgres] NOTIFY wake-up, enqueue on one node to fetch on another"
                            + " (%d rounds): median %.1f ms, max %.1f ms%n", rounds, sorted.get(rounds / 2) / 1000.0,
                    sorted.get(rounds - 1) / 1000.0);
        } finally {
            pg.dropSchema(schema);
        }
    }

    private record Arrival(StoredMessage message, long at) {
    }
}
