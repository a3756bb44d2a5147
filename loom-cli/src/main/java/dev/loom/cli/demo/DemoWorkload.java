package dev.loom.cli.demo;

import dev.loom.actor.ActorRef;
import dev.loom.actor.SendOptions;
import dev.loom.examples.account.Account;
import dev.loom.examples.counter.Counter;
import dev.loom.examples.email.EmailSender;
import dev.loom.runtime.Loom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongConsumer;

/**
 * The demo's messages: counter increments, account deposits and withdrawals, and emails, each with an
 * idempotency key unique to the run; every {@code duplicateEvery}-th message is sent a second time with the
 * same key, which Loom must de-duplicate.
 *
 * @param run            this run's number (keys include it, so a later run adds to an earlier one)
 * @param messages       distinct messages to send (duplicates come on top)
 * @param counters       counter actors
 * @param accounts       account actors
 * @param mailers        email-sender actors
 * @param duplicateEvery every n-th message is sent twice
 */
record DemoWorkload(long run, int messages, int counters, int accounts, int mailers, int duplicateEvery) {

    /** A message and where it goes. */
    record Send(ActorRef target, Object message, String key) {
    }

    /** Every send of the run, duplicates included, in order. */
    List<Send> sends() {
        List<Send> sends = new ArrayList<>();
        for (int i = 0; i < messages; i++) {
            Send s = message(i);
            sends.add(s);
            if (duplicateEvery > 0 && i % duplicateEvery == duplicateEvery - 1) {
                sends.add(s);
            }
        }
        return sends;
    }

    /** Half counters, a quarter accounts (deposits, and every third a withdrawal), a quarter emails. */
    private Send message(int i) {
        String key = "run" + run + "-" + i;
        return switch (i % 4) {
            case 0, 1 -> new Send(ActorRef.of(Counter.NAME, "demo-" + (1 + i % counters)), new Counter.Increment(1), key);
            case 2 -> {
                ActorRef account = ActorRef.of(Account.NAME, "acc-" + (1 + (i / 4) % accounts));
                yield new Send(account, (i / 4) % 3 == 2 ? new Account.Withdraw(5, "w-" + key) : new Account.Deposit(10), key);
            }
            default -> new Send(ActorRef.of(EmailSender.NAME, "mailer-" + (1 + i % mailers)),
                    new EmailSender.SendEmail("user" + i + "@example.com", "Welcome #" + i), key);
        };
    }

    /** Sends every message from a few virtual threads (one per target actor group keeps per-actor order). */
    void sendAll(Loom loom, LongConsumer onSent) throws InterruptedException {
        List<Send> all = sends();
        int threads = 4;
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        List<Thread> senders = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int lane = t;
            senders.add(Thread.ofVirtual().name("demo-sender-" + t).start(() -> {
                try {
                    for (Send s : all) {
                        if (Math.floorMod(s.target().hashCode(), threads) == lane) {
                            loom.send(s.target(), s.message(), SendOptions.none().withIdempotencyKey(s.key()));
                            onSent.accept(1);
                        }
                    }
                } catch (RuntimeException e) {
                    failure.compareAndSet(null, e);
                }
            }));
        }
        for (Thread t : senders) {
            t.join();
        }
        if (failure.get() != null) {
            throw failure.get();
        }
    }
}
