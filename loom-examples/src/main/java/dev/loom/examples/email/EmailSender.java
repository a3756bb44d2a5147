package dev.loom.examples.email;

import dev.loom.actor.ActorType;
import dev.loom.actor.RetryPolicy;
import java.time.Duration;

/** The {@code email-sender} actor: sends emails through an {@link EmailTransport}, counting them. */
public final class EmailSender {
    /** Emails sent by this sender. */
    public record Outbox(long sent) {
    }

    /** The sender's messages. */
    public sealed interface EmailMsg permits SendEmail {
    }

    /** Sends one email. */
    public record SendEmail(String to, String subject) implements EmailMsg {
    }

    public static final String NAME = "email-sender";

    /** Three attempts, 50 ms to 1 s apart: failing sends reach the dead-letter queue quickly. */
    public static final RetryPolicy RETRY = new RetryPolicy(3, Duration.ofMillis(50), Duration.ofSeconds(1), 2.0);

    private EmailSender() {
    }

    /** The {@code email-sender} actor type, sending through {@code transport}. */
    public static ActorType<Outbox, EmailMsg> type(EmailTransport transport) {
        return ActorType.builder(NAME, Outbox.class, EmailMsg.class)
                .initialState(new Outbox(0))
                .retry(RETRY)
                .handler((ctx, state, msg) -> switch (msg) {
                    case SendEmail e -> {
                        transport.send(ctx.messageId(), e.to(), e.subject());
                        yield new Outbox(state.sent() + 1);
                    }
                })
                .build();
    }
}
