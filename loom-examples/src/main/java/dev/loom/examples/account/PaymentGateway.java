package dev.loom.examples.account;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A payment gateway as the {@code account} and {@code payments} examples call it: a real component that records
 * every call, every charge and every refund, so tests can prove a withdrawal or an order is charged (and refunded)
 * once. Like real payment APIs it de-duplicates by idempotency key: a repeated call with a known key returns the
 * first charge (or refund) and charges (or refunds) nothing.
 *
 * <p>Loom runs a durable step's side effect at least once: a turn re-run after a crash, or run by a partition's new
 * holder while a paused old holder wakes up, calls the gateway again with the same key ({@code type/id/messageId/index}).
 * The de-duplication must therefore be as durable and as shared as the charges are.
 *
 * <p>With a ledger file, it is: every call takes an exclusive lock on the file (an OS lock, so it holds between
 * processes on one host), reads what other processes appended since, decides by key, appends its line and forces it
 * to disk before returning. Any number of processes sharing the ledger charge a key once, and the record survives
 * any of them being killed. A line a killed process left half-written (its call never returned) is cut off by the
 * next writer. The in-memory gateway de-duplicates only within its process.
 *
 * <p>It can be taken down ({@link #setAvailable}) to play an outage: every call then fails with
 * {@link PaymentGatewayUnavailableException} and charges nothing.
 *
 * <p>Ledger format: one line per call, tab-separated: {@code new|dup, chargeId, idempotencyKey, reference, amount}
 * for a charge, {@code refund|refund-dup, refundId, idempotencyKey, chargeId, amount} for a refund.
 */
public final class PaymentGateway {
    /**
     * One charge.
     *
     * @param chargeId       the gateway's id
     * @param idempotencyKey the caller's key
     * @param reference      the caller's reference (e.g. a withdrawal id)
     * @param amount         amount charged
     */
    public record Charge(String chargeId, String idempotencyKey, String reference, long amount) {
    }

    /**
     * One refund.
     *
     * @param refundId       the gateway's id
     * @param idempotencyKey the caller's key
     * @param chargeId       the charge refunded
     * @param amount         amount refunded (the whole charge)
     */
    public record Refund(String refundId, String idempotencyKey, String chargeId, long amount) {
    }

    /**
     * OS file locks are held per JVM (a second channel's overlapping lock throws instead of waiting), so gateways of
     * one JVM on the same ledger take this lock first.
     */
    private static final Map<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

    private final Map<String, Charge> byKey = new LinkedHashMap<>();
    private final Map<String, Refund> refundsByKey = new LinkedHashMap<>();
    private final Map<String, Integer> callsByKey = new LinkedHashMap<>();
    private int calls;
    private final Path path;
    private final FileChannel ledger;
    /** Where the next unread line of the ledger starts. */
    private long readPosition;

    private final ReentrantLock inProcess;
    private volatile boolean available = true;

    private PaymentGateway(Path path, FileChannel ledger) {
        this.path = path;
        this.ledger = ledger;
        this.inProcess = path == null ? new ReentrantLock()
                : IN_PROCESS.computeIfAbsent(path.toAbsolutePath().normalize(), p -> new ReentrantLock());
    }

    /** A gateway that keeps its record in memory (de-duplicating within this process only). */
    public static PaymentGateway inMemory() {
        return new PaymentGateway(null, null);
    }

    /**
     * A gateway whose record is the ledger file at {@code path} (created if missing, read if present), shared with
     * every other process that opens the same file.
     *
     * @throws UncheckedIOException if the ledger cannot be read or opened
     */
    public static PaymentGateway withLedger(Path path) {
        try {
            if (path.getParent() != null) {
                Files.createDirectories(path.getParent());
            }
            FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            PaymentGateway g = new PaymentGateway(path, ch);
            g.refresh();
            return g;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open payment ledger " + path + ": " + e.getMessage(), e);
        }
    }

    /** Takes the gateway down ({@code false}: every call fails) or brings it back ({@code true}). */
    public void setAvailable(boolean up) {
        this.available = up;
    }

    /** Whether the gateway answers calls now. */
    public boolean available() {
        return available;
    }

    /**
     * Charges {@code amount} for {@code reference}, unless a charge with {@code idempotencyKey} exists (made by any
     * process sharing the ledger), in which case that charge's id is returned and nothing is charged.
     *
     * @return the charge id
     * @throws UncheckedIOException if the ledger cannot be read or written; then nothing was charged
     * @throws PaymentGatewayUnavailableException while the gateway is down (nothing is charged or recorded)
     */
    public synchronized String charge(String idempotencyKey, String reference, long amount) {
        if (!available) {
            throw new PaymentGatewayUnavailableException("payment gateway unavailable (HTTP 503); charge for "
                    + reference + " not made");
        }
        if (ledger == null) {
            return decide(idempotencyKey, reference, amount).chargeId();
        }
        return underLedgerLock(() -> {
            Charge existing = byKey.get(idempotencyKey);
            Charge c = existing != null ? existing : newCharge(idempotencyKey, reference, amount);
            String kind = existing != null ? "dup" : "new";
            appendLine(kind + "\t" + c.chargeId() + "\t" + idempotencyKey + "\t" + reference + "\t" + amount);
            remember(kind, c);
            return c.chargeId();
        });
    }

    /**
     * Refunds the whole charge {@code chargeId}, unless a refund with {@code idempotencyKey} exists (made by any
     * process sharing the ledger), in which case that refund's id is returned and nothing is refunded.
     *
     * @return the refund id
     * @throws IllegalArgumentException if no charge has this id, or it was already refunded under another key
     * @throws UncheckedIOException     if the ledger cannot be read or written; then nothing was refunded
     */
    public synchronized String refund(String idempotencyKey, String chargeId) {
        if (ledger == null) {
            Refund r = decideRefund(idempotencyKey, chargeId);
            rememberRefund(kindOf(r), r);
            return r.refundId();
        }
        return underLedgerLock(() -> {
            Refund r = decideRefund(idempotencyKey, chargeId);
            String kind = kindOf(r);
            appendLine(kind + "\t" + r.refundId() + "\t" + idempotencyKey + "\t" + chargeId + "\t" + r.amount());
            rememberRefund(kind, r);
            return r.refundId();
        });
    }

    /** The refund for this key: the one made before, or a new one (not yet remembered). */
    private Refund decideRefund(String key, String chargeId) {
        Refund existing = refundsByKey.get(key);
        if (existing != null) {
            return existing;
        }
        Charge charge = byKey.values().stream().filter(c -> c.chargeId().equals(chargeId)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no charge " + chargeId + " to refund"));
        refundsByKey.values().stream().filter(r -> r.chargeId().equals(chargeId)).findFirst().ifPresent(r -> {
            throw new IllegalArgumentException("charge " + chargeId + " was already refunded as " + r.refundId()
                    + " (key " + r.idempotencyKey() + ")");
        });
        return new Refund("re_" + (refundsByKey.size() + 1), key, chargeId, charge.amount());
    }

    private String kindOf(Refund r) {
        return refundsByKey.containsKey(r.idempotencyKey()) ? "refund-dup" : "refund";
    }

    private void rememberRefund(String kind, Refund r) {
        calls++;
        callsByKey.merge(r.idempotencyKey(), 1, Integer::sum);
        if (kind.equals("refund")) {
            refundsByKey.putIfAbsent(r.idempotencyKey(), r);
        }
    }

    /** A decision taken and written under the ledger's exclusive lock. */
    @FunctionalInterface
    private interface LedgerCall {
        String run() throws IOException;
    }

    /**
     * Runs {@code call} holding the ledger's lock (this JVM's, then the OS lock), after reading what other processes
     * appended and cutting a line a killed process left half-written (that call never returned, so it changed
     * nothing).
     */
    private String underLedgerLock(LedgerCall call) {
        inProcess.lock();
        try (FileLock lock = ledger.lock()) {
            catchUp();
            if (ledger.size() > readPosition) {
                ledger.truncate(readPosition);
            }
            return call.run();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the payment ledger " + path + ": " + e.getMessage(), e);
        } finally {
            inProcess.unlock();
        }
    }

    /** Appends one line at the end of what was read and forces it to disk (the caller holds the lock). */
    private void appendLine(String line) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
        long at = readPosition;
        while (buf.hasRemaining()) {
            at += ledger.write(buf, at);
        }
        ledger.force(false);
        readPosition = at;
    }

    private Charge decide(String key, String reference, long amount) {
        Charge existing = byKey.get(key);
        Charge c = existing != null ? existing : newCharge(key, reference, amount);
        remember(existing != null ? "dup" : "new", c);
        return c;
    }

    private Charge newCharge(String key, String reference, long amount) {
        return new Charge("ch_" + (byKey.size() + 1), key, reference, amount);
    }

    private void remember(String kind, Charge c) {
        calls++;
        callsByKey.merge(c.idempotencyKey(), 1, Integer::sum);
        if (kind.equals("new")) {
            byKey.putIfAbsent(c.idempotencyKey(), c);
        }
    }

    /** Reads the calls other processes appended, under a shared lock. */
    private void refresh() {
        if (ledger == null) {
            return;
        }
        inProcess.lock();
        try (FileLock lock = ledger.lock(0, Long.MAX_VALUE, true)) {
            catchUp();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the payment ledger " + path + ": " + e.getMessage(), e);
        } finally {
            inProcess.unlock();
        }
    }

    /** Reads complete lines from {@link #readPosition} on (the caller holds a lock); a partial last line is left. */
    private void catchUp() throws IOException {
        long size = ledger.size();
        if (size <= readPosition) {
            return;
        }
        ByteBuffer buf = ByteBuffer.allocate((int) Math.min(Integer.MAX_VALUE - 8, size - readPosition));
        long at = readPosition;
        while (buf.hasRemaining() && at < size) {
            int n = ledger.read(buf, at);
            if (n < 0) {
                break;
            }
            at += n;
        }
        byte[] bytes = buf.array();
        int end = buf.position() - 1;
        while (end >= 0 && bytes[end] != '\n') {
            end--;
        }
        if (end < 0) {
            return;
        }
        for (String line : new String(bytes, 0, end, StandardCharsets.UTF_8).split("\n", -1)) {
            String[] f = line.split("\t", -1);
            if (f.length == 5 && (f[0].equals("new") || f[0].equals("dup"))) {
                remember(f[0], new Charge(f[1], f[2], f[3], Long.parseLong(f[4])));
            } else if (f.length == 5 && (f[0].equals("refund") || f[0].equals("refund-dup"))) {
                rememberRefund(f[0], new Refund(f[1], f[2], f[3], Long.parseLong(f[4])));
            }
        }
        readPosition += end + 1;
    }

    /** Every charge made, in order. */
    public synchronized List<Charge> charges() {
        refresh();
        return List.copyOf(byKey.values());
    }

    /** Charges made for {@code reference}. */
    public synchronized List<Charge> chargesFor(String reference) {
        refresh();
        return byKey.values().stream().filter(c -> c.reference().equals(reference)).toList();
    }

    /** The charge with this key, if any. */
    public synchronized Optional<Charge> byKey(String key) {
        refresh();
        return Optional.ofNullable(byKey.get(key));
    }

    /** Every refund made, in order. */
    public synchronized List<Refund> refunds() {
        refresh();
        return List.copyOf(refundsByKey.values());
    }

    /** Refunds of the charges made for {@code reference}. */
    public synchronized List<Refund> refundsFor(String reference) {
        refresh();
        List<String> charges = byKey.values().stream().filter(c -> c.reference().equals(reference))
                .map(Charge::chargeId).toList();
        return refundsByKey.values().stream().filter(r -> charges.contains(r.chargeId())).toList();
    }

    /** Number of calls (charges and refunds), including repeated ones that changed nothing. */
    public synchronized int calls() {
        refresh();
        return calls;
    }

    /**
     * Calls per idempotency key, in the order keys were first seen: a key with more than one call is a side effect
     * that ran again (a re-run turn, or a paused node's late step) and was de-duplicated here.
     */
    public synchronized Map<String, Integer> callsPerKey() {
        refresh();
        return Collections.unmodifiableMap(new LinkedHashMap<>(callsByKey));
    }
}
