package dev.loom.http.studio;

import dev.loom.http.Caller;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Short-lived, single-use tickets that open one event stream each. A browser's {@code EventSource} cannot send an
 * {@code Authorization} header, so a page that holds a bearer token trades it, with a POST that carries the header,
 * for a ticket it may put in the stream's URL: the ticket is random (256 bits), is redeemed at most once, expires
 * after {@link #TTL}, and grants what the caller's token granted and nothing more. A ticket seen in a URL log is
 * useless by the time anyone reads it; the token never appears in a URL.
 */
public final class StreamTickets {
    /** How long an issued ticket can be redeemed. */
    public static final Duration TTL = Duration.ofSeconds(30);
    /** Tickets outstanding at most; beyond it, issuing refuses until some are redeemed or expire. */
    static final int MAX_OUTSTANDING = 10_000;

    private final SecureRandom random = new SecureRandom();
    private final Map<String, Issued> issued = new ConcurrentHashMap<>();
    private final Clock clock;

    /** A ticket as issued: the text to send and when it stops being accepted. */
    public record Ticket(String text, Instant expiresAt) {
    }

    private record Issued(Caller caller, Instant expiresAt) {
    }

    public StreamTickets(Clock clock) {
        this.clock = clock;
    }

    /**
     * A new ticket for {@code caller}.
     *
     * @throws IllegalStateException if {@link #MAX_OUTSTANDING} tickets are outstanding
     */
    public Ticket issue(Caller caller) {
        Instant now = clock.instant();
        for (Iterator<Issued> it = issued.values().iterator(); it.hasNext(); ) {
            if (!it.next().expiresAt().isAfter(now)) {
                it.remove();
            }
        }
        if (issued.size() >= MAX_OUTSTANDING) {
            throw new IllegalStateException(MAX_OUTSTANDING + " stream tickets are outstanding; redeem or let them expire");
        }
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String text = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Instant expiresAt = now.plus(TTL);
        issued.put(text, new Issued(caller, expiresAt));
        return new Ticket(text, expiresAt);
    }

    /** The caller a ticket was issued to, once: a second redeem, an unknown or an expired ticket give empty. */
    public Optional<Caller> redeem(String text) {
        Issued i = issued.remove(text);
        if (i == null || !i.expiresAt().isAfter(clock.instant())) {
            return Optional.empty();
        }
        return Optional.of(i.caller());
    }
}
