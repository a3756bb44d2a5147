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
 * A payment gateway as the {@code account} example calls it: a real in-process component that records every
 * call and every charge, so tests can prove a withdrawal is charged once. Like real gateways it de-duplicates
 * by idempotency key: a repeated call with a known key returns the first charge and charges nothing.
 *
 * <p>It can be taken down ({@link #setAvailable}) to play an outage: every call then fails with
 * {@link PaymentGatewayUnavailableException} and charges nothing.
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

    private final Map<String, Charge> byKey = new LinkedHashMap<>();
    private final List<String> calls = new ArrayList<>();
    private final FileChannel ledger;
    private volatile boolean available = true;

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
                if (f.length == 5) {
                    g.remember(f[0], new Charge(f[1], f[2], f[3], Long.parseLong(f[4])));
                }
            }
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
     * Charges {@code amount} for {@code reference}, unless a charge with {@code idempotencyKey} exists, in which
     * case that charge's id is returned and nothing is charged.
     *
     * @return the charge id
     * @throws PaymentGatewayUnavailableException while the gateway is down (nothing is charged or recorded)
     */
    public synchronized String charge(String idempotencyKey, String reference, long amount) {
        if (!available) {
            throw new PaymentGatewayUnavailableException("payment gateway unavailable (HTTP 503); charge for "
                    + reference + " not made");
        }
        Charge existing = byKey.get(idempotencyKey);
        Charge c = existing != null ? existing
                : new Charge("ch_" + (byKey.size() + 1), idempotencyKey, reference, amount);
        append((existing != null ? "dup" : "new") + "\t" + c.chargeId() + "\t" + idempotencyKey + "\t" + reference
                + "\t" + amount);
        remember(existing != null ? "dup" : "new", c);
        return c.chargeId();
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

    /** The charge with this key, if any. */
    public synchronized Optional<Charge> byKey(String key) {
        return Optional.ofNullable(byKey.get(key));
    }

    /** Number of calls, including repeated ones that charged nothing. */
    public synchronized int calls() {
        return calls.size();
    }
}
