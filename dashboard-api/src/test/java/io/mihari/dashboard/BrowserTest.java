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
            try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                return socket.getLocalPort();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
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
        assertThat(lines.getText()).contains("DOWN", "300.0 分");
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

    /** What the browser showed, for people to look at: target/browser/*.png. */
    static void screenshot(String name) throws java.io.IOException {
        java.nio.file.Path dir = java.nio.file.Path.of("target", "browser");
        Files.createDirectories(dir);
        Files.write(dir.resolve(name + ".png"),
                ((org.openqa.selenium.TakesScreenshot) browser).getScreenshotAs(org.openqa.selenium.OutputType.BYTES));
    }
}
