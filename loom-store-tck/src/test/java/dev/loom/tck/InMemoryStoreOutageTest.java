package dev.loom.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.loom.actor.ActorRef;
import dev.loom.spi.DeadLetterQuery;
import dev.loom.spi.Lease;
import dev.loom.spi.StoreException;
import dev.loom.spi.StoredMessage;
import dev.loom.spi.Write;
import dev.loom.store.memory.InMemoryStore;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.slf4j.LoggerFactory;

/** What the in-memory store adds to the TCK: simulated outages and its start-up warning. */
class InMemoryStoreOutageTest {
    private final TckData data = new TckData(8);

    @Test
    void whileUnavailableEveryCallThrowsAndNothingChangesThenDataIsIntact() {
        try (InMemoryStore store = new InMemoryStore(8)) {
            ActorRef a = data.actor("alice");
            int p = data.partitionOf(a);
            Lease lease = store.leases().acquire(p, "n", StoreTckBase.TTL, TckData.T0).orElseThrow();
            long seq = store.messages().enqueue(List.of(data.message(a))).get(0);
            StoredMessage m = store.messages().fetch(p, 0, 1).get(0);

            store.setAvailable(false);
            List<Executable> calls = List.of(
                    store::ping,
                    () -> store.messages().enqueue(List.of(data.message(a))),
                    () -> store.messages().fetch(p, 0, 10),
                    () -> store.commit(List.of(data.turn(lease, m, 1).build())),
                    () -> store.journal().lastSeq(a),
                    () -> store.deadLetters().count(DeadLetterQuery.all(1)),
                    () -> store.leases().acquire(p, "other", StoreTckBase.TTL, TckData.T0.plusSeconds(999)));
            for (Executable call : calls) {
                assertThatThrownBy(call::execute).isInstanceOf(StoreException.class).hasMessageContaining("unavailable");
            }
            store.setAvailable(true);

            store.ping();
            assertThat(store.messages().fetch(p, 0, 10)).containsExactly(m);
            assertThat(store.journal().lastSeq(a)).isZero();
            assertThat(store.leases().all()).containsExactly(lease);
            assertThat(store.commit(List.of(new Write.Acknowledged(p, lease.epoch(), seq))))
                    .containsExactly(dev.loom.spi.WriteResult.APPLIED);
        }
    }

    @Test
    void creationLogsOneWarningThatNothingSurvives() {
        Logger logger = (Logger) LoggerFactory.getLogger(InMemoryStore.class);
        Level before = logger.getLevel();
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        logger.setLevel(Level.WARN);
        logger.setAdditive(false);
        try {
            new InMemoryStore().close();
        } finally {
            logger.detachAppender(appender);
            logger.setLevel(before);
            logger.setAdditive(true);
        }

        assertThat(appender.list).singleElement().satisfies(e -> {
            assertThat(e.getLevel()).isEqualTo(Level.WARN);
            assertThat(e.getFormattedMessage())
                    .isEqualTo("in-memory store: nothing survives this process; use it for tests only");
        });
    }

    @Test
    void defaultHas64PartitionsAndBadPartitionCountsAreRefused() {
        try (InMemoryStore store = new InMemoryStore()) {
            assertThat(store.partitions()).isEqualTo(64);
            assertThat(store.name()).isEqualTo("memory");
        }
        assertThatThrownBy(() -> new InMemoryStore(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("partitions must be >= 1");
    }
}
