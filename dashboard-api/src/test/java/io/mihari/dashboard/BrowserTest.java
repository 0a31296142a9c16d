package io.mihari.dashboard;

import io.mihari.model.index.IndexTemplates;
import io.mihari.testsupport.MihariInfraResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The web dashboard in a real headless Chromium (Debian's {@code chromium} and {@code chromium-driver}): log in,
 * see a service that breached its 99.5% in red on the board, an open incident counting down to its next status
 * report, and open the incident's timeline. Without the browser the test is skipped, unless
 * {@code MIHARI_REQUIRE_BROWSER} is set (CI sets it, and installs the browser).
 */
@QuarkusTest
@WithTestResource(MihariInfraResource.class)
@TestProfile(BrowserTest.LocalhostOrigin.class)
class BrowserTest {

    /**
     * A browser offers passkeys only to a secure origin (HTTPS or http://localhost) that the server names exactly
     * ({@code mihari.auth.passkeys.origins}): so here the port is chosen before the start (a free one, not a fixed
     * number) and the origin is http://localhost:<port>.
     */
    public static class LocalhostOrigin implements QuarkusTestProfile {
        static final int PORT = freePort();

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.http.test-port", String.valueOf(PORT),
                    "mihari.auth.passkeys.origins", "http://localhost:" + PORT);
        }

        private static int freePort() {
            return io.mihari.testsupport.FreePorts.next(); // below the ephemeral range: no client takes it meanwhile
        }
    }

    static final File CHROMIUM = new File("/usr/bin/chromium");
    static final File CHROMEDRIVER = new File("/usr/bin/chromedriver");
    static WebDriver browser;

    @TestHTTPResource("/")
    URL base;

    @ConfigProperty(name = "mihari.opensearch.url")
    String openSearchUrl;

    @BeforeAll
    static void chromium() throws Exception {
        boolean present = CHROMIUM.canExecute() && CHROMEDRIVER.canExecute();
        if (!present && System.getenv("MIHARI_REQUIRE_BROWSER") != null) {
            throw new IllegalStateException("MIHARI_REQUIRE_BROWSER is set but /usr/bin/chromium or /usr/bin/chromedriver"
                    + " is missing: apt-get install chromium chromium-driver");
        }
        Assumptions.assumeTrue(present, "no headless browser here: apt-get install chromium chromium-driver");
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--window-size=1400,1000", "--lang=ja",
                "--user-data-dir=" + Files.createTempDirectory("mihari-chromium"));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER)
                .usingAnyFreePort().build();
        // the browser's console, to see that the Content Security Policy refused nothing the page needs
        options.setCapability("goog:loggingPrefs", java.util.Map.of("browser", "ALL"));
        browser = new ChromeDriver(service, options);
    }

    @AfterAll
    static void close() {
        if (browser != null) {
            browser.quit();
        }
    }

    void seed() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        for (IndexTemplates.Template template : IndexTemplates.ALL) {
            send(http, "PUT", "/_index_template/" + template.name(), template.json());
        }
        StringBuilder bulk = new StringBuilder();
        AvailabilityApiTest.transition(bulk, "kurashiki-hokenfukushi", "krs-fukushi-ap1", "2026-09-01T00:00:00Z", "UP");
        AvailabilityApiTest.transition(bulk, "kurashiki-hokenfukushi", "krs-fukushi-ap1", "2026-10-05T00:00:00Z", "DOWN");
        AvailabilityApiTest.transition(bulk, "kurashiki-hokenfukushi", "krs-fukushi-ap1", "2026-10-05T05:00:00Z", "UP");
        send(http, "POST", "/_bulk?refresh=true", bulk.toString());
        // INES requested maintenance in two weeks: the city sees it waiting on the board and approves it on the page
        Instant start = Clock.systemUTC().instant().plus(Duration.ofDays(14));
        send(http, "PUT", "/mihari-maintenance/_doc/mw-browser-1?refresh=true", """
                {"id":"mw-browser-1","serviceId":"kurashiki-hokenfukushi","targetIds":[],"title":"OS パッチ適用",
                 "start":"%s","end":"%s","createdBy":"INES 運用","createdAt":"%s","createdByRole":"vendor",
                 "status":"REQUESTED","urgent":true}""".formatted(start, start.plus(Duration.ofHours(2)),
                Clock.systemUTC().instant()));
        // an open incident whose next status report is due in 30 minutes (real time: the page counts down)
        String due = Clock.systemUTC().instant().plus(Duration.ofMinutes(30)).toString();
        send(http, "PUT", "/mihari-incidents/_doc/INC-20261126-0099?refresh=true", """
                {"id":"INC-20261126-0099","tenant":"kurashiki","system":"hokenfukushi",
                 "serviceId":"kurashiki-hokenfukushi","vendor":"ines","kind":"LIVENESS","severity":"CRITICAL",
                 "status":"OPEN","title":"No heartbeat from kurashiki/krs-fukushi-ap1",
                 "affectedTargets":["kurashiki/krs-fukushi-ap1"],"detectedAt":"2026-11-26T00:00:00Z",
                 "startedAt":"2026-11-26T00:00:00Z","openedAt":"2026-11-26T00:00:30Z",
                 "timeline":[{"at":"2026-11-26T00:00:00Z","type":"TARGET_DOWN","targetId":"kurashiki/krs-fukushi-ap1",
                              "message":"kurashiki/krs-fukushi-ap1 is down: no heartbeat"},
                             {"at":"2026-11-26T00:00:31Z","type":"FIRST_REPORT_SENT","message":"first report mailed"}],
                 "sla":{"firstReport":{"dueAt":"2026-11-26T01:00:00Z","sentAt":"2026-11-26T00:00:31Z",
                        "automatic":true,"lateBySeconds":0},"nextStatusReportDue":"%s"}}""".formatted(due));
    }

    void send(HttpClient http, String method, String path, String body) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(openSearchUrl + path))
                .header("Content-Type", path.startsWith("/_bulk") ? "application/x-ndjson" : "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isBetween(200, 201);
    }

    /** What the console said since the last call: no Content Security Policy violation may be among it. */
    static void assertNoCspViolation() {
        var entries = browser.manage().logs().get(org.openqa.selenium.logging.LogType.BROWSER).getAll();
        assertThat(entries).extracting(org.openqa.selenium.logging.LogEntry::getMessage)
                .noneMatch(m -> m.contains("Content Security Policy") || m.contains("Refused to"));
    }

    @Test
    void aVendorWithoutASecondFactorEnrolsOneFromTheQrCodeAndSeesTheRecoveryCodesOnce() throws Exception {
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        browser.get(base + "#/login");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.name("username"))).sendKeys("browser-vendor");
        browser.findElement(By.name("password")).sendKeys("test-password");
        browser.findElement(By.cssSelector("#login-form button")).click();

        WebElement qr = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#qr svg")));
        assertThat(qr.getSize().getWidth()).isGreaterThan(100);
        String secret = browser.findElement(By.id("secret")).getText();
        assertThat(browser.findElement(By.id("enrol")).getText()).contains("二要素認証の登録");
        screenshot("enrolment");
        browser.findElement(By.cssSelector("#enrol-form input[name=code]"))
                .sendKeys(io.mihari.dashboard.auth.Totp.code(secret, Clock.systemUTC().instant()));
        browser.findElement(By.cssSelector("#enrol-form button")).click();

        WebElement codes = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("recovery-codes")));
        assertThat(codes.findElements(By.tagName("li"))).hasSize(10);
        assertThat(codes.getText()).containsPattern("[A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{4}");
        screenshot("recovery-codes");
        browser.findElement(By.id("saved")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("board")));
        assertThat(browser.findElement(By.id("who")).getText()).contains("富士通 ブラウザ");
        assertNoCspViolation();

        // logging out revokes the token on the server
        String token = (String) ((org.openqa.selenium.JavascriptExecutor) browser)
                .executeScript("return sessionStorage.getItem('mihari.token')");
        browser.findElement(By.id("logout")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.name("username")));
        org.awaitility.Awaitility.await().untilAsserted(() -> io.restassured.RestAssured.given().auth().oauth2(token)
                .when().get("/api/auth/me").then().statusCode(401));
    }

    @Test
    void aVendorRegistersAPasskeyOnThePageAndLogsInWithItAsTheSecondFactor() throws Exception {
        // Chromium's virtual authenticator: a platform authenticator that keeps passkeys and verifies the user
        var authenticators = (org.openqa.selenium.virtualauthenticator.HasVirtualAuthenticator) browser;
        var authenticator = authenticators.addVirtualAuthenticator(
                new org.openqa.selenium.virtualauthenticator.VirtualAuthenticatorOptions()
                        .setProtocol(org.openqa.selenium.virtualauthenticator.VirtualAuthenticatorOptions.Protocol.CTAP2)
                        .setTransport(org.openqa.selenium.virtualauthenticator.VirtualAuthenticatorOptions.Transport.INTERNAL)
                        .setHasResidentKey(true).setHasUserVerification(true).setIsUserVerified(true)
                        .setIsUserConsenting(true));
        try {
            String page = "http://localhost:" + LocalhostOrigin.PORT + "/";
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
            browser.get(page + "#/login");
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.name("username"))).sendKeys("browser-passkey");
            browser.findElement(By.name("password")).sendKeys("test-password");
            browser.findElement(By.cssSelector("#login-form button[type=submit]")).click();

            // no second factor yet: the enrolment page offers a passkey besides the QR code
            WebElement name = wait.until(ExpectedConditions.visibilityOfElementLocated(
                    By.cssSelector("#enrol-passkey-form input[name=name]")));
            assertThat(browser.findElement(By.id("enrol")).getText()).contains("パスキーを登録");
            name.sendKeys("テスト端末");
            screenshot("passkey-enrolment");
            browser.findElement(By.cssSelector("#enrol-passkey-form button")).click();
            WebElement codes = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("recovery-codes")));
            assertThat(codes.findElements(By.tagName("li"))).hasSize(10);
            assertThat(authenticator.getCredentials()).hasSize(1);
            assertThat(authenticator.getCredentials().get(0).isResidentCredential()).isTrue();
            browser.findElement(By.id("saved")).click();
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("board")));
            assertThat(browser.findElement(By.id("who")).getText()).contains("富士通 パスキー");
            browser.findElement(By.id("logout")).click();

            // the password and the passkey, no code
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.name("username"))).sendKeys("browser-passkey");
            browser.findElement(By.name("password")).sendKeys("test-password");
            screenshot("passkey-login");
            browser.findElement(By.id("passkey-login")).click();
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("board")));
            assertThat(browser.findElement(By.id("who")).getText()).contains("富士通 パスキー");

            // the user's own passkeys: named, used just now
            browser.get(page + "#/passkeys");
            WebElement row = wait.until(ExpectedConditions.visibilityOfElementLocated(
                    By.cssSelector("#passkey-list tr[data-passkey]")));
            assertThat(row.getText()).contains("テスト端末", "JST");
            assertThat(row.findElements(By.tagName("td")).get(2).getText()).as("last used").contains("JST");
            screenshot("passkeys");
            assertNoCspViolation();

            // a wrong password with the right passkey: the one refusal, on the page
            browser.findElement(By.id("logout")).click();
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.name("username"))).sendKeys("browser-passkey");
            browser.findElement(By.name("password")).sendKeys("wrong-password");
            browser.findElement(By.id("passkey-login")).click();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("error"),
                    "wrong user, password or code"));
            assertNoCspViolation();
        } finally {
            authenticators.removeVirtualAuthenticator(authenticator);
        }
    }

    @Test
    void theBoardShowsABreachedServiceInRedAndAnIncidentCountingDownToItsNextReport() throws Exception {
        seed();
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        browser.get(base + "#/login");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.name("username"))).sendKeys("kurashiki-dx");
        browser.findElement(By.name("password")).sendKeys("test-password");
        browser.findElement(By.cssSelector("#login-form button")).click();
        wait.until(ExpectedConditions.urlContains("#/"));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("board")));
        browser.get(base + "#/board/2026-10");

        // October: INES's service was down 300 min of a 223.2-min budget: BREACHED, in red
        WebElement breached = wait.until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector(".cell[data-service='kurashiki-hokenfukushi'][data-status='BREACHED']")));
        assertThat(breached.getCssValue("background-color")).isIn("rgba(198, 40, 40, 1)", "rgb(198, 40, 40)");
        assertThat(breached.getText()).contains("99.327%", "未達");
        WebElement met = browser.findElement(By.cssSelector(".cell[data-service='kurashiki-juki']"));
        assertThat(met.getAttribute("data-status")).isIn("MET", "NO_DATA", "AT_RISK", "BREACHED", "INSUFFICIENT_DATA");

        // the open incident counts down to its next status report (mm:ss, under 30 minutes)
        WebElement countdown = wait.until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("tr[data-incident='INC-20261126-0099'] .countdown")));
        wait.until(d -> countdown.getText().matches("[0-2]\\d:\\d\\d"));
        String first = countdown.getText();
        wait.until(d -> !countdown.getText().equals(first)); // it ticks
        screenshot("board");

        // the maintenance INES asked for waits for the city's decision, in plain sight
        assertThat(browser.findElement(By.id("pending-maintenance")).getText()).contains("mw-browser-1", "OS パッチ適用",
                "承認待ち", "緊急", "INES 運用");

        // the incident's timeline
        browser.findElement(By.cssSelector("tr[data-incident='INC-20261126-0099']")).click();
        WebElement timeline = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("timeline")));
        assertThat(timeline.getText()).contains("kurashiki/krs-fukushi-ap1 is down: no heartbeat", "first report mailed");
        assertThat(browser.findElement(By.id("sla")).getText()).contains("初報");
        screenshot("incident");

        // the service's monthly report: figures, servers, the lines that make up the figure
        browser.get(base + "#/report/2026-10/kurashiki-hokenfukushi");
        WebElement lines = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("intervals")));
        assertThat(lines.getText()).contains("停止", "300.0 分");
        assertThat(browser.findElement(By.id("per-target")).getText()).contains("kurashiki/krs-fukushi-ap1", "99.327%");
        assertThat(browser.findElement(By.id("report-maintenance")).getText()).contains("計上");
        screenshot("report");

        // the city approves the request on the service's maintenance page: published as a command
        browser.get(base + "#/maintenance/kurashiki-hokenfukushi");
        WebElement request = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#windows tr[data-window='mw-browser-1'][data-state='REQUESTED']")));
        assertThat(request.getText()).contains("OS パッチ適用", "承認待ち", "緊急", "INES 運用");
        screenshot("maintenance");
        request.findElement(By.cssSelector("form[data-decide='approve'] button")).click();
        WebElement accepted = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#windows tr[data-window='mw-browser-1'] .accepted")));
        assertThat(accepted.getText()).startsWith("受け付けました: u-");
        assertNoCspViolation();
    }

    /** Words the pages must never show: enum names as the API spells them, in capitals with or without underscores. */
    static final java.util.regex.Pattern RAW_ENUM = java.util.regex.Pattern.compile("\\b(OPEN|MITIGATED|RESOLVED|CLOSED"
            + "|LIVENESS|CHECK|RESOURCE|BATCH|WARNING|MAJOR|CRITICAL|UNKNOWN|UP|DOWN|DEGRADED|RUNNING|STOPPED|MET"
            + "|BREACHED|REQUESTED|APPROVED|REJECTED|WITHDRAWN|LEGACY|MAINTENANCE|VENDOR|CLOUD|CITY|EXTERNAL|PLANNED"
            + "|MONDAY|TUESDAY|WEDNESDAY|THURSDAY|FRIDAY|SATURDAY|SUNDAY"
            + "|[A-Z]+_[A-Z_]+)\\b");
    static final java.util.regex.Pattern ISO_INSTANT = java.util.regex.Pattern.compile(
            "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}");
    static final java.util.regex.Pattern VENDOR_ID = java.util.regex.Pattern.compile("\\b(fujitsu-japan|ines)\\b");
    static final java.util.regex.Pattern JST_TIME = java.util.regex.Pattern.compile(
            "\\d{4}/\\d{2}/\\d{2} \\d{2}:\\d{2}:\\d{2} JST");

    /** Seeds one of every state the pages show: servers, resources, applications, incidents, maintenance. */
    void seedEveryState() throws Exception {
        seed();
        HttpClient http = HttpClient.newHttpClient();
        Instant now = Clock.systemUTC().instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        // the events of this walk only (WarningsApiTest keeps its own in mihari-events-warnings-test)
        send(http, "DELETE", "/mihari-events-browser-test,mihari-events-warnings-test?ignore_unavailable=true", "");
        send(http, "PUT", "/mihari-targets/_doc/kurashiki%2Fkrs-fukushi-ap1?refresh=true", """
                {"targetId":"kurashiki/krs-fukushi-ap1","tenant":"kurashiki","system":"hokenfukushi",
                 "host":"krs-fukushi-ap1","serviceId":"kurashiki-hokenfukushi","status":"UP","since":"2026-11-01T00:00:00Z"}""");
        send(http, "PUT", "/mihari-targets/_doc/kurashiki%2Fkrs-juki-db1?refresh=true", """
                {"targetId":"kurashiki/krs-juki-db1","tenant":"kurashiki","system":"juki","host":"krs-juki-db1",
                 "serviceId":"kurashiki-juki","status":"DOWN","since":"2026-12-06T03:25:43Z"}""");
        send(http, "PUT", "/mihari-targets/_doc/kurashiki%2Fkrs-juki-ap1?refresh=true", """
                {"targetId":"kurashiki/krs-juki-ap1","tenant":"kurashiki","system":"juki","host":"krs-juki-ap1",
                 "serviceId":"kurashiki-juki","status":"UP","since":"2026-11-01T00:00:00Z"}""");
        send(http, "PUT", "/mihari-targets/_doc/kurashiki%2Fkrs-juki-ap2?refresh=true", """
                {"targetId":"kurashiki/krs-juki-ap2","tenant":"kurashiki","system":"juki","host":"krs-juki-ap2",
                 "serviceId":"kurashiki-juki","status":"UNKNOWN","since":"2026-12-01T00:00:00Z"}""");
        String events = "/mihari-events-browser-test/_doc/";
        for (int minutes : new int[] {30, 20, 10, 2}) {
            Instant at = now.minus(Duration.ofMinutes(minutes));
            send(http, "PUT", events + "sample-" + minutes + "?refresh=true", """
                    {"eventId":"sample-%d","schemaVersion":1,"type":"RESOURCE_SAMPLE","occurredAt":"%s","receivedAt":"%s",
                     "tenant":"kurashiki","system":"juki","host":"krs-juki-ap1","targetId":"kurashiki/krs-juki-ap1",
                     "agentId":"a1","seq":%d,"registered":true,"serviceId":"kurashiki-juki",
                     "resources":{"cpuPercent":%d,"memoryTotalBytes":1000,"memoryUsedBytes":400,"swapTotalBytes":1000,
                      "swapUsedBytes":100,"uptimeSeconds":3600,"disks":[{"mount":"/var","totalBytes":1000,"usedBytes":853}]}}"""
                    .formatted(minutes, at, at, 100 - minutes, minutes == 2 ? 97 : 40 + minutes));
        }
        String[][] reports = {{"juki-ap", "krs-juki-ap1", "kurashiki-juki", "juki", "DEGRADED", "縮退運転中"},
                {"juki-batch", "krs-juki-db1", "kurashiki-juki", "juki", "RUNNING", ""},
                {"fukushi-ap", "krs-fukushi-ap1", "kurashiki-hokenfukushi", "hokenfukushi", "STOPPED", "帳票停止"}};
        for (String[] r : reports) {
            Instant at = now.minus(Duration.ofMinutes(3));
            send(http, "PUT", events + "op-" + r[0] + "?refresh=true", """
                    {"eventId":"op-%s","schemaVersion":1,"type":"OPERATING_STATUS","occurredAt":"%s","receivedAt":"%s",
                     "tenant":"kurashiki","system":"%s","host":"%s","targetId":"kurashiki/%s","agentId":"a1","seq":1,
                     "registered":true,"serviceId":"%s","operating":{"application":"%s","status":"%s","message":"%s"}}"""
                    .formatted(r[0], at, at, r[3], r[1], r[1], r[2], r[0], r[4], r[5]));
        }
        // an incident of every status and kind, written the older way (English title and lines only)
        String[][] incidents = {
                {"INC-20261120-0001", "MITIGATED", "RESOURCE", "MAJOR", "kurashiki/krs-juki-ap1",
                        "\"mitigatedAt\":\"2026-11-20T02:00:00Z\",\"attribution\":\"VENDOR\","},
                {"INC-20261115-0001", "RESOLVED", "BATCH", "MAJOR", "kurashiki/krs-juki-db1",
                        "\"mitigatedAt\":\"2026-11-15T02:00:00Z\",\"resolvedAt\":\"2026-11-15T05:00:00Z\",\"attribution\":\"CLOUD\","},
                {"INC-20261110-0001", "CLOSED", "CHECK", "WARNING", "kurashiki/krs-juki-ap2",
                        "\"mitigatedAt\":\"2026-11-10T02:00:00Z\",\"resolvedAt\":\"2026-11-10T03:00:00Z\","
                                + "\"closedAt\":\"2026-11-12T00:00:00Z\",\"attribution\":\"CITY\","
                                + "\"writtenReport\":{\"cause\":\"設定誤り\",\"firstResponse\":\"再起動\","
                                + "\"countermeasures\":\"手順書の見直し\",\"author\":\"fujitsu-ops\","
                                + "\"submittedAt\":\"2026-11-11T00:00:00Z\"},"},
                {"INC-20261205-0001", "OPEN", "OPERATING_STATUS", "MAJOR", "kurashiki/krs-juki-ap1", ""}};
        for (String[] i : incidents) {
            String day = i[0].substring(4, 8) + "-" + i[0].substring(8, 10) + "-" + i[0].substring(10, 12);
            send(http, "PUT", "/mihari-incidents/_doc/" + i[0] + "?refresh=true", """
                    {"id":"%s","tenant":"kurashiki","system":"juki","serviceId":"kurashiki-juki","vendor":"fujitsu-japan",
                     "kind":"%s","severity":"%s","status":"%s","title":"%s problem on %s","affectedTargets":["%s"],
                     "detectedAt":"%sT01:00:00Z","startedAt":"%sT01:00:00Z","openedAt":"%sT01:00:30Z",%s
                     "timeline":[{"at":"%sT01:00:00Z","type":"%s_ALERT","targetId":"%s","message":"%s: above threshold since %sT01:00:00.123456789Z"},
                                 {"at":"%sT01:00:30Z","type":"INCIDENT_OPENED","message":"incident opened"},
                                 {"at":"%sT01:00:31Z","type":"FIRST_REPORT_SENT","message":"first report mailed"},
                                 {"at":"%sT01:30:00Z","type":"STATUS_UPDATE","message":"再起動しました","author":"fujitsu-ops"}],
                     "sla":{"firstReport":{"dueAt":"%sT02:00:30Z","sentAt":"%sT01:00:31Z","automatic":true,"lateBySeconds":0}}}"""
                    .formatted(i[0], i[2], i[3], i[1], i[2].toLowerCase(java.util.Locale.ROOT), i[4], i[4], day, day, day,
                            i[5], day, i[2], i[4], i[4], day, day, day, day, day, day));
        }
        send(http, "PUT", "/mihari-maintenance/_doc/mw-browser-2?refresh=true", """
                {"id":"mw-browser-2","serviceId":"kurashiki-juki","targetIds":["kurashiki/krs-juki-ap1"],"title":"定期保守",
                 "start":"2026-11-01T00:00:00Z","recurrence":{"daysOfWeek":["SUNDAY","WEDNESDAY"],"startTime":"02:00",
                 "duration":"PT3H","zone":"Asia/Tokyo"},"createdBy":"富士通 運用","createdAt":"2026-10-20T00:00:00Z",
                 "createdByRole":"vendor","status":"APPROVED","decidedBy":"倉敷市 DX","decidedAt":"2026-10-21T00:00:00Z"}""");
        send(http, "PUT", "/mihari-maintenance/_doc/mw-browser-3?refresh=true", """
                {"id":"mw-browser-3","serviceId":"kurashiki-juki","targetIds":[],"title":"緊急パッチ",
                 "start":"2026-11-05T00:00:00Z","end":"2026-11-05T01:00:00Z","createdBy":"富士通 運用",
                 "createdAt":"2026-11-04T00:00:00Z","createdByRole":"vendor","status":"REJECTED","urgent":true,
                 "decidedBy":"倉敷市 DX","decidedAt":"2026-11-04T01:00:00Z","decisionNote":"業務時間内のため"}""");
    }

    /**
     * Every page in Japanese and in English, with a seeded state of every kind: no raw enum, no ISO instant, no vendor
     * id, no dictionary key, no error, no vendor name of the other language; times as 2026/12/06 12:25:43 JST. The
     * board answers "what is wrong now": INES's stopped application first in red, Fujitsu's server down, its
     * no-data server folded into one line.
     */
    @Test
    void everyPageSpeaksTheViewersLanguageWithNoRawEnumInstantOrId() throws Exception {
        seedEveryState();
        try {
            walkEveryPage();
        } finally {
            // the other tests read the page in Japanese
            ((org.openqa.selenium.JavascriptExecutor) browser).executeScript("localStorage.removeItem('mihari.lang')");
        }
    }

    void walkEveryPage() throws Exception {
        java.util.Set<String> keys = new java.util.TreeSet<>(io.mihari.dashboard.web.DictionaryTest.dictionary(
                io.mihari.dashboard.web.DictionaryTest.script()).get("ja").keySet());
        keys.removeIf(k -> !k.contains("_") && k.chars().noneMatch(Character::isUpperCase));
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        browser.get(base + "#/login");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.name("username"))).sendKeys("kurashiki-dx");
        browser.findElement(By.name("password")).sendKeys("test-password");
        browser.findElement(By.cssSelector("#login-form button")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("board")));

        String[][] pages = {{"board", "#/board/2026-10", "board"}, {"incidents", "#/incidents", "incident-list"},
                {"incident-open", "#/incidents/INC-20261205-0001", "timeline"},
                {"incident-mitigated", "#/incidents/INC-20261120-0001", "timeline"},
                {"incident-resolved", "#/incidents/INC-20261115-0001", "timeline"},
                {"incident-closed", "#/incidents/INC-20261110-0001", "timeline"},
                {"report", "#/report/2026-10", "report"}, {"service-report", "#/report/2026-10/kurashiki-hokenfukushi", "intervals"},
                {"sla", "#/sla/2026-11", "sla-compliance"}, {"resources", "#/targets/kurashiki/krs-juki-ap1", "resources"},
                {"maintenance", "#/maintenance", "maintenance-services"},
                {"maintenance-service", "#/maintenance/kurashiki-juki", "windows"}, {"passkeys", "#/passkeys", "passkey-list"},
                {"periods", "#/periods/2026-Q4", "period-table"}, {"parties", "#/parties?month=2026-10", "ledger"},
                {"incident-report", "#/incident-report/INC-20261110-0001", "report-timeline"}};
        for (String lang : new String[] {"ja", "en"}) {
            ((org.openqa.selenium.JavascriptExecutor) browser).executeScript(
                    "localStorage.setItem('mihari.lang', arguments[0])", lang);
            for (String[] page : pages) {
                open(page[1]);
                wait.until(ExpectedConditions.presenceOfElementLocated(By.id(page[2])));
                String text = browser.findElement(By.tagName("body")).getText();
                String where = lang + " " + page[0] + ":\n" + text;
                assertThat(browser.findElement(By.id("error")).isDisplayed()).as(where).isFalse();
                assertThat(RAW_ENUM.matcher(text).results().map(java.util.regex.MatchResult::group).toList())
                        .as("raw enums on " + where).isEmpty();
                assertThat(ISO_INSTANT.matcher(text).find()).as("ISO instant on " + where).isFalse();
                assertThat(VENDOR_ID.matcher(text).find()).as("vendor id on " + where).isFalse();
                assertThat(keys).as("dictionary keys on " + where).noneMatch(k -> java.util.regex.Pattern
                        .compile("\\b" + k + "\\b").matcher(text).find());
                assertThat(text).as(where).doesNotContain(lang.equals("ja") ? "Fujitsu Japan" : "富士通Japan")
                        .doesNotContain(lang.equals("ja") ? "Health and welfare" : "保健福祉系");
                assertThat(browser.findElement(By.id("who")).getText()).as(where)
                        .doesNotContainPattern("\\((admin|operator|vendor)\\)");
                screenshot("walk-" + lang + "-" + page[0]);
            }
        }
        // what the English board says now: the problems first, the no-data server folded, the applications' status
        open("#/");
        WebElement warnings = wait.until(ExpectedConditions.presenceOfElementLocated(By.id("warnings")));
        var groups = warnings.findElements(By.cssSelector(".warning-group"));
        // Fujitsu's two critical problems before INES's one
        assertThat(groups).extracting(g -> g.getAttribute("data-service"))
                .containsExactly("kurashiki-juki", "kurashiki-hokenfukushi");
        WebElement juki = groups.get(0);
        assertThat(juki.getText()).contains("Kurashiki Resident records", "Server down: kurashiki/krs-juki-db1",
                "No data: 1 server", "Operating status degraded: juki-ap (kurashiki/krs-juki-ap1) 縮退運転中",
                "kurashiki/krs-juki-ap1 CPU use 97.0% (critical at 95.0%)",
                "kurashiki/krs-juki-ap1 Disk /var use 85.3% (warning at 80.0%)");
        assertThat(juki.findElements(By.cssSelector("li[data-kind]"))).extracting(e -> e.getAttribute("data-kind"))
                .filteredOn(k -> !k.equals("AVAILABILITY"))
                .containsExactly("TARGET_DOWN", "RESOURCE", "OPERATING_STATUS", "RESOURCE", "NO_DATA");
        assertThat(juki.findElements(By.cssSelector("li[data-kind='NO_DATA']"))).hasSize(1);
        assertThat(groups.get(1).getText()).contains("Operating status stopped: fukushi-ap (kurashiki/krs-fukushi-ap1) 帳票停止");
        assertThat(groups.get(1).findElement(By.cssSelector("li.CRITICAL")).getCssValue("color"))
                .isIn("rgba(198, 40, 40, 1)", "rgb(198, 40, 40)");
        assertThat(browser.findElement(By.id("operating")).getText()).contains("fukushi-ap", "Stopped", "帳票停止",
                "juki-ap", "Degraded", "juki-batch", "Running");
        assertThat(JST_TIME.matcher(browser.findElement(By.id("operating")).getText()).find()).isTrue();
        // issue 19, in English: every party of the month, the provider's virtual servers per city, a ledger that adds up
        open("#/parties?month=2026-10");
        WebElement cloud = wait.until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#parties section.party[data-party='gov-cloud']")));
        assertThat(cloud.getText()).contains("Cloud provider", "Government cloud provider", "Kurashiki", "Virtual servers");
        assertThat(browser.findElement(By.id("ledger-total")).getAttribute("data-balanced")).isEqualTo("true");
        assertThat(browser.findElement(By.id("parties-csv")).getAttribute("href")).endsWith("/api/reports/parties.csv?month=2026-10");
        ((org.openqa.selenium.JavascriptExecutor) browser).executeScript("localStorage.setItem('mihari.lang', 'ja')");
        // in Japanese: a click on a city's virtual servers lists each server (no redundancy credit: INES's server alone)
        open("#/parties?month=2026-10");
        WebElement row = wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector(
                "section.party[data-party='gov-cloud'] tr.component-row[data-tenant='kurashiki'][data-type='VIRTUAL_SERVER']")));
        assertThat(row.getText()).contains("倉敷市", "仮想サーバ");
        row.click();
        WebElement items = browser.findElement(By.cssSelector("section.party[data-party='gov-cloud'] tr[data-items='"
                + row.getAttribute("data-expand") + "']"));
        wait.until(ExpectedConditions.visibilityOf(items));
        assertThat(items.getText()).contains("krs-fukushi-ap1", "krs-juki-ap1", "krs-juki-db1");
        screenshot("parties");
        // the monthly report links to it and discloses the provider's components per city and type
        open("#/report/2026-10");
        WebElement disclosure = wait.until(ExpectedConditions.presenceOfElementLocated(By.id("disclosure")));
        assertThat(disclosure.getText()).contains("各種サービスの稼働率の開示", "倉敷市", "仮想サーバ");
        assertThat(browser.findElement(By.id("parties-link")).getAttribute("href")).endsWith("#/parties?month=2026-10");
        open("#/board/2026-10");
        WebElement panel = wait.until(ExpectedConditions.presenceOfElementLocated(By.id("cloud-lines")));
        assertThat(panel.getText()).contains("クラウド提供事業者", "倉敷市", "最も低い種類: 仮想サーバ");
        assertThat(panel.findElement(By.cssSelector(".cell[data-party='gov-cloud'][data-tenant='kurashiki']"))
                .getAttribute("data-status")).isIn("MET", "AT_RISK", "BREACHED", "INSUFFICIENT_DATA", "NO_DATA");
        open("#/incidents/INC-20261120-0001");
        WebElement incident = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("incident")));
        assertThat(incident.getText()).contains("リソース使用率の閾値超過（kurashiki/krs-juki-ap1）", "富士通Japan",
                "重大", "暫定復旧", "運用事業者の責任", "2026/11/20 10:00:00 JST", "[初報を送信] first report mailed",
                "2026/11/20 10:00:00 JST");
        assertThat(incident.findElements(By.cssSelector("form.action button"))).extracting(WebElement::getText)
                .containsExactly("登録", "変更", "解決にする", "提出");
        // the city may change the attribution (the carrier among the choices) and record a party's report with its instant
        assertThat(incident.findElements(By.cssSelector("form[data-action='attribute'] option")))
                .extracting(WebElement::getText).contains("回線事業者", "ガバメントクラウド");
        assertThat(incident.findElements(By.cssSelector("form[data-action='postUpdate'] input[name='reportedAt']"))).hasSize(1);
        assertNoCspViolation();
    }

    /** Opens a page afresh (the language is read when the page loads). */
    void open(String hash) {
        browser.get(base + hash);
        browser.navigate().refresh();
    }

    /** What the browser showed, for people to look at: target/browser/*.png. */
    static void screenshot(String name) throws java.io.IOException {
        java.nio.file.Path dir = java.nio.file.Path.of("target", "browser");
        Files.createDirectories(dir);
        Files.write(dir.resolve(name + ".png"),
                ((org.openqa.selenium.TakesScreenshot) browser).getScreenshotAs(org.openqa.selenium.OutputType.BYTES));
    }
}
