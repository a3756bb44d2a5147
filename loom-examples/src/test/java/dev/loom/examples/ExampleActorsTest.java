package dev.loom.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.loom.actor.ActorRef;
import dev.loom.actor.ActorType;
import dev.loom.actor.SendOptions;
import dev.loom.breaker.BreakerSettings;
import dev.loom.breaker.Breakers;
import dev.loom.examples.account.Account;
import dev.loom.examples.account.PaymentGateway;
import dev.loom.examples.counter.Counter;
import dev.loom.examples.email.EmailSender;
import dev.loom.examples.email.EmailTransport;
import dev.loom.examples.reminder.Reminder;
import dev.loom.runtime.Accepted;
import dev.loom.runtime.Loom;
import dev.loom.spi.DeadLetterQuery;
import dev.loom.store.memory.InMemoryStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The example actors behave as documented (the docs, demo and tests rely on them). */
class ExampleActorsTest {
    private final InMemoryStore store = new InMemoryStore(8);
    private Loom loom;

    private Loom start(List<ActorType<?, ?>> types) {
        var b = Loom.builder().store(store).pollInterval(Duration.ofMillis(20)).timerInterval(Duration.ofMillis(10));
        types.forEach(b::actor);
        loom = b.build().start();
        return loom;
    }

    @AfterEach
    void stop() {
        if (loom != null) {
            loom.close();
        }
    }

    @Test
    void counterCountsAndRepliesWithDuplicatesIgnored() {
        Loom l = start(List.of(Counter.type()));
        ActorRef c = ActorRef.of("counter", "c1");
        Accepted first = l.send(c, new Counter.Increment(2), SendOptions.none().withIdempotencyKey("i-1"));
        Accepted repeat = l.send(c, new Counter.Increment(2), SendOptions.none().withIdempotencyKey("i-1"));
        assertThat(repeat).isEqualTo(new Accepted(first.messageId(), true));
        l.send(c, new Counter.Increment(3));
        assertThat(l.ask(c, new Counter.Get(), Duration.ofSeconds(5)).as(Long.class)).isEqualTo(5L);
        l.send(c, new Counter.Reset());
        assertThat(l.ask(c, new Counter.Get(), Duration.ofSeconds(5)).as(Long.class)).isZero();
    }

    @Test
    void aWithdrawalChargesTheGatewayOnceEvenWhenRepeatedWithItsKey(@TempDir Path dir) {
        PaymentGateway gateway = PaymentGateway.withLedger(dir.resolve("ledger.tsv"));
        Loom l = start(List.of(Account.type(gateway)));
        ActorRef acct = ActorRef.of("account", "alice");
        l.send(acct, new Account.Deposit(100));
        var w = new Account.Withdraw(30, "w-1");
        var first = l.ask(acct, w, SendOptions.none().withIdempotencyKey("w-1"), Duration.ofSeconds(5))
                .as(Account.WithdrawResult.class);
        var again = l.ask(acct, w, SendOptions.none().withIdempotencyKey("w-1"), Duration.ofSeconds(5));
        assertThat(first.ok()).isTrue();
        assertThat(again.deduplicated()).isTrue();
        assertThat(again.as(Account.WithdrawResult.class)).isEqualTo(first);
        var refused = l.ask(acct, new Account.Withdraw(500, "w-2"), Duration.ofSeconds(5)).as(Account.WithdrawResult.class);
        assertThat(refused.ok()).isFalse();
        assertThat(refused.reason()).contains("insufficient");
        assertThat(l.ask(acct, new Account.GetBalance(), Duration.ofSeconds(5)).as(Long.class)).isEqualTo(70L);
        assertThat(gateway.chargesFor("w-1")).hasSize(1);
        assertThat(gateway.chargesFor("w-2")).isEmpty();
        assertThat(PaymentGateway.withLedger(dir.resolve("ledger.tsv")).charges()).containsExactlyElementsOf(gateway.charges());
    }

    @Test
    void withdrawalsWaitForThePaymentGatewayBreakerDuringAnOutageAndAreChargedOnceWhenItIsBack() {
        PaymentGateway gateway = PaymentGateway.inMemory();
        var b = Loom.builder().store(store).pollInterval(Duration.ofMillis(20)).timerInterval(Duration.ofMillis(10))
                .breakers(new Breakers(BreakerSettings.DEFAULT, Map.of(Account.GATEWAY_BREAKER,
                        new BreakerSettings(2, 1, Duration.ofMinutes(10)))))
                .actor(Account.type(gateway));
        loom = b.build().start();
        ActorRef acct = ActorRef.of("account", "bob");
        loom.send(acct, new Account.Deposit(100));
        gateway.setAvailable(false);
        loom.send(acct, new Account.Withdraw(10, "w-1"));
        loom.send(acct, new Account.Withdraw(20, "w-2"));
        await().atMost(Duration.ofSeconds(20)).until(() -> !loom.breakers().isClosed(Account.GATEWAY_BREAKER)
                && loom.breakers().find(Account.GATEWAY_BREAKER).orElseThrow().state().equals("OPEN"));
        assertThat(loom.deadLetters().count(DeadLetterQuery.all(10))).isZero();
        assertThat(gateway.charges()).isEmpty();

        gateway.setAvailable(true);
        assertThat(loom.breakers().reset(Account.GATEWAY_BREAKER)).isTrue();
        await().atMost(Duration.ofSeconds(20)).until(() -> loom.state(acct).seq() == 3);
        assertThat(loom.ask(acct, new Account.GetBalance(), Duration.ofSeconds(5)).as(Long.class)).isEqualTo(70L);
        assertThat(gateway.charges()).extracting(PaymentGateway.Charge::reference).containsExactly("w-1", "w-2");
        assertThat(loom.deadLetters().count(DeadLetterQuery.all(10))).isZero();
    }

    @Test
    void failingEmailsAreDeadLetteredAndRedrivenOnceTheTransportRecovers() {
        EmailTransport transport = new EmailTransport(0.5);
        Loom l = start(List.of(EmailSender.type(transport)));
        ActorRef sender = ActorRef.of("email-sender", "news");
        int failing = 0;
        for (int i = 0; i < 40; i++) {
            String id = l.send(sender, new EmailSender.SendEmail("u" + i + "@example.com", "hello")).messageId();
            failing += transport.fails(id) ? 1 : 0;
        }
        int expectedDead = failing;
        assertThat(expectedDead).isBetween(1, 39);
        await().atMost(Duration.ofSeconds(20)).until(() -> l.deadLetters().count(DeadLetterQuery.all(100)) == expectedDead
                && transport.sent().size() == 40 - expectedDead);
        assertThat(l.deadLetters().list(DeadLetterQuery.all(100)))
                .allSatisfy(dl -> assertThat(dl.attempts()).isEqualTo(EmailSender.RETRY.maxAttempts()));

        transport.setFailureRate(0);
        assertThat(l.deadLetters().redriveMatching(new DeadLetterQuery("email-sender", null, null, null, 100)))
                .isEqualTo(expectedDead);
        await().atMost(Duration.ofSeconds(20)).until(() -> transport.sent().size() == 40);
        assertThat(l.deadLetters().count(DeadLetterQuery.all(100))).isZero();
        assertThat(l.state(sender).as(EmailSender.Outbox.class).sent()).isEqualTo(40);
    }

    @Test
    void theReminderTicksUntilStopped() {
        Loom l = start(List.of(Reminder.type()));
        ActorRef r = ActorRef.of("reminder", "r1");
        l.send(r, new Reminder.Start(30, false));
        await().atMost(Duration.ofSeconds(5)).until(() -> l.state(r).as(Reminder.Ticks.class).ticks() >= 3);
        l.send(r, new Reminder.Stop());
        await().atMost(Duration.ofSeconds(5)).until(() -> !l.state(r).as(Reminder.Ticks.class).running());
        assertThat(store.timers().forActor(r)).isEmpty();
    }

    @Test
    void theProviderRegistersEveryExampleType() {
        assertThat(new ExampleActors().actorTypes()).extracting(ActorType::name)
                .containsExactly("counter", "account", "email-sender", "reminder", "order", "inventory", "payments",
                        "shipping", "page-reader", "documents", "expenses", "approvers");
    }
}
