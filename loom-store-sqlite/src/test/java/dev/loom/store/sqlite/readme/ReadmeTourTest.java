package dev.loom.store.sqlite.readme;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loom.actor.ActorRef;
import dev.loom.actor.ActorType;
import dev.loom.actor.SendOptions;
import dev.loom.runtime.Accepted;
import dev.loom.runtime.ActorState;
import dev.loom.runtime.Loom;
import dev.loom.store.sqlite.SqliteStore;
import dev.loom.store.sqlite.SqliteStoreOptions;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's five-minute tour, as written there, on a real SQLite file: if this breaks, fix the README too. */
class ReadmeTourTest {
    public record Count(long value) {
    }

    public sealed interface CounterMsg permits Increment, Get {
    }

    public record Increment(long by) implements CounterMsg {
    }

    public record Get() implements CounterMsg {
    }

    @Test
    void theTourWorksAsWritten(@TempDir Path dir) {
        ActorType<Count, CounterMsg> counter = ActorType.builder("counter", Count.class, CounterMsg.class)
                .initialState(new Count(0))
                .handler((ctx, state, msg) -> switch (msg) {
                    case Increment i -> new Count(state.value() + i.by());
                    case Get g -> {
                        ctx.reply(state.value());
                        yield state;
                    }
                })
                .build();

        try (SqliteStore store = SqliteStore.open(SqliteStoreOptions.defaults().withPath(dir.resolve("loom.db")));
             Loom loom = Loom.builder().store(store).actor(counter).build().start()) {
            ActorRef c1 = ActorRef.of("counter", "c1");
            loom.send(c1, new Increment(5));
            Accepted first = loom.send(c1, new Increment(5), SendOptions.none().withIdempotencyKey("order-17"));
            Accepted again = loom.send(c1, new Increment(5), SendOptions.none().withIdempotencyKey("order-17"));
            long value = loom.ask(c1, new Get(), Duration.ofSeconds(5)).as(Long.class);
            ActorState s = loom.state(c1);
            ActorState then = loom.stateAt(c1, 1);

            assertThat(first.deduplicated()).isFalse();
            assertThat(again.deduplicated()).isTrue();
            assertThat(again.messageId()).isEqualTo(first.messageId());
            assertThat(value).isEqualTo(10);
            assertThat(s.seq()).isEqualTo(3);
            assertThat(s.as(Count.class).value()).isEqualTo(10);
            assertThat(then.as(Count.class).value()).isEqualTo(5);
        }
    }
}
