package io.tidemark.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.tidemark.cli.dashboard.FailureQueue;
import io.tidemark.cli.dashboard.LiveDashboard;
import io.tidemark.config.TableNames;
import io.tidemark.core.report.Report;
import io.tidemark.core.report.ReportJson;
import io.tidemark.core.settings.EventTimeSettings;
import io.tidemark.dynamodb.StateStore;
import io.tidemark.local.aws.ToolClients;
import io.tidemark.testkit.emulators.EmulatorStack;
import io.tidemark.testkit.emulators.Endpoints;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;

import java.io.File;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The page in a real browser (Debian's headless Chromium driven by Selenium through Debian's chromedriver; Selenium
 * Manager never runs, both paths are given) against emulator tables filled by {@code tidemark put} + {@code tidemark
 * run}: every panel's numbers in the DOM equal {@code tidemark query all --json}; then more events are put and run
 * and the page shows the new numbers without a reload; a product id, an ad id and a user id that are markup show as
 * text everywhere and run nothing. In CI a missing browser fails the test (.ci/run installs it); elsewhere it is
 * skipped with the reason.
 */
@ExtendWith(EmulatorStack.class)
class DashboardBrowserTest {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final String PRODUCT = "<img src=x onerror=alert(1)>";
    static final String AD = "<img src=x onerror=alert(2)>";
    static final String USER = "u-<script>alert(3)</script>";

    @TempDir
    Path dir;

    @BeforeAll
    static void emulators(Endpoints endpoints) {
        Cli.useEmulators(endpoints);
    }

    /**
     * Before each test, not in the static {@code @BeforeAll}: Surefire reports a class skipped there as "Tests run: 0",
     * without the reason; skipped here, the test counts as skipped and its report says why.
     */
    @BeforeEach
    void browserInstalled() {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!present && "true".equals(System.getenv("CI"))) {
            throw new AssertionError(CHROMIUM + " or " + CHROMEDRIVER + " is missing: .ci/install.d/40-chromium installs Debian's chromium and "
                    + "chromium-driver");
        }
        Assumptions.assumeTrue(present, "no " + CHROMIUM + " and " + CHROMEDRIVER + ": apt-get install chromium chromium-driver");
    }

    @Test
    void everyPanelShowsWhatQueryAllSaysAndFollowsNewEventsWithoutAReload(Endpoints endpoints) throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String stream = "page-" + suffix;
        String prefix = "page" + suffix;
        Path events = dir.resolve("events.jsonl");
        assertThat(Cli.run("generate", "--seed", "9", "--count", "2000", "--users", "100", "--duration", "PT2H", "--out", events.toString()).exit())
                .isZero();
        // First in the file, so they arrive before the watermark passes them (markup as ids: the page must show it as text).
        List<String> lines = new ArrayList<>(List.of(
                event("x1", "add_to_cart", USER, "2026-11-23T10:00:05Z", "\"product_id\":" + quoted(PRODUCT) + ",\"quantity\":1"),
                event("x2", "ad_impression", USER, "2026-11-23T10:00:06Z", "\"ad_id\":" + quoted(AD)),
                event("x3", "ad_click", USER, "2026-11-23T10:00:07Z", "\"ad_id\":" + quoted(AD))));
        lines.addAll(Files.readAllLines(events, StandardCharsets.UTF_8));
        Files.write(events, lines, StandardCharsets.UTF_8);

        try (KinesisClient kinesis = ToolClients.forEndpoints(endpoints.asEnvironment()).kinesis();
             DynamoDbClient dynamo = ToolClients.forEndpoints(endpoints.asEnvironment()).dynamoDb()) {
            kinesis.createStream(b -> b.streamName(stream).shardCount(2));
            kinesis.waiter().waitUntilStreamExists(b -> b.streamName(stream));
            putAndRun(events, stream, prefix);

            try (LiveDashboard dashboard = LiveDashboard.start(StateStore.create(dynamo, TableNames.forPrefix(prefix)), EventTimeSettings.defaults(),
                    FailureQueue.NONE, Clock.systemUTC(), LiveDashboard.Settings.loopback(0))) {
                WebDriver browser = browser();
                try {
                    browser.get("http://127.0.0.1:" + dashboard.port() + "/");
                    JsonNode snapshot = DashboardApiTest.snapshotAfter(dashboard, Instant.now());
                    Report report = query(prefix);
                    DashboardExpectations expected = DashboardExpectations.of(report, Instant.parse(snapshot.get("as_of").asText()));
                    awaitPage(browser, expected);
                    assertThat(pageDifferences(browser, expected)).as("the page against query all --json").isEmpty();
                    assertNothingRan(browser);
                    assertThat(cells(browser, "alerts-table", 0)).contains(USER);
                    assertThat(cells(browser, "alerts-table", 1)).contains(PRODUCT);
                    assertThat(cells(browser, "ads-table", 0)).contains(AD);
                    long before = expected.activeUsers().values().stream().reduce((a, b) -> b).orElseThrow();

                    // New users inside the headline window: its count must rise on the open page.
                    Instant asOf = expected.asOf();
                    List<String> more = new ArrayList<>();
                    for (int i = 0; i < 7; i++) {
                        more.add(event("more-" + i, "page_view", "late-visitor-" + i, asOf.minusSeconds(90).toString(), "\"page\":\"/\""));
                    }
                    Path second = dir.resolve("more.jsonl");
                    Files.write(second, more, StandardCharsets.UTF_8);
                    String version = browser.findElement(By.tagName("body")).getAttribute("data-version");
                    putAndRun(second, stream, prefix);
                    Report after = query(prefix);
                    DashboardExpectations next = DashboardExpectations.of(after, asOf);
                    assertThat(next.activeUsers().values().stream().reduce((a, b) -> b).orElseThrow()).isEqualTo(before + 7);
                    awaitPage(browser, next);
                    assertThat(browser.findElement(By.tagName("body")).getAttribute("data-version")).as("updated in place, not reloaded")
                            .isNotEqualTo(version).isNotEqualTo("1");
                    assertThat(pageDifferences(browser, next)).as("the page against query all --json after more events").isEmpty();
                    assertNothingRan(browser);
                    Files.write(Path.of("target", "dashboard-browser-test.png"), ((ChromeDriver) browser).getScreenshotAs(OutputType.BYTES));
                } finally {
                    browser.quit();
                }
            }
        }
    }

    private static void putAndRun(Path file, String stream, String prefix) {
        Cli.Result put = Cli.run("put", file.toString(), "--stream", stream, "--concurrency", "1");
        assertThat(put.exit()).as(put.err()).isZero();
        Cli.Result run = Cli.run("run", "--stream", stream, "--table-prefix", prefix, "--until-idle");
        assertThat(run.exit()).as(run.err()).isZero();
    }

    private static Report query(String prefix) {
        Cli.Result query = Cli.run("query", "all", "--json", "--table-prefix", prefix);
        assertThat(query.exit()).as(query.err()).isZero();
        return ReportJson.read(query.out());
    }

    private static WebDriver browser() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--window-size=1280,2200",
                "--user-data-dir=" + new File(System.getProperty("java.io.tmpdir"), "tidemark-chromium-" + UUID.randomUUID()));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    /** Waits (generously: the latency itself is the benchmark's) until the page's headline shows the expected number. */
    private static void awaitPage(WebDriver browser, DashboardExpectations expected) {
        long headline = expected.activeUsers().values().stream().reduce((a, b) -> b).orElseThrow();
        new WebDriverWait(browser, Duration.ofSeconds(60)).until(b -> {
            String shown = b.findElement(By.id("active-users-now")).getText();
            return !shown.equals("–") && number(shown) == headline && !cells(b, "revenue-table", 0).isEmpty();
        });
    }

    /** The page's numbers against the expectation, panel by panel, read from the DOM as a person (or a screen reader) reads them. */
    private static List<String> pageDifferences(WebDriver b, DashboardExpectations e) {
        List<String> out = new ArrayList<>();
        // Active users: the table lists the 60 windows newest first.
        List<String> windows = cells(b, "active-users-table", 0);
        List<String> users = cells(b, "active-users-table", 1);
        List<Long> expectedUsers = new ArrayList<>(e.activeUsers().values());
        java.util.Collections.reverse(expectedUsers);
        check(out, "active-user windows", 60, windows.size());
        for (int i = 0; i < Math.min(60, users.size()); i++) {
            check(out, "active users " + windows.get(i), expectedUsers.get(i), number(users.get(i)));
        }
        check(out, "headline", expectedUsers.get(0), number(b.findElement(By.id("active-users-now")).getText()));
        // Revenue and sessions: 24 hours, newest first.
        List<String> hours = cells(b, "revenue-table", 0);
        List<String> revenue = cells(b, "revenue-table", 1);
        List<String> orders = cells(b, "revenue-table", 2);
        List<String> sessions = cells(b, "sessions-table", 1);
        List<String> medians = cells(b, "sessions-table", 2);
        List<Instant> expectedHours = new ArrayList<>(e.revenue().keySet());
        java.util.Collections.reverse(expectedHours);
        check(out, "hours", 24, hours.size());
        for (int i = 0; i < Math.min(24, hours.size()); i++) {
            Instant h = expectedHours.get(i);
            check(out, "hour " + i, h.toString().substring(0, 16).replace('T', ' '), hours.get(i));
            check(out, "revenue " + h, e.revenue().get(h).stripTrailingZeros(), money(revenue.get(i)).stripTrailingZeros());
            check(out, "orders " + h, e.orders().get(h), number(orders.get(i)));
            check(out, "sessions " + h, e.sessions().get(h), number(sessions.get(i)));
            check(out, "median session " + h, e.medianSessionSeconds().get(h), seconds(medians.get(i)));
        }
        check(out, "abandoned", e.abandoned(), number(b.findElement(By.id("abandoned")).getText()));
        String rate = b.findElement(By.id("abandonment-rate")).getText();
        check(out, "abandonment rate", e.abandonmentRate() == null ? "–"
                : new BigDecimal(e.abandonmentRate()).multiply(BigDecimal.valueOf(100)).setScale(2, java.math.RoundingMode.HALF_UP) + " %", rate);
        check(out, "alerts shown", e.latestAlertIds().size(), cells(b, "alerts-table", 0).size());
        Map<String, String> ads = new TreeMap<>();
        List<String> adIds = cells(b, "ads-table", 0);
        for (int i = 0; i < adIds.size(); i++) {
            ads.put(adIds.get(i), number(cells(b, "ads-table", 1).get(i)) + "/" + number(cells(b, "ads-table", 2).get(i)) + "/"
                    + number(cells(b, "ads-table", 3).get(i)));
        }
        Map<String, String> expectedAds = new TreeMap<>();
        e.ads().forEach((ad, c) -> expectedAds.put(ad, c[0] + "/" + c[1] + "/" + c[2]));
        check(out, "ad attribution", expectedAds, ads);
        Map<String, String> tiers = new TreeMap<>();
        List<String> tierNames = cells(b, "tiers-table", 0);
        for (int i = 0; i < tierNames.size(); i++) {
            tiers.put(tierNames.get(i), money(cells(b, "tiers-table", 1).get(i)).stripTrailingZeros().toPlainString() + "/"
                    + number(cells(b, "tiers-table", 2).get(i)));
        }
        Map<String, String> expectedTiers = new TreeMap<>();
        e.tierRevenue().forEach((tier, r) -> expectedTiers.put(tier, r.stripTrailingZeros().toPlainString() + "/" + e.tierOrders().get(tier)));
        check(out, "revenue by tier", expectedTiers, tiers);
        Report.Counts c = e.counts();
        check(out, "counts", List.of(c.accepted(), c.duplicates(), c.rejected(), c.late(), c.rejected() + c.late()),
                List.of(number(text(b, "count-accepted")), number(text(b, "count-duplicates")), number(text(b, "count-rejected")),
                        number(text(b, "count-late")), number(text(b, "quarantined"))));
        return out;
    }

    /** No script of the data ran: no dialog opened, no element of the data was made (uPlot draws on canvas; the page has no img). */
    private static void assertNothingRan(WebDriver browser) {
        try {
            String text = browser.switchTo().alert().getText();
            throw new AssertionError("a script from the data opened a dialog: " + text);
        } catch (NoAlertPresentException expected) {
            // nothing ran
        }
        Object found = ((JavascriptExecutor) browser).executeScript("return document.querySelectorAll('img, script:not([src])').length");
        assertThat(((Number) found).intValue()).as("elements made from the data").isZero();
    }

    /** A column of a table's body, read with the rest of the page in one script (the page re-renders every second). */
    @SuppressWarnings("unchecked")
    private static List<String> cells(WebDriver b, String table, int column) {
        Map<String, Object> page = (Map<String, Object>) ((JavascriptExecutor) b).executeScript(READ_PAGE);
        List<String> out = new ArrayList<>();
        for (List<String> row : (List<List<String>>) page.get(table)) {
            out.add(row.get(column));
        }
        return out;
    }

    private static String text(WebDriver b, String id) {
        @SuppressWarnings("unchecked")
        Map<String, Object> page = (Map<String, Object>) ((JavascriptExecutor) b).executeScript(READ_PAGE);
        return (String) page.get(id);
    }

    private static final String READ_PAGE = "const out = {};"
            + "document.querySelectorAll('table').forEach(t => { out[t.id] = Array.from(t.tBodies[0].rows, r => Array.from(r.cells, c => c.textContent)); });"
            + "document.querySelectorAll('[id]').forEach(e => { if (e.tagName !== 'TABLE' && !(e.id in out)) { out[e.id] = e.textContent; } });"
            + "return out;";

    private static long number(String shown) {
        return Long.parseLong(shown.replace(",", "").trim());
    }

    private static BigDecimal money(String shown) {
        return new BigDecimal(shown.replace(",", "").trim());
    }

    /** "12 min 5 s", "40 s" or "–". */
    private static Long seconds(String shown) {
        if (shown.equals("–")) {
            return null;
        }
        String[] p = shown.split(" ");
        return p.length == 4 ? Long.parseLong(p[0]) * 60 + Long.parseLong(p[2]) : Long.parseLong(p[0]);
    }

    private static void check(List<String> out, String what, Object expected, Object actual) {
        if (!java.util.Objects.equals(expected, actual)) {
            out.add(what + ": expected " + expected + ", the page shows " + actual);
        }
    }

    private static String event(String id, String type, String user, String at, String fields) {
        return "{\"event_id\":\"" + id + "\",\"type\":\"" + type + "\",\"user_id\":" + quoted(user) + ",\"timestamp\":\"" + at + "\"," + fields + "}";
    }

    private static String quoted(String s) {
        return new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(s).toString();
    }
}
