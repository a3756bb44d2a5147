package dev.loom.examples.account;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A payment gateway as the {@code account} and {@code payments} examples call it: a real in-process component
 * that records every call, every charge and every refund, so tests can prove a withdrawal or an order is charged
 * (and refunded) once. Like real gateways it de-duplicates by idempotency key: a repeated call with a known key
 * returns the first charge (or refund) and charges (or refunds) nothing.
 *
 * <p>With a ledger file, every call is appended and forced to disk before it returns, and the ledger is read
 * back at construction, so the record survives the process being killed (crash tests count charges across
 * restarts).
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

    private final Map<String, Charge> byKey = new LinkedHashMap<>();
    private final Map<String, Refund> refundsByKey = new LinkedHashMap<>();
    private final List<String> calls = new ArrayList<>();
    private final FileChannel ledger;

    private PaymentGateway(FileChannel ledger) {
        this.ledger = ledger;
    }

    /** A gateway that keeps its record in memory. */
    public static PaymentGateway inMemory() {
        return new PaymentGateway(null);
    }

    /**
     * A gateway whose record is the ledger file at {@code path} (created if missing, read if present).
     *
     * @throws UncheckedIOException if the ledger cannot be read or opened
     */
    public static PaymentGateway withLedger(Path path) {
        try {
            if (path.getParent() != null) {
                Files.createDirectories(path.getParent());
            }
            FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND);
            PaymentGateway g = new PaymentGateway(ch);
            for (String line : Files.readAllLines(path, StandardCharsets.UTF_8)) {
                String[] f = line.split("\t", -1);
                if (f.length == 5 && f[0].startsWith("refund")) {
                    g.rememberRefund(f[0], new Refund(f[1], f[2], f[3], Long.parseLong(f[4])));
                } else if (f.length == 5) {
                    g.remember(f[0], new Charge(f[1], f[2], f[3], Long.parseLong(f[4])));
                }
            }
            return g;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open payment ledger " + path + ": " + e.getMessage(), e);
        }
    }

    /**
     * Charges {@code amount} for {@code reference}, unless a charge with {@code idempotencyKey} exists, in which
     * case that charge's id is returned and nothing is charged.
     *
     * @return the charge id
     */
    public synchronized String charge(String idempotencyKey, String reference, long amount) {
        Charge existing = byKey.get(idempotencyKey);
        Charge c = existing != null ? existing
                : new Charge("ch_" + (byKey.size() + 1), idempotencyKey, reference, amount);
        append((existing != null ? "dup" : "new") + "\t" + c.chargeId() + "\t" + idempotencyKey + "\t" + reference
                + "\t" + amount);
        remember(existing != null ? "dup" : "new", c);
        return c.chargeId();
    }

    /**
     * Refunds the whole charge {@code chargeId}, unless a refund with {@code idempotencyKey} exists, in which case
     * that refund's id is returned and nothing is refunded.
     *
     * @return the refund id
     * @throws IllegalArgumentException if no charge has this id, or it was already refunded under another key
     */
    public synchronized String refund(String idempotencyKey, String chargeId) {
        Refund existing = refundsByKey.get(idempotencyKey);
        if (existing == null) {
            Charge charge = byKey.values().stream().filter(c -> c.chargeId().equals(chargeId)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no charge " + chargeId + " to refund"));
            refundsByKey.values().stream().filter(r -> r.chargeId().equals(chargeId)).findFirst().ifPresent(r -> {
                throw new IllegalArgumentException("charge " + chargeId + " was already refunded as " + r.refundId()
                        + " (key " + r.idempotencyKey() + ")");
            });
            Refund r = new Refund("re_" + (refundsByKey.size() + 1), idempotencyKey, chargeId, charge.amount());
            append("refund\t" + r.refundId() + "\t" + idempotencyKey + "\t" + chargeId + "\t" + r.amount());
            rememberRefund("refund", r);
            return r.refundId();
        }
        append("refund-dup\t" + existing.refundId() + "\t" + idempotencyKey + "\t" + chargeId + "\t"
                + existing.amount());
        rememberRefund("refund-dup", existing);
        return existing.refundId();
    }

    private void rememberRefund(String kind, Refund r) {
        calls.add(r.idempotencyKey());
        if (kind.equals("refund")) {
            refundsByKey.put(r.idempotencyKey(), r);
        }
    }

    private void remember(String kind, Charge c) {
        calls.add(c.idempotencyKey());
        if (kind.equals("new")) {
            byKey.put(c.idempotencyKey(), c);
        }
    }

    private void append(String line) {
        if (ledger == null) {
            return;
        }
        try {
            ByteBuffer buf = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
            while (buf.hasRemaining()) {
                ledger.write(buf);
            }
            ledger.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the payment ledger: " + e.getMessage(), e);
        }
    }

    /** Every charge made, in order. */
    public synchronized List<Charge> charges() {
        return List.copyOf(byKey.values());
    }

    /** Charges made for {@code reference}. */
    public synchronized List<Charge> chargesFor(String reference) {
        return byKey.values().stream().filter(c -> c.reference().equals(reference)).toList();
    }

    /** Every refund made, in order. */
    public synchronized List<Refund> refunds() {
        return List.copyOf(refundsByKey.values());
    }

    /** Refunds of the charges made for {@code reference}. */
    public synchronized List<Refund> refundsFor(String reference) {
        List<String> charges = chargesFor(reference).stream().map(Charge::chargeId).toList();
        return refundsByKey.values().stream().filter(r -> charges.contains(r.chargeId())).toList();
    }

    /** The charge with this key, if any. */
    public synchronized Optional<Charge> byKey(String key) {
        return Optional.ofNullable(byKey.get(key));
    }

    /** Number of calls (charges and refunds), including repeated ones that changed nothing. */
    public synchronized int calls() {
        return calls.size();
    }
}
