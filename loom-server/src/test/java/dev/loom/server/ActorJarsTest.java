package dev.loom.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loom.pipeline.PipelineRuntime;
import dev.loom.config.ConfigException;
import dev.loom.testing.ActorJar;
import dev.loom.testing.Http;
import dev.loom.testing.TestServers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A developer's own actors in the server: jars named by {@code LOOM_ACTORS_JARS} (files or a directory) are loaded
 * in their own class loader and answer over HTTP; a production server registers only those, a development server
 * the example actors too; and every way a jar can be wrong stops the start with a message naming the jar.
 */
class ActorJarsTest {
    @TempDir
    Path dir;

    private Map<String, String> env(String... keyValues) {
        Map<String, String> env = new HashMap<>(TestServers.sqliteEnv(dir.resolve("data")));
        for (int i = 0; i < keyValues.length; i += 2) {
            env.put(keyValues[i], keyValues[i + 1]);
        }
        return env;
    }

    /** The application's actor types the server lists, sorted: all but the pipeline types every server registers. */
    private static List<String> typeNames(Http http) {
        JsonNode types = http.get("/api/actor-types", TestServers.READER).json().path("actorTypes");
        List<String> names = types.findValuesAsText("name");
        assertThat(names).as("the pipeline types").contains(PipelineRuntime.RUN_TYPE, PipelineRuntime.DEFINITION_TYPE);
        return names.stream().filter(n -> !n.equals(PipelineRuntime.RUN_TYPE) && !n.equals(PipelineRuntime.DEFINITION_TYPE))
                .sorted().toList();
    }

    private static void assertTallyAnswers(Http http, String type) {
        Http.Response sent = http.post("/api/actors/" + type + "/t1/messages", TestServers.WRITER,
                "{\"type\":\"Add\",\"payload\":{\"by\":5,\"note\":\"first\"}}");
        assertThat(sent.status()).as(sent.body()).isEqualTo(202);
        Http.Response asked = http.post("/api/actors/" + type + "/t1/ask?timeout=15s", TestServers.WRITER,
                "{\"type\":\"Add\",\"payload\":{\"by\":2,\"note\":\"second\"}}");
        assertThat(asked.status()).as(asked.body()).isEqualTo(200);
        assertThat(asked.json().path("reply").asLong()).isEqualTo(7);
        JsonNode state = http.get("/api/actors/" + type + "/t1/state", TestServers.READER).json();
        assertThat(state.path("state").path("last").asText()).isEqualTo("second");
    }

    @Test
    void aProductionServerRunsTheListedJarsAndNoExamples() {
        Path orders = ActorJar.withTallyActor("com.acme.orders", "orders").writeTo(dir.resolve("orders.jar"));
        Path invoices = ActorJar.withTallyActor("com.acme.invoices", "invoices").writeTo(dir.resolve("invoices.jar"));
        try (LoomServer server = TestServers.start(env("LOOM_ENV", "production",
                "LOOM_ACTORS_JARS", orders + "," + invoices))) {
            Http http = new Http(server.port());
            assertThat(typeNames(http)).containsExactly("invoices", "orders");
            assertTallyAnswers(http, "orders");
            assertTallyAnswers(http, "invoices");
            assertThat(http.get("/api/actors/counter/c1/state", TestServers.READER).status())
                    .as("the example counter is not registered").isEqualTo(404);
        }
    }

    @Test
    void aDirectoryIsLoadedWholeLibrariesIncludedAndDevelopmentAddsTheExamples() throws IOException {
        Path jars = Files.createDirectories(dir.resolve("actors"));
        // The actor's jar uses a class from a library jar beside it, as a real dependency would be deployed.
        new ActorJar().source("com.acme.lib.Notes", """
                package com.acme.lib;
                public final class Notes {
                    public static String tag(String note) { return "[" + note + "]"; }
                }
                """).writeTo(jars.resolve("notes-lib.jar"));
        new ActorJar().source("com.acme.lib.Notes", """
                package com.acme.lib;
                public final class Notes {
                    public static String tag(String note) { return "[" + note + "]"; }
                }
                """).source("com.acme.shop.Provider", """
                package com.acme.shop;
                import dev.loom.actor.ActorType;
                import dev.loom.actor.ActorTypeProvider;
                import java.util.List;
                public final class Provider implements ActorTypeProvider {
                    public record Tagged(String text) {}
                    public record Tag(String note) {}
                    @Override
                    public List<ActorType<?, ?>> actorTypes() {
                        return List.of(ActorType.builder("tagger", Tagged.class, Tag.class)
                                .initialState(new Tagged(""))
                                .handler((ctx, state, msg) -> {
                                    Tagged next = new Tagged(state.text() + com.acme.lib.Notes.tag(msg.note()));
                                    ctx.reply(next.text());
                                    return next;
                                })
                                .build());
                    }
                }
                """).provider("com.acme.shop.Provider").leaveOut("com.acme.lib.Notes").writeTo(jars.resolve("shop.jar"));
        try (LoomServer server = TestServers.start(env("LOOM_ACTORS_JARS", jars.toString()))) {
            Http http = new Http(server.port());
            assertThat(typeNames(http)).containsExactly("account", "approvers", "counter", "documents", "email-sender",
                    "expenses", "inventory", "order", "page-reader", "payments", "reminder", "shipping", "tagger");
            Http.Response asked = http.post("/api/actors/tagger/x/ask?timeout=15s", TestServers.WRITER,
                    "{\"type\":\"Tag\",\"payload\":{\"note\":\"a\"}}");
            assertThat(asked.status()).as(asked.body()).isEqualTo(200);
            assertThat(asked.json().path("reply").asText()).isEqualTo("[a]");
        }
    }

    @Test
    void developmentWithExamplesOffRunsOnlyTheJar() {
        Path orders = ActorJar.withTallyActor("com.acme.orders", "orders").writeTo(dir.resolve("orders.jar"));
        try (LoomServer server = TestServers.start(env("LOOM_ACTORS_JARS", orders.toString(),
                "LOOM_ACTORS_EXAMPLES", "false"))) {
            assertThat(typeNames(new Http(server.port()))).containsExactly("orders");
        }
    }

    @Test
    void aProductionServerWithoutActorsRefusesToStartAndSaysWhatToSet() {
        assertThatThrownBy(() -> TestServers.start(env("LOOM_ENV", "production")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("no actor types to run: a production server registers only the actors it is given")
                .hasMessageContaining("LOOM_ACTORS_JARS");
    }

    @Test
    void aMissingJarIsNamed() {
        Path missing = dir.resolve("nope.jar");
        assertThatThrownBy(() -> TestServers.start(env("LOOM_ACTORS_JARS", missing.toString())))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("actors.jars (LOOM_ACTORS_JARS): " + missing + " does not exist");
    }

    @Test
    void aJarWithoutProvidersIsNamed() throws IOException {
        Path empty = dir.resolve("empty.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(empty))) {
            out.flush();
        }
        assertThatThrownBy(() -> TestServers.start(env("LOOM_ACTORS_JARS", empty.toString())))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(empty + " lists no ActorTypeProvider")
                .hasMessageContaining("META-INF/services/dev.loom.actor.ActorTypeProvider");
    }

    @Test
    void aFileThatIsNoJarIsNamed() throws IOException {
        Path text = Files.writeString(dir.resolve("notes.jar"), "not a zip");
        assertThatThrownBy(() -> TestServers.start(env("LOOM_ACTORS_JARS", text.toString())))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(text + " is not a readable jar file");
    }

    @Test
    void aDirectoryWithoutAnyProviderIsNamed() throws IOException {
        Path jars = Files.createDirectories(dir.resolve("libs"));
        new ActorJar().source("com.acme.lib.Notes", "package com.acme.lib; public final class Notes {}")
                .writeTo(jars.resolve("lib.jar"));
        assertThatThrownBy(() -> TestServers.start(env("LOOM_ACTORS_JARS", jars.toString())))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("no jar in the directory " + jars + " lists an ActorTypeProvider");
    }

    @Test
    void twoJarsWithTheSameTypeNameAreBothNamed() {
        Path a = ActorJar.withTallyActor("com.acme.a", "orders").writeTo(dir.resolve("a.jar"));
        Path b = ActorJar.withTallyActor("com.acme.b", "orders").writeTo(dir.resolve("b.jar"));
        assertThatThrownBy(() -> TestServers.start(env("LOOM_ENV", "production", "LOOM_ACTORS_JARS", a + "," + b)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("actor type 'orders' is defined twice: by provider com.acme.a.Provider in " + a
                        + " and by provider com.acme.b.Provider in " + b);
    }

    @Test
    void aJarTypeNamedLikeAnExampleSaysHowToLeaveTheExamplesOut() {
        Path counter = ActorJar.withTallyActor("com.acme.counter", "counter").writeTo(dir.resolve("counter.jar"));
        assertThatThrownBy(() -> TestServers.start(env("LOOM_ACTORS_JARS", counter.toString())))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("actor type 'counter' is defined twice: by the example provider"
                        + " dev.loom.examples.ExampleActors on the server's class path (actors.examples) and by provider"
                        + " com.acme.counter.Provider in " + counter)
                .hasMessageContaining("LOOM_ACTORS_EXAMPLES=false");
    }

    @Test
    void aProviderClassThatIsNotInTheJarIsNamed() {
        Path jar = new ActorJar().provider("com.acme.Missing").writeTo(dir.resolve("typo.jar"));
        assertThatThrownBy(() -> TestServers.start(env("LOOM_ACTORS_JARS", jar.toString())))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(jar + " lists the provider com.acme.Missing, but no such class is in the jars");
    }

    @Test
    void aProviderWhoseConstructorThrowsIsNamedWithTheCause() {
        Path jar = new ActorJar().source("com.acme.Broken", """
                package com.acme;
                public final class Broken implements dev.loom.actor.ActorTypeProvider {
                    public Broken() { throw new IllegalStateException("ORDERS_DB_URL is not set"); }
                    public java.util.List<dev.loom.actor.ActorType<?, ?>> actorTypes() { return java.util.List.of(); }
                }
                """).provider("com.acme.Broken").writeTo(dir.resolve("broken.jar"));
        assertThatThrownBy(() -> TestServers.start(env("LOOM_ACTORS_JARS", jar.toString())))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(jar + " lists the provider com.acme.Broken, whose constructor threw"
                        + " java.lang.IllegalStateException: ORDERS_DB_URL is not set");
    }

    @Test
    void anActorClassThatFailsToLoadNamesTheMissingClass() {
        Path jar = new ActorJar().source("com.acme.Helper", """
                package com.acme;
                public final class Helper { public static String name() { return "helped"; } }
                """).source("com.acme.NeedsHelper", """
                package com.acme;
                public final class NeedsHelper implements dev.loom.actor.ActorTypeProvider {
                    public java.util.List<dev.loom.actor.ActorType<?, ?>> actorTypes() {
                        throw new IllegalStateException(Helper.name());
                    }
                }
                """).provider("com.acme.NeedsHelper").leaveOut("com.acme.Helper").writeTo(dir.resolve("needs.jar"));
        assertThatThrownBy(() -> TestServers.start(env("LOOM_ACTORS_JARS", jar.toString())))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("com.acme.NeedsHelper.actorTypes() in " + jar
                        + " failed to load a class: java.lang.NoClassDefFoundError: com/acme/Helper")
                .hasMessageContaining("add the library's jar to actors.jars");
    }

    @Test
    void aProviderFromTheServersClassPathIsNotTakenForTheJars() {
        Path jar = new ActorJar().provider("dev.loom.examples.ExampleActors").writeTo(dir.resolve("sneaky.jar"));
        assertThatThrownBy(() -> TestServers.start(env("LOOM_ENV", "production", "LOOM_ACTORS_JARS", jar.toString())))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("but that class is on the server's class path, not in the jars");
    }

    @Test
    void anActorTypeNamedLikeTheJarsSettingIsRefused() {
        Path jar = ActorJar.withTallyActor("com.acme.jars", "jars").writeTo(dir.resolve("jars.jar"));
        assertThatThrownBy(() -> TestServers.start(env("LOOM_ENV", "production", "LOOM_ACTORS_JARS", jar.toString())))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("actor type 'jars' (from provider com.acme.jars.Provider in " + jar
                        + ") has the name of the setting actors.jars");
    }
}
