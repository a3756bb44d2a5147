package dev.loom.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loom.actor.ActorRef;
import dev.loom.spi.IdempotencyRecord;
import dev.loom.spi.Lease;
import dev.loom.spi.StoredMessage;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Idempotency records: inserted by turns, visible until they expire, first record wins, purge. */
public abstract class IdempotencyTck extends StoreTckBase {
    private static final Instant HOUR = TckData.T0.plus(Duration.ofHours(1));

    @Test
    void recordIsFoundBeforeItExpiresAndNotAfter() {
        ActorRef a = data.actor("alice");
        StoredMessage handled = enqueueFor(a);
        commitApplied(data.turn(leaseFor(a), handled, 1).idempotency("k1", "{\"ok\":true}", HOUR).build());

        assertThat(store.idempotency().find(a, "k1", TckData.T0.plusSeconds(60))).contains(new IdempotencyRecord(a,
                "k1", handled.envelope().messageId(), "{\"ok\":true}", TckData.T0, HOUR));
        assertThat(store.idempotency().find(a, "k1", HOUR.minusMillis(1))).isPresent();
        assertThat(store.idempotency().find(a, "k1", HOUR.plusSeconds(1))).isEmpty();
        assertThat(store.idempotency().find(a, "other", TckData.T0)).isEmpty();
    }

    @Test
    void keysAreScopedToTheirActor() {
        ActorRef a = data.actor("alice");
        ActorRef b = data.actor("bob");
        commitApplied(data.turn(leaseFor(a), enqueueFor(a), 1).idempotency("k", "\"a\"", HOUR).build());

        assertThat(store.idempotency().find(b, "k", TckData.T0)).isEmpty();
        commitApplied(data.turn(leaseFor(b), enqueueFor(b), 1).idempotency("k", "\"b\"", HOUR).build());
        assertThat(store.idempotency().find(a, "k", TckData.T0).orElseThrow().reply()).isEqualTo("\"a\"");
        assertThat(store.idempotency().find(b, "k", TckData.T0).orElseThrow().reply()).isEqualTo("\"b\"");
    }

    @Test
    void aDuplicateKeyInALaterTurnKeepsTheFirstRecordAndTheTurnStillCommits() {
        ActorRef a = data.actor("alice");
        Lease lease = leaseFor(a);
        StoredMessage first = enqueueFor(a);
        commitApplied(data.turn(lease, first, 1).idempotency("k", "\"first\"", HOUR).build());

        commitApplied(data.turn(lease, enqueueFor(a), 2).idempotency("k", "\"second\"", HOUR.plusSeconds(600)).build());

        IdempotencyRecord kept = store.idempotency().find(a, "k", TckData.T0).orElseThrow();
        assertThat(kept.reply()).isEqualTo("\"first\"");
        assertThat(kept.messageId()).isEqualTo(first.envelope().messageId());
        assertThat(kept.expiresAt()).isEqualTo(HOUR);
        assertThat(store.journal().lastSeq(a)).isEqualTo(2);
    }

    @Test
    void purgeExpiredDeletesOnlyExpiredRecords() {
        ActorRef a = data.actor("alice");
        Lease lease = leaseFor(a);
        commitApplied(data.turn(lease, enqueueFor(a), 1).idempotency("short", "1", HOUR).build());
        commitApplied(data.turn(lease, enqueueFor(a), 2).idempotency("long", "2", HOUR.plus(Duration.ofHours(2))).build());

        assertThat(store.idempotency().purgeExpired(TckData.T0)).isZero();
        assertThat(store.idempotency().purgeExpired(HOUR.plus(Duration.ofHours(1)))).isEqualTo(1);

        assertThat(store.idempotency().find(a, "short", TckData.T0)).as("purged record, asked before its expiry")
                .isEmpty();
        assertThat(store.idempotency().find(a, "long", TckData.T0)).isPresent();
        assertThat(store.idempotency().purgeExpired(HOUR.plus(Duration.ofHours(1)))).isZero();
    }
}
