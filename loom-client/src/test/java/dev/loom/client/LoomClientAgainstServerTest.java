package dev.loom.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loom.examples.ExampleActors;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every call of the client against a real server, and each exception type from a real error answer. */
class LoomClientAgainstServerTest {
    /** The example counter's state, read with the client's typed state access. */
    record Count(long value) {
    }

    /** The example account's reply to a withdrawal, as a caller would declare it. */
    record WithdrawResult(boolean ok, String chargeId, String reason) {
    }

    @TempDir
    static Path dir;
    static RealServer server;
    static LoomClient admin;

    @BeforeAll
    static void start() {
        server = RealServer.start(dir);
        admin = server.client(RealServer.ADMIN);
    }

    @AfterAll
    static void stop() {
        admin.close();
        server.close();
    }

    @Test
    void aSendIsAcceptedAndARepeatedKeyReturnsTheSameMessageId() {
        ActorAddress c = ActorAddress.of("counter", "send-1");
        Sent first = admin.send(c, "Increment", Map.of("by", 5), SendOptions.none().withIdempotencyKey("order-17"));
        Sent again = admin.send(c, "Increment", Map.of("by", 5), SendOptions.none().withIdempotencyKey("order-17"));

        assertThat(first.deduplicated()).isFalse();
        assertThat(first.actor()).isEqualTo(c);
        assertThat(first.messageId()).isNotBlank();
        assertThat(again.deduplicated()).isTrue();
        assertThat(again.messageId()).isEqualTo(first.messageId());
        await().atMost(Duration.ofSeconds(10)).until(() -> admin.state(c).seq() == 1);
        assertThat(admin.state(c).stateAs(Count.class)).isEqualTo(new Count(5));
    }

    @Test
    void askReturnsTheReplyAsTheTypeAskedFor() {
        ActorAddress acc = ActorAddress.of("account", "ask-1");
        AskResult<Long> balance = admin.ask(acc, "Deposit", Map.of("amount", 50), Long.class, Duration.ofSeconds(10));
        assertThat(balance.reply()).isEqualTo(50L);
        assertThat(balance.deduplicated()).isFalse();

        AskResult<WithdrawResult> refused = admin.ask(acc, "Withdraw", Map.of("amount", 80, "reference", "r-1"),
                WithdrawResult.class, Duration.ofSeconds(10));
        assertThat(refused.reply().ok()).isFalse();
        assertThat(refused.reply().reason()).contains("insufficient funds");

        AskResult<JsonNode> raw = admin.ask(acc, "GetBalance", null, JsonNode.class, Duration.ofSeconds(10));
        assertThat(raw.reply().asLong()).isEqualTo(50);
    }

    @Test
    void anAskRepeatedWithItsKeyGetsTheStoredReplyWithoutRunningAgain() {
        ActorAddress c = ActorAddress.of("counter", "ask-2");
        SendOptions keyed = SendOptions.none().withIdempotencyKey("inc-once");
        AskResult<Long> first = admin.ask(c, "Increment", Map.of("by", 3), Long.class, Duration.ofSeconds(10), keyed);
        AskResult<Long> again = admin.ask(c, "Increment", Map.of("by", 3), Long.class, Duration.ofSeconds(10), keyed);
        assertThat(first.reply()).isEqualTo(3L);
        assertThat(again.deduplicated()).isTrue();
        assertThat(again.reply()).isEqualTo(3L);
        assertThat(again.messageId()).isEqualTo(first.messageId());
        assertThat(admin.state(c).seq()).isEqualTo(1);
    }

    @Test
    void stateJournalTimeTravelAndReplayShowTheCommittedTurns() {
        ActorAddress c = ActorAddress.of("counter", "journal-1");
        String trace = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
        admin.ask(c, "Increment", Map.of("by", 2), Long.class, Duration.ofSeconds(10),
                SendOptions.none().withTraceparent(trace));
        admin.ask(c, "Increment", Map.of("by", 3), Long.class, Duration.ofSeconds(10), SendOptions.none().withNewTrace());

        ActorStateView now = admin.state(c);
        assertThat(now.seq()).isEqualTo(2);
        assertThat(now.state().path("value").asLong()).isEqualTo(5);
        assertThat(admin.stateAt(c, 1).stateAs(Count.class)).isEqualTo(new Count(2));
        assertThat(admin.stateAt(c, 0).stateAs(Count.class)).isEqualTo(new Count(0));

        JournalPage page = admin.journal(c, 1, 1);
        assertThat(page.entries()).hasSize(1);
        JournalEntry e1 = page.entries().getFirst();
        assertThat(e1.seq()).isEqualTo(1);
        assertThat(e1.messageType()).isEqualTo("Increment");
        assertThat(e1.traceparent()).as("the caller's trace context is passed on").startsWith("00-0af7651916cd43dd8448eb211c80319c-");
        assertThat(e1.committedAt()).isNotNull();
        assertThat(page.nextFrom()).hasValue(2);
        JournalPage rest = admin.journal(c, 2, 100);
        assertThat(rest.nextFrom()).isEmpty();
        assertThat(rest.entries().getFirst().traceparent()).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01")
                .doesNotContain("0af7651916cd43dd8448eb211c80319c");

        Replay replay = admin.replay(c, 1);
        assertThat(replay.steps()).extracting(s -> s.state().path("value").asLong()).containsExactly(2L, 5L);
        assertThat(admin.replay(c, 2, 1).steps()).isEmpty();
        assertThat(admin.actorIds("counter", null, 1000).ids()).contains("journal-1");
        assertThat(admin.actorIds("counter", "journal-", null, 1000).ids()).allMatch(id -> id.startsWith("journal-"))
                .contains("journal-1");
        assertThat(admin.actorIds("counter", "no-such-prefix-", null, 10).ids()).isEmpty();
        assertThat(admin.actorTypes()).extracting(ActorTypeInfo::name).contains("counter", "account", "email-sender");
        MessageTypes counter = admin.messageTypes("counter");
        assertThat(counter.type()).isEqualTo("counter");
        assertThat(counter.messageTypes()).extracting(MessageTypes.MessageType::name).contains("Increment", "Reset", "Get");
        assertThat(counter.messageTypes().getFirst().fields())
                .containsExactly(new MessageTypes.Field("by", "integer", true, List.of()));
        assertThatThrownBy(() -> admin.messageTypes("nosuchtype")).isInstanceOf(NotFoundException.class);
    }

    @Test
    void eachErrorCategoryIsItsOwnExceptionWithTheServersCodeAndMessage() {
        ActorAddress c = ActorAddress.of("counter", "errors-1");
        try (LoomClient anonymous = server.client(null); LoomClient reader = server.client(RealServer.READER)) {
            assertThatThrownBy(() -> anonymous.state(c)).isInstanceOfSatisfying(UnauthorizedException.class, e -> {
                assertThat(e.status()).isEqualTo(401);
                assertThat(e.code()).isEqualTo("unauthorized");
                assertThat(e.getMessage()).startsWith("server answered 401 unauthorized: ");
            });
            assertThatThrownBy(reader::queues).isInstanceOfSatisfying(ForbiddenException.class, e -> {
                assertThat(e.status()).isEqualTo(403);
                assertThat(e.getMessage()).doesNotContain(RealServer.READER);
            });
            assertThat(reader.state(c).seq()).as("a reader may read").isZero();
        }
        assertThatThrownBy(() -> admin.send(ActorAddress.of("nope", "x"), "Anything", null))
                .isInstanceOfSatisfying(NotFoundException.class, e -> {
                    assertThat(e.code()).isEqualTo("unknown_actor_type");
                    assertThat(e.serverMessage()).contains("nope");
                });
        assertThatThrownBy(() -> admin.send(c, "Explode", null))
                .isInstanceOfSatisfying(BadRequestException.class, e -> assertThat(e.code()).isEqualTo("unknown_message_type"));
        assertThatThrownBy(() -> admin.send(c, "Increment", Map.of("by", "lots")))
                .isInstanceOfSatisfying(BadRequestException.class, e -> assertThat(e.code()).isEqualTo("invalid_message"));
        assertThatThrownBy(() -> admin.send(ActorAddress.of("counter", "no spaces"), "Increment", Map.of("by", 1)))
                .isInstanceOfSatisfying(BadRequestException.class, e -> assertThat(e.code()).isEqualTo("invalid_actor_ref"));
        assertThatThrownBy(() -> admin.journal(c, 1, 5000))
                .isInstanceOfSatisfying(BadRequestException.class, e -> assertThat(e.field()).hasValue("limit"));
        assertThatThrownBy(() -> admin.stateAt(c, 99)).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> admin.resetBreaker("no-such-breaker")).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> admin.deadLetter("no-such-letter"))
                .isInstanceOfSatisfying(NotFoundException.class, e -> assertThat(e.code()).isEqualTo("not_found"));
    }

    @Test
    void anAskWithoutAReplyInTimeIsAnAskTimeoutAndTheMessageStaysAccepted() {
        // A deposit of 0 fails and is retried only after 10 s (see RealServer), so no reply comes within 300 ms.
        ActorAddress slow = ActorAddress.of("account", "slow-1");
        assertThatThrownBy(() -> admin.ask(slow, "Deposit", Map.of("amount", 0), Long.class, Duration.ofMillis(300)))
                .isInstanceOfSatisfying(AskTimeoutException.class, e -> {
                    assertThat(e.status()).isEqualTo(504);
                    assertThat(e.code()).isEqualTo("ask_timeout");
                });
        assertThat(admin.queues()).anySatisfy(q -> {
            assertThat(q.queue()).isEqualTo("account");
            assertThat(q.depth()).isPositive();
        });
    }

    @Test
    void deadLettersAreListedShownRedrivenAndPurged() {
        String mailer = "client-mailer";
        ExampleActors.transport().setFailureRate(1.0);
        try {
            for (int i = 0; i < 2; i++) {
                admin.send(ActorAddress.of("email-sender", mailer), "SendEmail",
                        Map.of("to", "u" + i + "@example.com", "subject", "hi"));
            }
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    admin.deadLetters(DeadLetterFilter.any().withActorId(mailer), null, 50).total() == 2);
        } finally {
            ExampleActors.transport().setFailureRate(0.0);
        }
        DeadLetterPage page = admin.deadLetters(DeadLetterFilter.any().withActorId(mailer), null, 1);
        assertThat(page.items()).hasSize(1);
        assertThat(page.nextAfter()).isPresent();
        DeadLetter first = page.items().getFirst();
        String second = admin.deadLetters(DeadLetterFilter.any().withActorId(mailer), page.next(), 50).items()
                .getFirst().id();

        DeadLetter shown = admin.deadLetter(first.id());
        assertThat(shown.actor()).isEqualTo(ActorAddress.of("email-sender", mailer));
        assertThat(shown.error().type()).endsWith("EmailDeliveryException");
        assertThat(shown.error().stack()).isNotBlank();
        assertThat(shown.attempts()).isEqualTo(3);
        assertThat(shown.message().messageType()).isEqualTo("SendEmail");
        assertThat(shown.message().payload().path("subject").asText()).isEqualTo("hi");
        java.time.Instant now = java.time.Instant.now();
        DeadLetterFilter recent = DeadLetterFilter.any().withActorId(mailer).failedBetween(now.minusSeconds(3600),
                now.plusSeconds(3600));
        assertThat(admin.deadLetters(recent, null, 50).total()).isEqualTo(2);
        assertThat(admin.deadLetters(recent.failedBetween(null, now.minusSeconds(3600)), null, 50).total()).isZero();
        assertThat(admin.deadLetters(recent.withSender("nobody/x"), null, 50).total()).isZero();
        assertThat(admin.purge(DeadLetterSelection.matching(DeadLetterFilter.any().withActorId(mailer)
                .failedBetween(null, now.minusSeconds(3600))))).as("the time filter applies to a purge").isZero();

        assertThat(admin.redrive(DeadLetterSelection.ids(List.of(first.id())))).isEqualTo(1);
        await().atMost(Duration.ofSeconds(20)).until(() ->
                admin.state(ActorAddress.of("email-sender", mailer)).state().path("sent").asLong() == 1);
        assertThat(admin.purge(DeadLetterSelection.ids(List.of(second)))).isEqualTo(1);
        assertThatThrownBy(() -> admin.deadLetter(second)).isInstanceOf(NotFoundException.class);
        assertThat(admin.purge(DeadLetterSelection.matching(DeadLetterFilter.any().withActorId(mailer)))).isZero();
        assertThat(admin.deadLetters(DeadLetterFilter.any().withActorId(mailer), null, 50).items()).isEmpty();
    }

    @Test
    void operationsAnswer() throws IOException {
        await().atMost(Duration.ofSeconds(20)).until(() -> admin.health().healthy());
        Health health = admin.health();
        assertThat(health.status()).isEqualTo("healthy");
        assertThat(health.report().path("checks").path("store").path("status").asText()).isEqualTo("up");

        assertThat(admin.breakers()).extracting(CircuitBreaker::name).contains("store");
        assertThat(admin.resetBreaker("store").state()).isEqualTo("CLOSED");
        assertThat(admin.warm(List.of(ActorAddress.of("counter", "ops-1")))).isEqualTo(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> admin.clearCache("counter/ops-*") >= 1);
        assertThat(admin.cacheStats().capacity()).isPositive();
        SlowEndpoints slow = admin.slowEndpoints(Duration.ofMinutes(1));
        assertThat(slow.window()).isEqualTo(Duration.ofMinutes(1));
        assertThat(slow.thresholds().p95Ms()).isEqualTo(500);
        Partitions partitions = admin.partitions();
        assertThat(partitions.partitions()).hasSize(64).allMatch(Partitions.Lease::heldHere)
                .allMatch(l -> l.pending() >= 0 && l.oldestAgeSeconds() >= 0);
        ActorAddress r = ActorAddress.of("reminder", "client-r");
        admin.ask(r, "Start", Map.of("intervalMillis", 3_600_000, "skipMissed", false), Long.class, Duration.ofSeconds(10));
        ActorTimers timers = admin.timers(r);
        assertThat(timers.actor()).isEqualTo("reminder/client-r");
        assertThat(timers.timers()).singleElement().satisfies(t -> {
            assertThat(t.message().messageType()).isEqualTo("Tick");
            assertThat(t.reminder().name()).isEqualTo("tick");
            assertThat(t.reminder().interval()).isEqualTo(Duration.ofHours(1));
            assertThat(t.reminder().missed()).isEqualTo("FIRE_ONCE");
            assertThat(t.deliverAt()).isAfter(java.time.Instant.now().plusSeconds(3000));
        });
        assertThat(admin.info().node()).isEqualTo(partitions.node());

        ActorAddress c = ActorAddress.of("counter", "ops-2");
        admin.ask(c, "Increment", Map.of("by", 1), Long.class, Duration.ofSeconds(10));
        assertThat(admin.snapshot(c)).isEqualTo(1);
        assertThat(admin.trim(c, 1)).isEqualTo(1);
        assertThatThrownBy(() -> admin.trim(c, 5)).isInstanceOf(ConflictException.class);

        try (InputStream backup = admin.exportBackup(Duration.ofMinutes(1))) {
            String text = new String(backup.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(text.lines().count()).isGreaterThan(2);
        }
        assertThatThrownBy(() -> admin.importBackup(() -> InputStream.nullInputStream(), Duration.ofMinutes(1)))
                .isInstanceOf(LoomApiException.class)
                .satisfies(e -> assertThat(((LoomApiException) e).status()).isIn(400, 409));
    }

    @Test
    void resultsWriteBackAsTheApisJson() {
        ActorAddress c = ActorAddress.of("counter", "json-1");
        admin.ask(c, "Increment", Map.of("by", 4), Long.class, Duration.ofSeconds(10));
        JsonNode page = LoomClient.toJson(admin.journal(c, 1, 10));
        assertThat(page.path("actor").asText()).isEqualTo("counter/json-1");
        assertThat(page.path("next").isNull()).isTrue();
        JsonNode entry = page.path("entries").get(0);
        assertThat(entry.path("committedAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
        assertThat(entry.path("patch").isArray()).isTrue();
    }
}
