package dev.loom.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loom.actor.ActorType;
import dev.loom.actor.ActorTypeProvider;
import dev.loom.config.ConfigException;
import dev.loom.config.LoomConfig;
import dev.loom.testing.ActorJar;
import dev.loom.testing.Http;
import dev.loom.testing.TestServers;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An application's own {@code main} embedding the server: its actor types in code, the same configuration. */
class LoomServerBuilderTest {
    @TempDir
    Path dir;

    /** The application's actor, defined in its own code. */
    public record Stock(long units) {
    }

    public sealed interface StockMsg permits Receive, Count {
    }

    public record Receive(long units) implements StockMsg {
    }

    public record Count() implements StockMsg {
    }

    static ActorType<Stock, StockMsg> stock() {
        return ActorType.builder("stock", Stock.class, StockMsg.class)
                .initialState(new Stock(0))
                .handler((ctx, s, m) -> switch (m) {
                    case Receive r -> new Stock(s.units() + r.units());
                    case Count c -> {
                        ctx.reply(s.units());
                        yield s;
                    }
                })
                .build();
    }

    private LoomConfig production(Map<String, String> extra) {
        Map<String, String> env = new HashMap<>(TestServers.sqliteEnv(dir.resolve("data")));
        env.put("LOOM_ENV", "production");
        env.putAll(extra);
        return LoomConfig.load(Optional.empty(), env);
    }

    @Test
    void startsWithTheGivenActorsOnlyServesThemAndStops() throws Exception {
        LoomServer server = LoomServer.builder().config(production(Map.of())).actor(stock()).start();
        int port = server.port();
        try {
            Http http = new Http(port);
            assertThat(http.get("/api/actor-types", TestServers.READER).json().path("actorTypes")
                    .findValuesAsText("name")).containsExactlyInAnyOrder(withPipelineTypes("stock"));
            assertThat(http.post("/api/actors/stock/s1/messages", TestServers.WRITER,
                    "{\"type\":\"Receive\",\"payload\":{\"units\":12}}").status()).isEqualTo(202);
            Http.Response count = http.post("/api/actors/stock/s1/ask?timeout=15s", TestServers.WRITER,
                    "{\"type\":\"Count\"}");
            assertThat(count.json().path("reply").asLong()).as(count.body()).isEqualTo(12);
            assertThat(server.loom().actorTypes()).extracting(ActorType::name)
                    .containsExactlyInAnyOrder(withPipelineTypes("stock"));
        } finally {
            assertThat(server.shutdown(Duration.ofSeconds(10))).as("drained cleanly").isTrue();
        }
        assertThat(refusesConnections(port)).as("the listener is closed after shutdown").isTrue();

        // The store outlives the process: a second server on the same configuration has the committed state.
        try (LoomServer again = LoomServer.builder().config(production(Map.of())).actor(stock()).start()) {
            assertThat(again.loom().state(dev.loom.actor.ActorRef.of("stock", "s1")).state().path("units").asLong())
                    .isEqualTo(12);
        }
    }

    @Test
    void providersJarsAndConfiguredPoliciesComposeAndClashesAreNamed() {
        Path orders = ActorJar.withTallyActor("com.acme.orders", "orders").writeTo(dir.resolve("orders.jar"));
        ActorTypeProvider provider = () -> List.of(stock());
        try (LoomServer server = LoomServer.builder()
                .config(production(Map.of("LOOM_ACTORS_JARS", orders.toString(), "LOOM_ACTORS_STOCK_SNAPSHOT_EVERY", "9")))
                .actors(provider).start()) {
            assertThat(server.loom().actorTypes()).extracting(ActorType::name)
                    .containsExactlyInAnyOrder(withPipelineTypes("stock", "orders"));
            assertThat(server.loom().actorTypes()).filteredOn(t -> t.name().equals("stock"))
                    .singleElement().extracting(ActorType::snapshotEvery).isEqualTo(9);
        }
        assertThatThrownBy(() -> LoomServer.builder().config(production(Map.of())).actor(stock()).actor(stock()).start())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("actor type 'stock' is defined twice: by LoomServer.builder().actor(...) and by"
                        + " LoomServer.builder().actor(...)");
    }

    @Test
    void developmentAddsTheExamplesUnlessTurnedOff() {
        Map<String, String> env = new HashMap<>(TestServers.sqliteEnv(dir.resolve("data")));
        try (LoomServer server = LoomServer.builder().config(LoomConfig.load(Optional.empty(), env)).actor(stock()).start()) {
            assertThat(server.loom().actorTypes()).extracting(ActorType::name).contains("stock", "counter", "email-sender");
        }
        env.put("LOOM_ACTORS_EXAMPLES", "false");
        try (LoomServer server = LoomServer.builder().config(LoomConfig.load(Optional.empty(), env)).actor(stock()).start()) {
            assertThat(server.loom().actorTypes()).extracting(ActorType::name)
                    .containsExactlyInAnyOrder(withPipelineTypes("stock"));
        }
    }

    /** {@code names} and the two pipeline actor types every server registers. */
    private static String[] withPipelineTypes(String... names) {
        List<String> all = new java.util.ArrayList<>(List.of(names));
        all.add(dev.loom.pipeline.PipelineRuntime.RUN_TYPE);
        all.add(dev.loom.pipeline.PipelineRuntime.DEFINITION_TYPE);
        return all.toArray(String[]::new);
    }

    @Test
    void withoutAConfigurationTheBuilderSaysHowToLoadOne() {
        assertThatThrownBy(() -> LoomServer.builder().actor(stock()).start())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("LoomServer.builder() needs config(...)")
                .hasMessageContaining("LoomConfig.load(");
    }

    private static boolean refusesConnections(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return false;
        } catch (IOException e) {
            return true;
        }
    }
}
