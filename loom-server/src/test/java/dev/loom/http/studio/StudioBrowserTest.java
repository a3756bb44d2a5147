package dev.loom.http.studio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.loom.examples.ExampleActors;
import dev.loom.server.LoomServer;
import dev.loom.testing.Http;
import dev.loom.testing.TestServers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * Studio in a real browser (Debian's headless Chromium) against a real server on SQLite: log in, watch the overview
 * move as messages flow, find an actor and travel through its states, dead-letter emails and redrive them until
 * they are delivered, reset a breaker, and check that a reader sees no admin action while the API refuses them.
 * Every page is checked for console errors; each view is photographed (see {@link StudioBrowser#SCREENSHOTS}).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StudioBrowserTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    @TempDir
    static Path dir;
    private static LoomServer server;
    private static StudioBrowser browser;
    private static Http http;
    private static String base;

    @BeforeAll
    static void start() throws Exception {
        browser = StudioBrowser.start();
        // One attempt: a failing email is dead-lettered at once, so the test does not wait out the retries.
        server = TestServers.sqlite(dir, Map.of("LOOM_ACTORS_EMAIL_SENDER_RETRY_MAX_ATTEMPTS", "1",
                "LOOM_ACTORS_COUNTER_RETAIN_JOURNAL", "true"));
        http = new Http(server.port());
        base = "http://127.0.0.1:" + server.port();
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (browser != null) {
                browser.close();
            }
        } finally {
            if (server != null) {
                server.close();
            }
        }
    }

    @AfterEach
    void noConsoleErrors() {
        browser.assertNoConsoleErrors("the pages of this test");
    }

    @Test
    @Order(1)
    void logsInAndTheOverviewMovesWhenMessagesFlow() throws Exception {
        login(TestServers.ADMIN);
        assertThat(text(By.cssSelector("[data-testid=role]"))).isEqualTo("admin");
        waitFor(By.cssSelector("[data-testid=tile-accepted]"));
        assertThat(text(By.cssSelector("[data-testid=check-store]"))).contains("store").contains("up");
        // The token is in this tab's sessionStorage only: not in the URL, not in a cookie.
        assertThat(browser.driver.getCurrentUrl()).doesNotContain(TestServers.ADMIN);
        assertThat(browser.driver.manage().getCookies()).isEmpty();
        assertThat(value(By.cssSelector("[data-testid=tile-accepted] .value"))).isZero();

        Thread pump = Thread.ofVirtual().start(() -> {
            for (int i = 0; i < 400 && !Thread.currentThread().isInterrupted(); i++) {
                http.post("/api/actors/counter/load-" + (i % 20) + "/messages", TestServers.WRITER,
                        "{\"type\":\"Increment\",\"payload\":{\"by\":1}}");
            }
        });
        try {
            await().atMost(WAIT).until(() -> value(By.cssSelector("[data-testid=tile-accepted] .value")) > 0);
            await().atMost(WAIT).until(() -> value(By.cssSelector("[data-testid=tile-committed] .value")) > 0);
            // The chart has drawn a line for the messages, and the DLQ chart shows the runbook's threshold.
            assertThat(browser.driver.findElements(By.cssSelector("#chart-messages polyline.series"))).isNotEmpty();
            assertThat(text(By.cssSelector("#chart-dlq .threshold-label"))).isEqualTo("warn > 100");
            assertThat(text(By.cssSelector("#chart-latency .threshold-label.warn"))).isEqualTo("warn p95 > 2.00 s");
        } finally {
            pump.join();
        }
        browser.screenshot("overview");
        browser.driver.executeScript("document.documentElement.dataset.theme = 'dark'");
        Thread.sleep(300);
        browser.screenshot("overview-dark");
        browser.driver.executeScript("delete document.documentElement.dataset.theme");
        browser.size(390, 844);
        Thread.sleep(400);
        browser.screenshot("overview-phone");
        browser.size(1440, 1000);
    }

    @Test
    @Order(2)
    void findsAnActorAndTravelsThroughItsStates() throws Exception {
        for (int by : new int[] {1, 2, 3}) {
            assertThat(http.post("/api/actors/counter/tt-1/messages", TestServers.WRITER,
                    "{\"type\":\"Increment\",\"payload\":{\"by\":" + by + "}}").status()).isEqualTo(202);
        }
        await().atMost(WAIT).until(() -> http.get("/api/actors/counter/tt-1/state", TestServers.READER).json()
                .path("seq").asLong() == 3);
        click(By.id("nav-actors"));
        waitFor(By.cssSelector("[data-testid=type-email-sender]"));
        assertThat(text(By.cssSelector("[data-testid=type-counter]"))).contains("Increment").contains("Reset").contains("Get");
        click(By.cssSelector("#search-type option[value=counter]"));
        find(By.id("search-prefix")).sendKeys("tt");
        click(By.cssSelector("#search button"));
        click(By.cssSelector("a[data-actor='counter/tt-1']"));
        await().atMost(WAIT).until(() -> text(By.id("state")).contains("6"));
        assertThat(browser.driver.getCurrentUrl()).endsWith("#/actors/counter/tt-1");
        assertThat(text(By.id("travel-seq"))).isEqualTo("seq 3");
        assertThat(browser.driver.findElements(By.cssSelector("#timeline li"))).hasSize(3);

        WebElement slider = find(By.id("travel"));
        slider.sendKeys(Keys.HOME);
        assertThat(text(By.id("travel-seq"))).isEqualTo("seq 0");
        slider.sendKeys(Keys.ARROW_RIGHT);
        slider.sendKeys(Keys.ARROW_RIGHT);
        assertThat(text(By.id("travel-seq"))).isEqualTo("seq 2");
        assertThat(text(By.id("travel-state"))).contains("\"value\": 3");
        assertThat(text(By.cssSelector("[data-testid=travel-diff]"))).contains("/value: 1 → 3");
        // The position is in the URL, so the view is a link: reloading it lands on the same seq.
        assertThat(browser.driver.getCurrentUrl()).endsWith("?seq=2");
        browser.screenshot("actor-time-travel");
        browser.driver.navigate().refresh();
        await().atMost(WAIT).until(() -> text(By.id("travel-seq")).equals("seq 2"));
        assertThat(text(By.id("travel-state"))).contains("\"value\": 3");
    }

    @Test
    @Order(3)
    void deadLettersAppearAndARedriveDeliversThem() throws Exception {
        var transport = ExampleActors.transport();
        transport.setFailureRate(1.0);
        List<String> ids = List.of("mail-1", "mail-2", "mail-3");
        try {
            for (String id : ids) {
                assertThat(http.post("/api/actors/email-sender/" + id + "/messages", TestServers.WRITER,
                        "{\"type\":\"SendEmail\",\"payload\":{\"to\":\"ops@example.com\",\"subject\":\"s\"}}").status())
                        .isEqualTo(202);
            }
            browser.driver.get(base + "/studio#/dead-letters?queue=email-sender");
            await().atMost(WAIT).until(() -> browser.driver.findElements(By.cssSelector("tr[data-dead-letter]")).size() == 3);
            assertThat(text(By.id("dlq-summary"))).startsWith("3 dead letters match");
            assertThat(text(By.id("dlq-table"))).contains("EmailDeliveryException").contains("SendEmail");
            browser.screenshot("dead-letters");
            click(By.cssSelector("tr[data-dead-letter] a"));
            await().atMost(WAIT).until(() -> text(By.id("dl-envelope")).contains("ops@example.com"));
            assertThat(text(By.id("dl-stack"))).contains("at ");
            browser.screenshot("dead-letter");
            browser.driver.navigate().back();
            await().atMost(WAIT).until(() -> browser.driver.findElements(By.cssSelector("tr[data-dead-letter]")).size() == 3);
        } finally {
            transport.setFailureRate(0.0);
        }
        click(By.id("dlq-redrive"));
        await().atMost(WAIT).until(() -> find(By.id("confirm")).isDisplayed());
        assertThat(text(By.id("confirm-text"))).isEqualTo("Redrive all 3 matching dead letters?");
        browser.screenshot("dead-letters-confirm");
        click(By.id("confirm-ok"));
        await().atMost(WAIT).until(() -> !browser.driver.findElements(By.id("dlq-empty")).isEmpty());
        try {
            for (String id : ids) {
                await().atMost(WAIT).until(() -> http.get("/api/actors/email-sender/" + id + "/state", TestServers.READER)
                        .json().path("state").path("sent").asLong() == 1);
            }
        } finally {
            // The transport is process-wide: later tests in this JVM get the rate the example is configured with.
            String configured = System.getProperty("loom.examples.email.failure.rate",
                    System.getenv("LOOM_EXAMPLES_EMAIL_FAILURE_RATE"));
            transport.setFailureRate(configured == null ? 0.1 : Double.parseDouble(configured));
        }
    }

    @Test
    @Order(4)
    void resetsAnOpenBreaker() throws Exception {
        var breaker = server.loom().breakers().registry().getAllCircuitBreakers().iterator().next();
        String name = breaker.getName();
        breaker.transitionToOpenState();
        try {
            click(By.id("nav-breakers"));
            await().atMost(WAIT).until(() -> text(By.cssSelector("[data-testid=state-" + name + "]")).equals("OPEN"));
            browser.screenshot("breakers");
            click(By.id("reset-" + name));
            await().atMost(WAIT).until(() -> find(By.id("confirm")).isDisplayed());
            click(By.id("confirm-ok"));
            await().atMost(WAIT).until(() -> text(By.cssSelector("[data-testid=state-" + name + "]")).equals("CLOSED"));
            assertThat(breaker.getState().name()).isEqualTo("CLOSED");
        } finally {
            breaker.reset();
        }
        for (String view : List.of("queues", "partitions", "cache", "slow")) {
            click(By.id("nav-" + view));
            await().atMost(WAIT).until(() -> browser.driver.getTitle().startsWith(find(By.cssSelector("main h1")).getText()));
            browser.screenshot(view);
            if (view.equals("partitions")) {
                assertThat(text(By.id("partitions"))).contains("held here");
            }
        }
    }

    @Test
    @Order(5)
    void aReaderSeesNoAdminActionAndTheServerRefusesThem() throws Exception {
        click(By.id("logout"));
        login(TestServers.READER);
        assertThat(text(By.cssSelector("[data-testid=role]"))).isEqualTo("reader");
        assertThat(browser.driver.findElements(By.cssSelector("#nav a")).stream().map(WebElement::getText).toList())
                .extracting(t -> t.replaceAll("\\d$", ""))
                .containsExactly("Overview", "Actors", "Breakers");
        click(By.id("nav-breakers"));
        waitFor(By.cssSelector("tr[data-breaker]"));
        assertThat(browser.driver.findElements(By.cssSelector("[id^=reset-]"))).isEmpty();
        browser.driver.get(base + "/studio#/actors/counter/tt-1");
        await().atMost(WAIT).until(() -> text(By.id("state")).contains("6"));
        assertThat(browser.driver.findElements(By.id("send"))).isEmpty();
        assertThat(browser.driver.findElements(By.id("actor-admin"))).isEmpty();
        browser.driver.get(base + "/studio#/dead-letters");
        await().atMost(WAIT).until(() -> text(By.cssSelector("main")).contains("needs the admin role"));
        assertThat(browser.driver.findElements(By.id("dlq-redrive"))).isEmpty();
        browser.screenshot("reader");

        assertThat(http.post("/api/admin/dead-letters/redrive", TestServers.READER, "{\"all\":true}").status()).isEqualTo(403);
        assertThat(http.post("/api/admin/circuit-breakers/store/reset", TestServers.READER, null).status()).isEqualTo(403);
        assertThat(http.post("/api/actors/counter/tt-1/messages", TestServers.READER,
                "{\"type\":\"Reset\"}").status()).isEqualTo(403);
        click(By.id("logout"));
        waitFor(By.id("login-form"));
        assertThat(browser.driver.executeScript("return sessionStorage.length")).isEqualTo(0L);
    }

    private static void login(String token) {
        browser.driver.get(base + "/studio");
        find(By.id("token")).sendKeys(token);
        click(By.id("login"));
        waitFor(By.id("role-badge"));
        await().atMost(WAIT).until(() -> find(By.id("top")).isDisplayed());
    }

    private static WebElement find(By by) {
        return await().atMost(WAIT).ignoreExceptions().until(() -> browser.driver.findElement(by), e -> e != null);
    }

    private static void waitFor(By by) {
        await().atMost(WAIT).ignoreExceptions().until(() -> browser.driver.findElement(by).isDisplayed());
    }

    private static void click(By by) {
        await().atMost(WAIT).ignoreExceptions().until(() -> {
            browser.driver.findElement(by).click();
            return true;
        });
    }

    private static String text(By by) {
        return await().atMost(WAIT).ignoreExceptions().until(() -> browser.driver.findElement(by).getText(), t -> t != null);
    }

    private static double value(By by) {
        String t = text(by).replace(",", "");
        return t.equals("–") ? 0 : Double.parseDouble(t);
    }
}
