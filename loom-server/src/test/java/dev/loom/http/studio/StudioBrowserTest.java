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
 * they are delivered, reset a breaker, approve a pipeline run's waiting stage and cancel another, and check that a
 * reader sees no admin or approval action while the API refuses them.
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
        // A failing deposit waits out a long backoff, so the messages behind it stay queued: a partition's lag.
        server = TestServers.sqlite(dir, Map.of("LOOM_ACTORS_EMAIL_SENDER_RETRY_MAX_ATTEMPTS", "1",
                "LOOM_ACTORS_COUNTER_RETAIN_JOURNAL", "true", "LOOM_ACTORS_ACCOUNT_RETRY_MAX_ATTEMPTS", "10",
                "LOOM_ACTORS_ACCOUNT_RETRY_INITIAL_DELAY", "10m", "LOOM_ACTORS_ACCOUNT_RETRY_MAX_DELAY", "10m"));
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
        // The server's start registers the example pipelines (one message each); once that sample has passed, the
        // rate is zero until the test sends.
        await().atMost(WAIT).until(() -> value(By.cssSelector("[data-testid=tile-accepted] .value")) == 0);

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
        overviewIsPushedByTheEventStream();
        browser.driver.executeScript("document.documentElement.dataset.theme = 'dark'");
        Thread.sleep(300);
        browser.screenshot("overview-dark");
        browser.driver.executeScript("delete document.documentElement.dataset.theme");
        browser.size(390, 844);
        Thread.sleep(400);
        browser.screenshot("overview-phone");
        browser.size(1440, 1000);
    }

    /**
     * Once the stream is live the overview gets each sample pushed: the samples keep coming while the history is
     * not read again (polling would read it every 2 s), and the stream was opened with a ticket, not the token.
     */
    private static void overviewIsPushedByTheEventStream() throws InterruptedException {
        await().atMost(WAIT).until(() -> text(By.id("live")).equals("live"));
        long seq = Long.parseLong(find(By.id("updated")).getDomAttribute("data-seq"));
        long historyReads = resources("/api/metrics/history");
        await().atMost(WAIT).until(() -> Long.parseLong(find(By.id("updated")).getDomAttribute("data-seq")) >= seq + 3);
        assertThat(text(By.id("updated"))).endsWith("· live");
        assertThat(resources("/api/metrics/history")).as("no polling while live").isEqualTo(historyReads);
        assertThat(resources("/api/events/tickets")).isPositive();
        @SuppressWarnings("unchecked")
        List<String> urls = (List<String>) browser.driver.executeScript(
                "return performance.getEntriesByType('resource').map(e => e.name)");
        assertThat(urls).noneMatch(u -> u.contains(TestServers.ADMIN));
    }

    /** How many requests the page made whose URL contains {@code part}. */
    private static long resources(String part) {
        return (Long) browser.driver.executeScript("return performance.getEntriesByType('resource')"
                + ".filter(e => e.name.includes(arguments[0])).length", part);
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
    @Order(2)
    void searchesIdsByPrefixOnTheServer() throws Exception {
        for (String id : List.of("pfx-a1", "pfx-a2", "pfx-b1", "qfx-a1")) {
            assertThat(http.post("/api/actors/counter/" + id + "/messages", TestServers.WRITER,
                    "{\"type\":\"Increment\",\"payload\":{\"by\":1}}").status()).isEqualTo(202);
        }
        await().atMost(WAIT).until(() -> http.get("/api/actors/counter?prefix=pfx-", TestServers.READER).json()
                .path("ids").size() == 3);
        browser.driver.get(base + "/studio#/actors");
        click(By.cssSelector("#search-type option[value=counter]"));
        find(By.id("search-prefix")).sendKeys("pfx-a");
        click(By.cssSelector("#search button"));
        await().atMost(WAIT).until(() -> browser.driver.findElements(By.cssSelector("a[data-actor]")).size() == 2);
        assertThat(browser.driver.findElements(By.cssSelector("a[data-actor]")).stream().map(WebElement::getText))
                .containsExactly("pfx-a1", "pfx-a2");
        assertThat(text(By.id("search-count"))).isEqualTo("2 counter actors starting with \"pfx-a\"");
        // The server matched the prefix: the page asked for it rather than filtering a list of every id.
        assertThat(resources("/api/actors/counter?limit=200&prefix=pfx-a")).isPositive();
        browser.screenshot("actors-search");
    }

    @Test
    @Order(2)
    void sendsAMessageFieldByFieldAndShowsTheReminderItStarted() throws Exception {
        browser.driver.get(base + "/studio#/actors/reminder/daily");
        click(By.cssSelector("#send-type option[value=Start]"));
        WebElement interval = find(By.id("field-intervalMillis"));
        assertThat(interval.getDomAttribute("data-type")).isEqualTo("integer");
        assertThat(find(By.id("field-skipMissed")).getDomAttribute("type")).isEqualTo("checkbox");
        long sendsBefore = resources("/api/actors/reminder/daily/messages");
        interval.sendKeys("an hour");
        click(By.id("send-send"));
        await().atMost(WAIT).until(() -> text(By.id("field-intervalMillis-error")).equals("must be a whole number"));
        assertThat(interval.getDomAttribute("aria-invalid")).isEqualTo("true");
        assertThat(resources("/api/actors/reminder/daily/messages")).as("nothing sent").isEqualTo(sendsBefore);
        interval.clear();
        interval.sendKeys("3600000");
        click(By.id("field-skipMissed"));
        find(By.id("send-key")).clear();
        find(By.id("send-key")).sendKeys("start-daily-1");
        click(By.id("send-send"));
        await().atMost(WAIT).until(() -> http.get("/api/actors/reminder/daily/state", TestServers.READER).json()
                .path("state").path("running").asBoolean());
        await().atMost(WAIT).ignoreExceptions().until(() -> text(By.id("timers")).contains("every PT1H"));
        assertThat(text(By.id("timers"))).contains("Pending timers and reminders · 1").contains("Tick").contains("tick")
                .contains("missed fires skipped");
        assertThat(text(By.cssSelector("#timeline li"))).contains("Start").contains("start-daily-1");
        browser.screenshot("actor-timers-form");

        // The raw JSON fallback starts from what the fields hold.
        click(By.cssSelector("#send-type option[value=Start]"));
        find(By.id("field-intervalMillis")).sendKeys("5");
        click(By.id("send-raw"));
        assertThat(find(By.id("send-payload")).getDomProperty("value")).contains("\"intervalMillis\": 5")
                .contains("\"skipMissed\": false");
        assertThat(find(By.id("send-fields")).isDisplayed()).isFalse();
        // The toasts of this test would otherwise still show on the next views' screenshots.
        browser.driver.executeScript("document.getElementById('toasts').replaceChildren()");
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
            // The time filter is the server's: letters that last failed before an hour ago are none of these.
            String hourAgo = java.time.Instant.now().minusSeconds(3600).toString();
            browser.driver.get(base + "/studio#/dead-letters?queue=email-sender&failedBefore=" + hourAgo);
            await().atMost(WAIT).until(() -> !browser.driver.findElements(By.id("dlq-empty")).isEmpty());
            assertThat(text(By.id("dlq-summary"))).startsWith("0 dead letters match");
            assertThat(find(By.id("f-before")).getDomProperty("value")).isNotEmpty();
            assertThat(resources("failedBefore=" + hourAgo.replace(":", "%3A"))).isPositive();
            browser.driver.get(base + "/studio#/dead-letters?queue=email-sender");
            click(By.cssSelector("#f-since option[value='15m']"));
            click(By.cssSelector("#dlq-filter button"));
            await().atMost(WAIT).until(() -> browser.driver.findElements(By.cssSelector("tr[data-dead-letter]")).size() == 3);
            assertThat(browser.driver.getCurrentUrl()).contains("since=15m");
            assertThat(resources("failedAfter=")).isPositive();
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
                assertThat(text(By.cssSelector("#partitions thead"))).contains("Pending").contains("Oldest waiting");
            }
        }
    }

    @Test
    @Order(4)
    void partitionsShowTheirLag() throws Exception {
        // The first deposit fails and waits out a 10 min backoff; the four behind it wait in the partition.
        assertThat(http.post("/api/actors/account/lag-1/messages", TestServers.WRITER,
                "{\"type\":\"Deposit\",\"payload\":{\"amount\":-1}}").status()).isEqualTo(202);
        for (int i = 0; i < 4; i++) {
            assertThat(http.post("/api/actors/account/lag-1/messages", TestServers.WRITER,
                    "{\"type\":\"Deposit\",\"payload\":{\"amount\":1}}").status()).isEqualTo(202);
        }
        int partition = await().atMost(WAIT).until(() -> {
            for (var p : http.get("/api/admin/partitions", TestServers.ADMIN).json().path("partitions")) {
                if (p.path("pending").asLong() >= 5) {
                    return p.path("partition").asInt();
                }
            }
            return -1;
        }, p -> p >= 0);
        click(By.id("nav-partitions"));
        await().atMost(WAIT).until(() -> value(By.cssSelector("[data-testid=pending-" + partition + "]")) >= 5);
        assertThat(text(By.id("partitions-summary"))).containsPattern("\\b[5-9] messages queued");
        browser.screenshot("partitions");
    }

    /**
     * count (counter Increment) → review (human approval) → record (counter Increment): small enough to run in a
     * second, with an approval to decide in the browser.
     */
    private static final String REVIEWED = """
            {"name": "studio-review", "version": 1, "stages": [
              {"kind": "single", "name": "count", "task": {"actorType": "counter",
               "actorId": {"pointer": "/input/counter"}, "messageType": "Increment", "input": {"by": {"literal": 1}}}},
              {"kind": "human-approval", "name": "review", "dependsOn": ["count"]},
              {"kind": "single", "name": "record", "dependsOn": ["review"], "task": {"actorType": "counter",
               "actorId": {"pointer": "/input/counter"}, "messageType": "Increment", "input": {"by": {"literal": 10}}}}
            ]}""";
    /** A run left waiting for approval: a writer may decide it, a reader sees it without a button to. */
    private static String waitingRun;

    @Test
    @Order(4)
    void aPipelineRunWaitsForApprovalIsApprovedInTheBrowserAndSucceeds() throws Exception {
        assertThat(http.post("/api/pipelines", TestServers.ADMIN, REVIEWED).status()).isEqualTo(201);
        String approved = startReviewed("pl-approved");
        String cancelled = startReviewed("pl-cancelled");
        waitingRun = startReviewed("pl-waiting");
        for (String id : List.of(approved, cancelled, waitingRun)) {
            await().atMost(WAIT).until(() -> runStatus(id).equals("WAITING_APPROVAL"));
        }
        browser.driver.get(base + "/studio#/pipelines");
        await().atMost(WAIT).until(() -> text(By.cssSelector("[data-testid='run-status-" + approved + "']"))
                .equals("waiting approval"));
        assertThat(text(By.id("p-definitions"))).contains("studio-review").contains("3 waiting");
        assertThat(text(By.id("p-waiting"))).isEqualTo("3 waiting for approval");
        click(By.cssSelector("#p-status option[value=WAITING_APPROVAL]"));
        click(By.cssSelector("#p-filter button"));
        await().atMost(WAIT).until(() -> browser.driver.getCurrentUrl().contains("status=WAITING_APPROVAL"));
        assertThat(resources("/api/pipeline-runs?limit=200&status=WAITING_APPROVAL")).isPositive();
        browser.screenshot("pipelines");

        click(By.cssSelector("tr[data-run='" + approved + "'] a"));
        await().atMost(WAIT).until(() -> text(By.cssSelector("[data-testid=stage-status-review]")).equals("waiting approval"));
        assertThat(text(By.cssSelector("[data-testid=stage-status-count]"))).isEqualTo("succeeded");
        assertThat(text(By.id("run-waiting"))).isEqualTo("review");
        assertThat(browser.driver.findElements(By.id("run-cancel"))).as("an admin may cancel").isNotEmpty();
        find(By.id("by-review")).sendKeys("ann");
        find(By.id("comment-review")).sendKeys("looks right");
        browser.screenshot("pipeline-approval");
        click(By.id("approve-review"));
        await().atMost(WAIT).until(() -> find(By.id("confirm")).isDisplayed());
        assertThat(text(By.id("confirm-text"))).isEqualTo("Approve stage \"review\" of run " + approved + "?");
        click(By.id("confirm-ok"));
        await().atMost(WAIT).until(() -> text(By.cssSelector("[data-testid=run-status]")).equals("succeeded"));
        await().atMost(WAIT).until(() -> text(By.id("run-events")).contains("run ended"));
        assertThat(text(By.id("run-events"))).contains("run started").contains("approval waiting").contains("approved")
                .contains("ann").contains("task succeeded");
        assertThat(text(By.cssSelector("[data-testid=stage-status-record]"))).isEqualTo("succeeded");
        assertThat(text(By.id("run-tasks"))).contains("counter/pl-approved");
        assertThat(browser.driver.findElements(By.id("approve-review"))).isEmpty();
        assertThat(http.get("/api/actors/counter/pl-approved/state", TestServers.READER).json().path("state")
                .path("value").asLong()).isEqualTo(11);
        browser.driver.executeScript("document.getElementById('toasts').replaceChildren()");
        browser.screenshot("pipeline-run");

        browser.driver.get(base + "/studio#/pipelines/" + cancelled);
        click(By.id("run-cancel"));
        await().atMost(WAIT).until(() -> find(By.id("confirm")).isDisplayed());
        assertThat(text(By.id("confirm-text"))).contains("Cancel run " + cancelled + " without compensating");
        click(By.id("confirm-ok"));
        await().atMost(WAIT).until(() -> text(By.cssSelector("[data-testid=run-status]")).equals("cancelled"));
        assertThat(runStatus(cancelled)).isEqualTo("CANCELLED");
        assertThat(browser.driver.findElements(By.id("run-cancel"))).isEmpty();
    }

    private static String startReviewed(String counter) {
        Http.Response r = http.post("/api/pipelines/studio-review/runs", TestServers.WRITER,
                "{\"input\": {\"counter\": \"" + counter + "\"}}");
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        return r.json().path("runId").asText();
    }

    private static String runStatus(String id) {
        return http.get("/api/pipeline-runs/" + id, TestServers.READER).json().path("status").asText();
    }

    @Test
    @Order(5)
    void aReaderSeesNoAdminActionAndTheServerRefusesThem() throws Exception {
        // A writer decides approvals but has none of the admin's run actions.
        click(By.id("logout"));
        login(TestServers.WRITER);
        browser.driver.get(base + "/studio#/pipelines/" + waitingRun);
        waitFor(By.id("approve-review"));
        assertThat(browser.driver.findElements(By.id("reject-review"))).isNotEmpty();
        assertThat(browser.driver.findElements(By.cssSelector("#run-actions, #run-dead-letters"))).isEmpty();
        click(By.id("logout"));
        login(TestServers.READER);
        assertThat(text(By.cssSelector("[data-testid=role]"))).isEqualTo("reader");
        assertThat(browser.driver.findElements(By.cssSelector("#nav a")).stream().map(WebElement::getText).toList())
                .extracting(t -> t.replaceAll("\\d$", ""))
                .containsExactly("Overview", "Actors", "Breakers", "Pipelines");
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
        // A reader sees a waiting run and its stages, but no approve, reject, cancel or pause.
        browser.driver.get(base + "/studio#/pipelines/" + waitingRun);
        await().atMost(WAIT).until(() -> text(By.cssSelector("[data-testid=stage-status-review]")).equals("waiting approval"));
        assertThat(browser.driver.findElements(By.cssSelector("[id^=approve-], [id^=reject-], #run-actions, #run-dead-letters")))
                .isEmpty();
        assertThat(http.post("/api/pipeline-runs/" + waitingRun + "/stages/review/approve", TestServers.READER,
                "{\"by\":\"reader\"}").status()).isEqualTo(403);
        assertThat(http.post("/api/pipeline-runs/" + waitingRun + "/cancel", TestServers.READER, "{}").status())
                .isEqualTo(403);

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
