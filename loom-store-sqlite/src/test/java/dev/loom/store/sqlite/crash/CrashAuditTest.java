package dev.loom.store.sqlite.crash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.loom.actor.ActorRef;
import dev.loom.actor.SendOptions;
import dev.loom.examples.account.Account;
import dev.loom.examples.account.PaymentGateway;
import dev.loom.examples.counter.Counter;
import dev.loom.examples.email.EmailSender;
import dev.loom.partition.Partitioner;
import dev.loom.runtime.Loom;
import dev.loom.spi.Envelope;
import dev.loom.spi.JournalEntry;
import dev.loom.spi.Lease;
import dev.loom.spi.Write;
import dev.loom.spi.WriteResult;
import dev.loom.store.sqlite.SqliteStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The crash test's audit finds what it is meant to find: a small workload run in this JVM (no kills) audits
 * clean, and each kind of damage planted in its evidence (a lost message, a second charge, a turn committed
 * twice) is reported under its property.
 */
class CrashAuditTest {
    private static final int ROUND = 1;

    @TempDir
    Path dir;

    @BeforeEach
    void runWorkload() throws Exception {
        PaymentGateway gateway = PaymentGateway.withLedger(Workload.ledger(dir));
        try (SqliteStore store = SqliteStore.open(Workload.storeOptions(dir));
             AcceptedLog log = AcceptedLog.open(dir, ROUND)) {
            Loom loom = Workload.node(store, gateway, Workload.transport()).start();
            Senders senders = new Senders(loom, log, ROUND);
            assertThat(senders.burst(120)).isEqualTo(120);
            ActorRef acct = Workload.ACCOUNTS.get(0);
            for (int n = 1; n <= 20; n++) {
                String ref = Workload.key("wd", ROUND, "audit", n, 3);
                String id = loom.send(acct, new Account.Withdraw(3, ref), SendOptions.none().withIdempotencyKey(ref))
                        .messageId();
                log.append(new AcceptedSend(ROUND, id, acct, Workload.WITHDRAW, ref, false));
                ActorRef mail = Workload.EMAIL_SENDERS.get(n % Workload.EMAIL_SENDERS.size());
                String key = Workload.key("em", ROUND, "audit", n, 0);
                String mailId = loom.send(mail, new EmailSender.SendEmail("a@example.com", "s" + n),
                        SendOptions.none().withIdempotencyKey(key)).messageId();
                log.append(new AcceptedSend(ROUND, mailId, mail, Workload.EMAIL, key, false));
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> store.messages().stats().stream()
                    .allMatch(s -> s.depth() == 0 && s.timers() == 0));
            assertThat(loom.shutdown(Duration.ofSeconds(10))).isTrue();
        }
    }

    private CrashAudit.Findings audit() throws Exception {
        try (SqliteStore store = SqliteStore.open(Workload.storeOptions(dir))) {
            return CrashAudit.audit(store, dir, AcceptedLog.readAll(dir));
        }
    }

    @Test
    void anUndamagedRunAuditsClean() throws Exception {
        CrashAudit.Findings f = audit();
        assertThat(List.of(f.lost(), f.twice(), f.payments(), f.counters(), f.emails(), f.states(), f.queues()))
                .as(f.figures()).allSatisfy(violations -> assertThat(violations).isEmpty());
        assertThat(AcceptedLog.readAll(dir)).hasSize(160);
    }

    @Test
    void aLoggedSendThatNeverReachedTheStoreIsReportedLost() throws Exception {
        try (AcceptedLog log = AcceptedLog.open(dir, ROUND)) {
            log.append(new AcceptedSend(ROUND, UUID.randomUUID().toString(), Workload.COUNTERS.get(0),
                    Workload.INCREMENT, Workload.key("inc", ROUND, "ghost", 1, 1), false));
        }
        assertThat(audit().lost()).singleElement().asString().contains("ghost");
    }

    @Test
    void aSecondChargeForAPaidWithdrawalIsReported() throws Exception {
        PaymentGateway.Charge paid = PaymentGateway.withLedger(Workload.ledger(dir)).charges().get(0);
        Files.writeString(Workload.ledger(dir), "new\tch_extra\tother-key\t" + paid.reference() + "\t" + paid.amount()
                + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        assertThat(audit().payments()).anySatisfy(v -> assertThat(v).contains(paid.reference(), "charged 2 times"));
    }

    @Test
    void aTurnCommittedTwiceIsReportedAndBreaksTheCount() throws Exception {
        ActorRef counter = Workload.COUNTERS.stream().filter(c -> {
            try (SqliteStore s = SqliteStore.open(Workload.storeOptions(dir))) {
                return s.journal().lastSeq(c) > 0;
            }
        }).findFirst().orElseThrow();
        try (SqliteStore store = SqliteStore.open(Workload.storeOptions(dir))) {
            JournalEntry done = store.journal().read(counter, 1, 1).get(0);
            long last = store.journal().lastSeq(counter);
            long value = store.journal().read(counter, 1, 100_000).size();
            int partition = Partitioner.partitionOf(counter, store.partitions());
            Instant now = Instant.now();
            Envelope again = new Envelope(done.messageId(), counter, partition, "Increment", "{\"by\":1}",
                    done.idempotencyKey(), "client", null, now);
            long seq = store.messages().enqueue(List.of(again)).get(0);
            Lease lease = store.leases().acquire(partition, "auditor", Duration.ofSeconds(30), now).orElseThrow();
            JournalEntry replayed = new JournalEntry(counter, last + 1, done.messageId(), "Increment",
                    done.idempotencyKey(), "[{\"op\":\"replace\",\"path\":\"/value\",\"value\":" + (value + 1) + "}]",
                    null, now);
            assertThat(store.commit(List.of(new Write.TurnCommit(partition, lease.epoch(), seq, replayed, null, false,
                    List.of(), List.of(), List.of(), null)))).containsExactly(WriteResult.APPLIED);
        }
        CrashAudit.Findings f = audit();
        assertThat(f.twice()).anySatisfy(v -> assertThat(v).contains("committed twice"));
        assertThat(f.counters()).singleElement().asString().contains(counter.toString());
    }
}
