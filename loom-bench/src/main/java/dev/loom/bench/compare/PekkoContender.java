package dev.loom.bench.compare;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.apache.pekko.serialization.SerializerWithStringManifest;

/**
 * Pekko persistence (typed, event sourced) on pekko-persistence-jdbc: an {@link EventSourcedBehavior} per counter,
 * one {@code persist} per command, the reply after the event is written. An increment is an {@code ask} that
 * returns with that reply. The journal's own batching (batchSize 400, parallelism 8, 20 connections: the plugin's
 * defaults) groups events of many actors into one transaction.
 */
final class PekkoContender implements Contender {
    /** A command: increment and answer when durable. */
    record Increment(String payload, ActorRef<Done> replyTo) {
    }

    /** The event: an increment happened. */
    record Incremented(String payload) {
    }

    /** Serializes {@link Incremented} as its payload's UTF-8 bytes (Pekko refuses Java serialization by default). */
    public static final class EventSerializer extends SerializerWithStringManifest {
        @Override
        public int identifier() {
            return 7_317_001;
        }

        @Override
        public String manifest(Object o) {
            return "I";
        }

        @Override
        public byte[] toBinary(Object o) {
            if (o instanceof Incremented(String payload)) {
                return payload.getBytes(StandardCharsets.UTF_8);
            }
            throw new IllegalArgumentException("not an Incremented event: " + o.getClass().getName());
        }

        @Override
        public Object fromBinary(byte[] bytes, String manifest) {
            return new Incremented(new String(bytes, StandardCharsets.UTF_8));
        }
    }

    private static final class Counter extends EventSourcedBehavior<Increment, Incremented, Long> {
        Counter(String id) {
            super(PersistenceId.ofUniqueId(id));
        }

        @Override
        public Long emptyState() {
            return 0L;
        }

        @Override
        public CommandHandler<Increment, Incremented, Long> commandHandler() {
            return newCommandHandlerBuilder().forAnyState()
                    .onCommand(Increment.class, (state, cmd) -> Effect().persist(new Incremented(cmd.payload()))
                            .thenReply(cmd.replyTo(), s -> Done.getInstance()))
                    .build();
        }

        @Override
        public EventHandler<Long, Incremented> eventHandler() {
            return newEventHandlerBuilder().forAnyState()
                    .onEvent(Incremented.class, (state, event) -> state + 1)
                    .build();
        }
    }

    private static final Duration ASK_TIMEOUT = Duration.ofSeconds(120);

    private final String url;
    private final ActorSystem<Void> system;
    private final AtomicReferenceArray<ActorRef<Increment>> counters;

    PekkoContender(String url, String user, int actors) throws SQLException, IOException, InterruptedException {
        this.url = url;
        createSchema(url, user);
        this.counters = new AtomicReferenceArray<>(actors);
        CountDownLatch spawned = new CountDownLatch(1);
        Behavior<Void> guardian = Behaviors.setup(ctx -> {
            for (int i = 0; i < actors; i++) {
                counters.set(i, ctx.spawn(new Counter("c-" + i), "c-" + i));
            }
            spawned.countDown();
            return Behaviors.empty();
        });
        this.system = ActorSystem.create(guardian, "compare", config(url, user));
        if (!spawned.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("Pekko did not spawn " + actors + " counters within 60 s");
        }
    }

    private static Config config(String url, String user) {
        return ConfigFactory.parseString("""
                pekko.loglevel = WARNING
                pekko.persistence.journal.plugin = "jdbc-journal"
                pekko.persistence.snapshot-store.plugin = "jdbc-snapshot-store"
                jdbc-journal.use-shared-db = "slick"
                jdbc-snapshot-store.use-shared-db = "slick"
                pekko-persistence-jdbc.shared-databases.slick {
                  profile = "slick.jdbc.PostgresProfile$"
                  db {
                    url = "%s"
                    user = "%s"
                    password = ""
                    driver = "org.postgresql.Driver"
                  }
                }
                pekko.actor.serializers.counter-event = "dev.loom.bench.compare.PekkoContender$EventSerializer"
                pekko.actor.serialization-bindings {
                  "dev.loom.bench.compare.PekkoContender$Incremented" = counter-event
                }
                """.formatted(url, user)).withFallback(ConfigFactory.load());
    }

    /** The plugin's own PostgreSQL schema, from its jar. */
    private static void createSchema(String url, String user) throws SQLException, IOException {
        String ddl;
        try (InputStream in = EventSourcedBehavior.class.getClassLoader()
                .getResourceAsStream("schema/postgres/postgres-create-schema.sql")) {
            if (in == null) {
                throw new IOException("schema/postgres/postgres-create-schema.sql is not in pekko-persistence-jdbc");
            }
            ddl = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        try (Connection c = DriverManager.getConnection(url, user, null); Statement st = c.createStatement()) {
            for (String statement : ddl.split(";")) {
                if (!statement.isBlank()) {
                    st.execute(statement);
                }
            }
        }
    }

    @Override
    public String name() {
        return "Pekko persistence";
    }

    @Override
    public String describe() {
        return "ask an EventSourcedBehavior; one persist per command (pekko-persistence-jdbc), reply after the write";
    }

    @Override
    public void increment(int counter, String payload) {
        AskPattern.<Increment, Done>ask(counters.get(counter), replyTo -> new Increment(payload, replyTo), ASK_TIMEOUT,
                system.scheduler()).toCompletableFuture().join();
    }

    @Override
    public long durableCount() throws SQLException {
        return ComparisonServer.count(url, "SELECT count(*) FROM public.event_journal");
    }

    @Override
    public void close() throws Exception {
        system.terminate();
        system.getWhenTerminated().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }
}
