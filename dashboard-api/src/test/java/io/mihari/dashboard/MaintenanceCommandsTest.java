package io.mihari.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mihari.model.command.Actor;
import io.mihari.model.command.Command;
import io.mihari.model.command.CommandCodec;
import io.mihari.model.command.CommandType;
import io.mihari.model.event.Topics;
import io.mihari.model.index.IndexTemplates;
import io.mihari.model.maintenance.MaintenanceWindow;
import io.mihari.testsupport.MihariInfraResource;
import io.mihari.testsupport.TestCommands;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

/**
 * The maintenance write path proven for what it produces (issue 12): each endpoint publishes exactly the command it
 * should — read back from {@code mihari.commands.v1}, its JWS verified with the test key's public half, decoded with
 * {@link CommandCodec} and compared field by field — and nothing for what it refuses: a request that breaks the
 * contract's rules (400 naming the rule), a vendor approving (403), a vendor of another service or an operator of
 * another city with a valid body (404), a decision on a window that is no longer a standing request (409). The
 * monthly report lists every window of the month with who asked and who decided, and counts only the approved ones.
 */
@QuarkusTest
@WithTestResource(MihariInfraResource.class)
class MaintenanceCommandsTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String JUKI = "kurashiki-juki";
    static final Actor FUJITSU = new Actor("fujitsu-ops", "vendor", "fujitsu-japan", "富士通 運用");
    static final Actor CITY = new Actor("kurashiki-dx", "operator", "kurashiki", "倉敷市 DX");

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "mihari.opensearch.url")
    String openSearchUrl;

    final HttpClient http = HttpClient.newHttpClient();
    static KafkaConsumer<String, byte[]> consumer;
    /** Every command record read so far, by command id: its key and what it said once verified. */
    static final Map<String, Map.Entry<String, Command>> published = new LinkedHashMap<>();
    static boolean seeded;

    @BeforeEach
    void setUp() throws Exception {
        if (consumer == null) {
            consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                    ConsumerConfig.GROUP_ID_CONFIG, "maintenance-commands-test-" + UUID.randomUUID(),
                    ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(),
                    new ByteArrayDeserializer());
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.COMMANDS, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position); // from here on: what this test class makes dashboard-api publish
        }
        if (!seeded) {
            for (IndexTemplates.Template template : IndexTemplates.ALL) {
                send("PUT", "/_index_template/" + template.name(), template.json());
            }
            seeded = true;
        }
    }

    @AfterAll
    static void closeConsumer() {
        if (consumer != null) {
            consumer.close();
            consumer = null;
        }
    }

    // ---- requests ----

    @Test
    void aVendorsRequestIsPublishedAsExactlyTheSignedCreateCommand() {
        Instant start = now().plus(Duration.ofDays(4));
        String key = "req-" + UUID.randomUUID();
        Instant before = now();
        Response answer = Login.as("fujitsu-ops").header("Idempotency-Key", key).contentType("application/json")
                .body(Map.of("id", "mw-req-" + key, "title", "OS パッチ適用", "targetIds", List.of("kurashiki/krs-juki-ap1"),
                        "start", start.toString(), "end", start.plus(Duration.ofHours(2)).toString()))
                .when().post("/api/services/kurashiki-juki/maintenance");
        Instant after = now();
        answer.then().statusCode(202).body("type", equalTo("CREATE_MAINTENANCE")).body("status", equalTo("ACCEPTED"));
        String id = answer.path("commandId");
        assertThat(id).isEqualTo(userCommandId("fujitsu-ops", key));

        Command command = publishedAs(id, JUKI);
        assertThat(command.issuedAt()).isBetween(before.truncatedTo(ChronoUnit.MILLIS).minusMillis(1), after.plusMillis(1));
        assertThat(command).isEqualTo(new Command(id, CommandType.CREATE_MAINTENANCE, JUKI, null, FUJITSU,
                command.issuedAt(), null, null, null, null, MaintenanceWindow.asked("mw-req-" + key, JUKI,
                List.of("kurashiki/krs-juki-ap1"), "OS パッチ適用", start, start.plus(Duration.ofHours(2)), null, false),
                null, null));
    }

    @Test
    void anUrgentRequestMayStartAtOnceAndSaysItIsUrgent() {
        Instant start = now().plus(Duration.ofMinutes(30));
        String key = "urgent-" + UUID.randomUUID();
        String id = Login.as("fujitsu-ops").header("Idempotency-Key", key).contentType("application/json")
                .body(Map.of("id", "mw-urgent-" + key, "title", "緊急パッチ", "start", start.toString(),
                        "end", start.plus(Duration.ofHours(1)).toString(), "urgent", true))
                .when().post("/api/services/kurashiki-juki/maintenance").then().statusCode(202).extract().path("commandId");

        Command command = publishedAs(id, JUKI);
        assertThat(command.window()).isEqualTo(MaintenanceWindow.asked("mw-urgent-" + key, JUKI, List.of(), "緊急パッチ",
                start, start.plus(Duration.ofHours(1)), null, true));
        assertThat(command.actor()).isEqualTo(FUJITSU);
    }

    @Test
    void aRequestThatBreaksTheContractIsRefusedNamingTheRuleAndNothingIsPublished() {
        Instant now = now();
        // over an outage that already happened (26 minutes until a moment ago)
        Login.as("fujitsu-ops").contentType("application/json")
                .body(Map.of("title", "障害", "start", now.minus(Duration.ofMinutes(26)).toString(), "end", now.toString()))
                .when().post("/api/services/kurashiki-juki/maintenance").then().statusCode(400)
                .contentType("application/problem+json").body("detail", containsString("is before the request"))
                .body("detail", containsString("no maintenance window may start in the past"));
        // less than the 3-day notice, not urgent
        Login.as("fujitsu-ops").contentType("application/json")
                .body(Map.of("title", "パッチ", "start", now.plus(Duration.ofDays(1)).toString(),
                        "end", now.plus(Duration.ofDays(1)).plus(Duration.ofHours(1)).toString()))
                .when().post("/api/services/kurashiki-juki/maintenance").then().statusCode(400)
                .body("detail", startsWith("start: less than the notice of 3d (maintenance.notice) before it starts"));
        // every hour of every week since 2000
        Login.as("fujitsu-ops").contentType("application/json")
                .body(Map.of("title", "常時", "start", "1999-12-31T15:00:00Z", "recurrence", Map.of("daysOfWeek",
                        List.of("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY"),
                        "startTime", "00:00", "duration", "PT24H", "zone", "Asia/Tokyo")))
                .when().post("/api/services/kurashiki-juki/maintenance").then().statusCode(400)
                .body("detail", containsString("start: 1999-12-31T15:00:00Z is before the request"))
                .body("detail", containsString("recurrence.duration: each occurrence lasts at most 12h"))
                .body("detail", containsString("recurrence: 7d a week, at most 12h (maintenance.maxHoursPerWeek)"))
                .body("detail", containsString("end: required for a recurring window"));
        // longer than 12 hours
        Instant later = now.plus(Duration.ofDays(5));
        Login.as("fujitsu-ops").contentType("application/json")
                .body(Map.of("title", "移行", "start", later.toString(), "end", later.plus(Duration.ofHours(13)).toString()))
                .when().post("/api/services/kurashiki-juki/maintenance").then().statusCode(400)
                .body("detail", equalTo("end: a window lasts at most 12h (maintenance.maxLength), this one 13h"));
        // nothing of it reached Kafka: a request made after them is the next command of the service
        String marker = Login.as("kurashiki-dx").contentType("application/json")
                .body(Map.of("title", "市の作業", "start", later.toString(), "end", later.plus(Duration.ofHours(1)).toString()))
                .when().post("/api/services/kurashiki-juki/maintenance").then().statusCode(202).extract().path("commandId");
        publishedAs(marker, JUKI);
        assertThat(published.values()).extracting(e -> e.getValue().window() == null ? "" : e.getValue().window().title())
                .doesNotContain("障害", "パッチ", "常時", "移行");
    }

    @Test
    void someoneOutsideTheServiceWithAValidBodyGetsNotFoundAndPublishesNothing() {
        Instant start = now().plus(Duration.ofDays(4));
        Map<String, Object> valid = Map.of("title", "他社の作業", "start", start.toString(),
                "end", start.plus(Duration.ofHours(1)).toString());
        Login.as("ines-ops").contentType("application/json").body(valid)
                .when().post("/api/services/kurashiki-juki/maintenance").then().statusCode(404)
                .contentType("application/problem+json");
        Login.as("matsuyama-op").contentType("application/json").body(valid)
                .when().post("/api/services/kurashiki-juki/maintenance").then().statusCode(404);
        String windowId = seedRequest("mw-outside-" + UUID.randomUUID(), start);
        Login.as("matsuyama-op").contentType("application/json").body(Map.of())
                .when().post("/api/services/kurashiki-juki/maintenance/" + windowId + "/approve").then().statusCode(404);
        Login.as("ines-ops").when().delete("/api/services/kurashiki-juki/maintenance/" + windowId).then().statusCode(404);

        String marker = Login.as("fujitsu-ops").contentType("application/json").body(valid)
                .when().post("/api/services/kurashiki-juki/maintenance").then().statusCode(202).extract().path("commandId");
        publishedAs(marker, JUKI);
        assertThat(published.values()).extracting(e -> e.getValue().actor().userId())
                .doesNotContain("ines-ops", "matsuyama-op");
        // nor can they see it
        Login.as("ines-ops").when().get("/api/maintenance?status=REQUESTED").then().statusCode(200)
                .body("id", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasItem(windowId)));
        Login.as("kurashiki-dx").when().get("/api/maintenance?status=REQUESTED").then().statusCode(200)
                .body("id", org.hamcrest.Matchers.hasItem(windowId));
    }

    // ---- decisions ----

    @Test
    void theCityApprovesARequestWithExactlyTheSignedApproveCommand() {
        String windowId = seedRequest("mw-approve-" + UUID.randomUUID(), now().plus(Duration.ofDays(10)));
        String key = "ok-" + UUID.randomUUID();
        Instant before = now();
        String id = Login.as("kurashiki-dx").header("Idempotency-Key", key).contentType("application/json")
                .body(Map.of("note", "了承します"))
                .when().post("/api/services/kurashiki-juki/maintenance/" + windowId + "/approve").then().statusCode(202)
                .body("type", equalTo("APPROVE_MAINTENANCE")).extract().path("commandId");
        assertThat(id).isEqualTo(userCommandId("kurashiki-dx", key));

        Command command = publishedAs(id, JUKI);
        assertThat(command.issuedAt()).isAfterOrEqualTo(before.truncatedTo(ChronoUnit.MILLIS).minusMillis(1));
        assertThat(command).isEqualTo(new Command(id, CommandType.APPROVE_MAINTENANCE, JUKI, null, CITY,
                command.issuedAt(), "了承します", null, null, null, null, windowId));
    }

    @Test
    void theCityRejectsARequestSayingWhyWithExactlyTheSignedRejectCommand() {
        String windowId = seedRequest("mw-reject-" + UUID.randomUUID(), now().plus(Duration.ofDays(10)));
        Login.as("kurashiki-dx").contentType("application/json").body(Map.of())
                .when().post("/api/services/kurashiki-juki/maintenance/" + windowId + "/reject").then().statusCode(400)
                .contentType("application/problem+json").body("detail", containsString("note"));
        String id = Login.as("kurashiki-dx").contentType("application/json").body(Map.of("note", "選挙期間中のため"))
                .when().post("/api/services/kurashiki-juki/maintenance/" + windowId + "/reject").then().statusCode(202)
                .extract().path("commandId");

        Command command = publishedAs(id, JUKI);
        assertThat(command).isEqualTo(new Command(id, CommandType.REJECT_MAINTENANCE, JUKI, null, CITY,
                command.issuedAt(), "選挙期間中のため", null, null, null, null, windowId));
    }

    @Test
    void aVendorCannotApproveOrRejectEvenItsOwnRequest() {
        String windowId = seedRequest("mw-self-" + UUID.randomUUID(), now().plus(Duration.ofDays(10)));
        Login.as("fujitsu-ops").contentType("application/json").body(Map.of())
                .when().post("/api/services/kurashiki-juki/maintenance/" + windowId + "/approve").then().statusCode(403)
                .contentType("application/problem+json").body("detail", containsString("never by the vendor"));
        Login.as("fujitsu-ops").contentType("application/json").body(Map.of("note", "やはり不要"))
                .when().post("/api/services/kurashiki-juki/maintenance/" + windowId + "/reject").then().statusCode(403);
    }

    @Test
    void onlyAStandingRequestIsDecidedAndOnlyBeforeItStarts() throws Exception {
        String started = seedRequest("mw-started-" + UUID.randomUUID(), now().minus(Duration.ofMinutes(5)));
        Login.as("kurashiki-dx").contentType("application/json").body(Map.of())
                .when().post("/api/services/kurashiki-juki/maintenance/" + started + "/approve").then().statusCode(409)
                .contentType("application/problem+json")
                .body("detail", containsString("planned maintenance is approved before it starts"));
        String registered = seedRegistered("mw-registered-" + UUID.randomUUID(), now().plus(Duration.ofDays(10)));
        Login.as("kurashiki-dx").contentType("application/json").body(Map.of("note", "x"))
                .when().post("/api/services/kurashiki-juki/maintenance/" + registered + "/reject").then().statusCode(409)
                .body("detail", containsString("is APPROVED; only a REQUESTED window is approved or rejected"));
        Login.as("kurashiki-dx").contentType("application/json").body(Map.of())
                .when().post("/api/services/kurashiki-juki/maintenance/mw-nothing-" + UUID.randomUUID() + "/approve")
                .then().statusCode(404);
    }

    // ---- withdrawals ----

    @Test
    void aVendorWithdrawsItsRequestWithExactlyTheSignedCancelCommandButNotTheCitysWindow() {
        String own = seedRequest("mw-withdraw-" + UUID.randomUUID(), now().plus(Duration.ofDays(10)));
        String citys = seedRegistered("mw-citys-" + UUID.randomUUID(), now().plus(Duration.ofDays(10)));
        Login.as("fujitsu-ops").when().delete("/api/services/kurashiki-juki/maintenance/" + citys).then()
                .statusCode(403).body("detail", containsString("a vendor withdraws only the windows it requested"));
        String id = Login.as("fujitsu-ops").when().delete("/api/services/kurashiki-juki/maintenance/" + own).then()
                .statusCode(202).body("type", equalTo("CANCEL_MAINTENANCE")).extract().path("commandId");

        Command command = publishedAs(id, JUKI);
        assertThat(command).isEqualTo(new Command(id, CommandType.CANCEL_MAINTENANCE, JUKI, null, FUJITSU,
                command.issuedAt(), null, null, null, null, null, own));
        String cityWithdraws = Login.as("kurashiki-dx").when().delete("/api/services/kurashiki-juki/maintenance/"
                + citys).then().statusCode(202).extract().path("commandId");
        assertThat(publishedAs(cityWithdraws, JUKI).actor()).isEqualTo(CITY);
    }

    @Test
    void theOpenApiDocumentShowsEveryMaintenanceWriteAnswering202() throws Exception {
        JsonNode paths = JSON.readTree(io.restassured.RestAssured.given().accept("application/json")
                .when().get("/q/openapi?format=json").then().statusCode(200).extract().asString()).path("paths");
        String base = "/api/services/{serviceId}/maintenance";
        assertThat(paths.path(base).path("post").path("responses").has("202")).isTrue();
        assertThat(paths.path(base + "/{windowId}/approve").path("post").path("responses").has("202")).isTrue();
        assertThat(paths.path(base + "/{windowId}/reject").path("post").path("responses").has("202")).isTrue();
        assertThat(paths.path(base + "/{windowId}").path("delete").path("responses").has("202")).isTrue();
        assertThat(paths.path(base).path("get").path("responses").has("202")).isFalse();
    }

    // ---- the month's report ----

    @Test
    void theMonthsReportListsEveryWindowWithWhoAskedAndWhoDecidedAndCountsOnlyTheApprovedOnes() throws Exception {
        // August 2026 (31 days, JST): approved 2 h, withdrawn after 1 of its 4 h, rejected, never approved
        send("PUT", "/mihari-maintenance/_doc/mw-aug-approved?refresh=true", window("mw-aug-approved",
                "2026-08-09T17:00:00Z", "2026-08-09T19:00:00Z", "APPROVED", "\"decidedBy\":\"倉敷市 DX\","
                        + "\"decidedAt\":\"2026-08-03T00:00:00Z\","));
        send("PUT", "/mihari-maintenance/_doc/mw-aug-withdrawn?refresh=true", window("mw-aug-withdrawn",
                "2026-08-19T16:00:00Z", "2026-08-19T20:00:00Z", "APPROVED", "\"decidedBy\":\"倉敷市 DX\","
                        + "\"decidedAt\":\"2026-08-03T00:00:00Z\",\"cancelledAt\":\"2026-08-19T17:00:00Z\","
                        + "\"cancelledBy\":\"富士通 運用\","));
        send("PUT", "/mihari-maintenance/_doc/mw-aug-rejected?refresh=true", window("mw-aug-rejected",
                "2026-08-22T17:00:00Z", "2026-08-22T23:00:00Z", "REJECTED", "\"decidedBy\":\"倉敷市 DX\","
                        + "\"decidedAt\":\"2026-08-04T00:00:00Z\",\"decisionNote\":\"繁忙期のため\","));
        send("PUT", "/mihari-maintenance/_doc/mw-aug-requested?refresh=true", window("mw-aug-requested",
                "2026-08-25T17:00:00Z", "2026-08-25T23:00:00Z", "REQUESTED", ""));

        JsonNode month = JSON.readTree(Login.as("fujitsu-ops").when().get("/api/availability/kurashiki-juki?month=2026-08")
                .then().statusCode(200).extract().asString());
        // only the approved window, and the withdrawn one until its withdrawal, leave planned time: 31 d − 2 h − 1 h
        assertThat(month.path("availability").path("plannedMonthMs").asLong())
                .isEqualTo(Duration.ofDays(31).minusHours(3).toMillis());
        Map<String, JsonNode> windows = new LinkedHashMap<>();
        month.path("maintenance").forEach(w -> windows.put(w.path("id").asText(), w));
        assertThat(windows).containsOnlyKeys("mw-aug-approved", "mw-aug-withdrawn", "mw-aug-rejected",
                "mw-aug-requested");
        JsonNode approved = windows.get("mw-aug-approved");
        assertThat(approved.path("status").asText()).isEqualTo("APPROVED");
        assertThat(approved.path("requestedBy").asText()).isEqualTo("富士通 運用");
        assertThat(approved.path("requestedAt").asText()).isEqualTo("2026-08-01T00:00:00Z");
        assertThat(approved.path("decidedBy").asText()).isEqualTo("倉敷市 DX");
        assertThat(approved.path("decidedAt").asText()).isEqualTo("2026-08-03T00:00:00Z");
        assertThat(approved.path("urgent").asBoolean()).isFalse();
        assertThat(approved.path("counts").asBoolean()).isTrue();
        assertThat(windows.get("mw-aug-withdrawn").path("withdrawnAt").asText()).isEqualTo("2026-08-19T17:00:00Z");
        assertThat(windows.get("mw-aug-rejected").path("counts").asBoolean()).isFalse();
        assertThat(windows.get("mw-aug-rejected").path("decisionNote").asText()).isEqualTo("繁忙期のため");
        assertThat(windows.get("mw-aug-requested").path("counts").asBoolean()).isFalse();
        assertThat(windows.get("mw-aug-requested").path("decidedBy").isNull()).isTrue();

        String csv = Login.as("fujitsu-ops").when().get("/api/reports/availability/kurashiki-juki.csv?month=2026-08")
                .then().statusCode(200).extract().asString();
        String header = csv.lines().findFirst().orElseThrow();
        assertThat(header).endsWith(",window,title,recurrence,status,urgent,requested_by,requested_at,decided_by,"
                + "decided_at,withdrawn_by,withdrawn_at,leaves_planned_time");
        assertThat(csv).contains("WINDOW,2026-08-09T17:00:00Z,2026-08-09T19:00:00Z,,\"\",,PLANNED,,,,\"mw-aug-approved\","
                + "\"計画作業\",\"\",APPROVED,false,\"富士通 運用\",2026-08-01T00:00:00Z,\"倉敷市 DX\",2026-08-03T00:00:00Z,"
                + "\"\",,true");
        assertThat(csv).contains("\"mw-aug-requested\",\"計画作業\",\"\",REQUESTED,false,\"富士通 運用\","
                + "2026-08-01T00:00:00Z,\"\",,\"\",,false");
        assertThat(csv.lines().skip(1)).allSatisfy(line -> assertThat(line.split(",", -1).length)
                .as(line).isEqualTo(header.split(",", -1).length + commasInQuotes(line)));
    }

    // ---- helpers ----

    static int commasInQuotes(String line) {
        int n = 0;
        boolean quoted = false;
        for (char c : line.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && quoted) {
                n++;
            }
        }
        return n;
    }

    static String window(String id, String start, String end, String status, String decision) {
        return """
                {"id":"%s","serviceId":"kurashiki-juki","targetIds":[],"title":"計画作業","start":"%s","end":"%s",
                 "createdBy":"富士通 運用","createdAt":"2026-08-01T00:00:00Z","createdByRole":"vendor",%s
                 "status":"%s","urgent":false}""".formatted(id, start, end, decision, status);
    }

    /** A standing request of Fujitsu's for kurashiki-juki, as alert-service stores it. */
    String seedRequest(String id, Instant start) {
        send("PUT", "/mihari-maintenance/_doc/" + id + "?refresh=true", """
                {"id":"%s","serviceId":"kurashiki-juki","targetIds":[],"title":"パッチ","start":"%s","end":"%s",
                 "createdBy":"富士通 運用","createdAt":"%s","createdByRole":"vendor","status":"REQUESTED",
                 "urgent":false}""".formatted(id, start, start.plus(Duration.ofHours(1)), now()));
        return id;
    }

    /** A window the city registered (approved at once). */
    String seedRegistered(String id, Instant start) {
        send("PUT", "/mihari-maintenance/_doc/" + id + "?refresh=true", """
                {"id":"%s","serviceId":"kurashiki-juki","targetIds":[],"title":"市の作業","start":"%s","end":"%s",
                 "createdBy":"倉敷市 DX","createdAt":"%s","createdByRole":"operator","status":"APPROVED",
                 "urgent":false,"decidedBy":"倉敷市 DX","decidedAt":"%s"}"""
                .formatted(id, start, start.plus(Duration.ofHours(1)), now(), now()));
        return id;
    }

    void send(String method, String path, String json) {
        HttpResponse<String> response = io.mihari.testsupport.Retryable.io(() -> http.send(HttpRequest.newBuilder(
                URI.create(openSearchUrl + path)).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString()));
        assertThat(response.statusCode()).as(response.body()).isBetween(200, 201);
    }

    /**
     * The command dashboard-api published with this id: read from the topic, its signature verified with the test
     * key's public half, keyed by its service.
     */
    static Command publishedAs(String commandId, String key) {
        await("command " + commandId + " on " + Topics.COMMANDS).atMost(Duration.ofSeconds(30)).until(() -> {
            for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                Command c = TestCommands.verify(r.value()); // ES256, the test key's kid and public half
                published.put(c.commandId(), Map.entry(r.key(), c));
            }
            return published.containsKey(commandId);
        });
        Map.Entry<String, Command> record = published.get(commandId);
        assertThat(record.getKey()).as("the record's key").isEqualTo(key);
        return record.getValue();
    }

    /** {@code u-} and 32 hex digits of SHA-256 over the user and the Idempotency-Key (the id no client can choose). */
    static String userCommandId(String userId, String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest((userId + "\n" + key)
                    .getBytes(StandardCharsets.UTF_8));
            return "u-" + HexFormat.of().formatHex(digest, 0, 16);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static Instant now() {
        return Clock.systemUTC().instant();
    }
}
