package dev.loom.store.sqlite.crash;

import dev.loom.actor.ActorRef;
import dev.loom.actor.SendOptions;
import dev.loom.examples.account.Account;
import dev.loom.examples.counter.Counter;
import dev.loom.examples.email.EmailSender;
import dev.loom.runtime.Accepted;
import dev.loom.runtime.Loom;
import dev.loom.runtime.LoomUnavailableException;
import dev.loom.spi.StoreException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The child's senders: virtual threads that send continuously and log each send after it returned. Counter
 * increments (every 8th key sent twice), account deposits and withdrawals (every 10th withdrawal sent twice
 * with its key and reference), and emails at a gentler pace (a failing email holds its actor's later
 * messages back while it is retried).
 */
final class Senders {
    private final Loom loom;
    private final AcceptedLog log;
    private final int round;
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running = true;

    Senders(Loom loom, AcceptedLog log, int round) {
        this.loom = loom;
        this.log = log;
        this.round = round;
    }

    void start() {
        threads.add(Thread.ofVirtual().name("counter-sender-0").start(() -> loop("cnt0", this::counterSend)));
        threads.add(Thread.ofVirtual().name("counter-sender-1").start(() -> loop("cnt1", this::counterSend)));
        threads.add(Thread.ofVirtual().name("account-sender").start(() -> loop("acc", this::accountSend)));
        threads.add(Thread.ofVirtual().name("email-sender").start(() -> loop("mail", this::emailSend)));
    }

    void stop() throws InterruptedException {
        running = false;
        for (Thread t : threads) {
            t.join();
        }
    }

    /**
     * Sends {@code size} messages at once from as many virtual threads (counter increments and deposits) and
     * returns when every send has returned.
     *
     * @return how many sends returned (and were logged)
     */
    int burst(int size) {
        AtomicInteger accepted = new AtomicInteger();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < size; i++) {
                int n = i;
                pool.submit(() -> {
                    ThreadLocalRandom rnd = ThreadLocalRandom.current();
                    if (n % 2 == 0) {
                        ActorRef c = Workload.COUNTERS.get(rnd.nextInt(Workload.COUNTERS.size()));
                        send(c, new Counter.Increment(1), Workload.INCREMENT, Workload.key("inc", round, "burst", n, 1), false);
                    } else {
                        ActorRef a = Workload.ACCOUNTS.get(rnd.nextInt(Workload.ACCOUNTS.size()));
                        long amount = 1 + rnd.nextInt(20);
                        send(a, new Account.Deposit(amount), Workload.DEPOSIT, Workload.key("dep", round, "burst", n, amount), false);
                    }
                    accepted.incrementAndGet();
                    return null;
                });
            }
        }
        return accepted.get();
    }

    private interface OneSend {
        void send(String sender, long n);
    }

    private void loop(String sender, OneSend each) {
        for (long n = 1; running; n++) {
            try {
                each.send(sender, n);
            } catch (LoomUnavailableException e) {
                return;
            } catch (StoreException e) {
                System.err.println("send failed, nothing accepted: " + e.getMessage());
                pause(50);
            }
        }
    }

    private void counterSend(String sender, long n) {
        ActorRef c = Workload.COUNTERS.get(ThreadLocalRandom.current().nextInt(Workload.COUNTERS.size()));
        String key = Workload.key("inc", round, sender, n, 1);
        boolean twice = n % 8 == 0;
        send(c, new Counter.Increment(1), Workload.INCREMENT, key, twice);
        if (twice) {
            send(c, new Counter.Increment(1), Workload.INCREMENT, key, true);
        }
    }

    private void accountSend(String sender, long n) {
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        ActorRef a = Workload.ACCOUNTS.get(rnd.nextInt(Workload.ACCOUNTS.size()));
        if (rnd.nextInt(10) < 6) {
            long amount = 1 + rnd.nextInt(20);
            send(a, new Account.Deposit(amount), Workload.DEPOSIT, Workload.key("dep", round, sender, n, amount), false);
        } else {
            long amount = 1 + rnd.nextInt(25);
            String reference = Workload.key("wd", round, sender, n, amount);
            boolean twice = n % 10 == 0;
            Account.Withdraw w = new Account.Withdraw(amount, reference);
            send(a, w, Workload.WITHDRAW, reference, twice);
            if (twice) {
                send(a, w, Workload.WITHDRAW, reference, true);
            }
        }
    }

    private void emailSend(String sender, long n) {
        ActorRef m = Workload.EMAIL_SENDERS.get(ThreadLocalRandom.current().nextInt(Workload.EMAIL_SENDERS.size()));
        send(m, new EmailSender.SendEmail("user" + n + "@example.com", "round " + round + " #" + n), Workload.EMAIL,
                Workload.key("em", round, sender, n, 0), false);
        pause(20);
    }

    private void send(ActorRef target, Object message, String kind, String key, boolean duplicated) {
        Accepted sent = loom.send(target, message, SendOptions.none().withIdempotencyKey(key));
        // A repeat answered with the first copy's id owes nothing new: that copy's line is already in the log.
        if (!sent.deduplicated()) {
            log.append(new AcceptedSend(round, sent.messageId(), target, kind, key, duplicated));
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
