package dev.loom.http.studio;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loom.config.Role;
import dev.loom.config.TokenScope;
import dev.loom.http.Caller;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StreamTicketsTest {
    private static final Caller READER = new Caller("token-1", Role.READER, TokenScope.UNRESTRICTED);

    /** A clock the test moves. */
    private static final class Manual extends Clock {
        Instant now = Instant.parse("2030-01-01T00:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void aTicketIsRedeemedOnceForItsCallerAndNotAfterItExpires() {
        Manual clock = new Manual();
        StreamTickets tickets = new StreamTickets(clock);
        StreamTickets.Ticket t = tickets.issue(READER);
        assertThat(t.expiresAt()).isEqualTo(clock.now.plus(StreamTickets.TTL));
        assertThat(tickets.redeem(t.text())).contains(READER);
        assertThat(tickets.redeem(t.text())).as("single use").isEmpty();

        StreamTickets.Ticket late = tickets.issue(READER);
        clock.now = clock.now.plus(StreamTickets.TTL);
        assertThat(tickets.redeem(late.text())).as("expired at its expiry").isEmpty();
        assertThat(tickets.redeem("made-up")).isEmpty();
    }

    @Test
    void ticketsAreDistinctUrlSafeAndLongEnoughToGuessNone() {
        StreamTickets tickets = new StreamTickets(Clock.systemUTC());
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String text = tickets.issue(READER).text();
            assertThat(text).matches("[A-Za-z0-9_-]{43}");
            assertThat(seen.add(text)).isTrue();
        }
    }

    @Test
    void expiredTicketsDoNotCountAgainstTheOutstandingLimit() {
        Manual clock = new Manual();
        StreamTickets tickets = new StreamTickets(clock);
        for (int i = 0; i < StreamTickets.MAX_OUTSTANDING; i++) {
            tickets.issue(READER);
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> tickets.issue(READER))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("outstanding");
        clock.now = clock.now.plus(StreamTickets.TTL).plus(Duration.ofSeconds(1));
        assertThat(tickets.issue(READER).text()).isNotEmpty();
    }
}
