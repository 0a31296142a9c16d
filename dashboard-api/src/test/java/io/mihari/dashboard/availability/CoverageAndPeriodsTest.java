package io.mihari.dashboard.availability;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.mihari.dashboard.Login;
import io.mihari.dashboard.catalog.CatalogHolder;
import io.mihari.dashboard.command.CommandPublisher;
import io.mihari.dashboard.config.DashboardConfig;
import io.mihari.model.availability.Availability;
import io.mihari.model.command.Actor;
import io.mihari.model.command.Command;
import io.mihari.model.command.CommandType;
import io.mihari.model.event.Topics;
import io.mihari.model.index.IndexTemplates;
import io.mihari.testsupport.MihariInfraResource;
import io.mihari.testsupport.MutableClock;
import io.mihari.testsupport.TestCommands;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.math.BigDecimal;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

/**
 * Issue 14 through the real OpenSearch and Kafka: a month without any data is INSUFFICIENT_DATA with no availability
 * on the API the board reads, a service's month and the CSV; the month freezer, driven by a clock moved past the
 * month's end, publishes the frozen month with the figures and the verdict computed from the stored data; a quarter
 * and a year are combined from the frozen months, weighted by planned time.
 * <p>
 * 2025 is used only here. Hand-computed (JST, around the clock, 99.5 %):
 * <ul>
 * <li>June 2025: no data for either service → coverage 0 %, INSUFFICIENT_DATA, availability '—' (null);</li>
 * <li>kurashiki-juki: every server UP from 1 July 00:00 JST; DB1 (critical) down 60 min on 10 July and 300 min on
 * 20 August → July 44,640 min planned, 60 down, 99.865 %, MET; August 300 down, 99.327 %, BREACHED (budget 223.2);
 * September 43,200 min, 100.000 %, MET. Quarter: (132,480 − 360) / 132,480 = 99.728 %, budget 662.4 min, 360 used
 * (more than half): AT_RISK;</li>
 * <li>kurashiki-hokenfukushi: no data in 2025 → every month and the quarter INSUFFICIENT_DATA.</li>
 * </ul>
 */
@QuarkusTest
@WithTestResource(MihariInfraResource.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CoverageAndPeriodsTest {

    static final String JUKI = "kurashiki-juki";
    static final String FUKUSHI = "kurashiki-hokenfukushi";
    static final Map<String, Command> PUBLISHED = new ConcurrentHashMap<>();
    static KafkaConsumer<String, byte[]> commands;
    static boolean seeded;

    @ConfigProperty(name = "mihari.opensearch.url")
    String openSearchUrl;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Inject
    AvailabilityReader reader;
    @Inject
    MonthSoFarTransitions monthSoFar;
    @Inject
    FrozenReports frozen;
    @Inject
    CatalogHolder catalog;
    @Inject
    CommandPublisher publisher;
    @Inject
    DashboardConfig config;

    final HttpClient http = HttpClient.newHttpClient();
    final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS);

    @BeforeEach
    void seed() throws Exception {
        if (commands == null) {
            commands = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                    ConsumerConfig.GROUP_ID_CONFIG, "coverage-" + UUID.randomUUID(),
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                    new StringDeserializer(), new ByteArrayDeserializer());
            commands.subscribe(List.of(Topics.COMMANDS));
        }
        if (seeded) {
            return;
        }
        for (IndexTemplates.Template template : IndexTemplates.ALL) {
            send("PUT", "/_index_template/" + template.name(), template.json());
        }
        StringBuilder bulk = new StringBuilder();
        for (String host : new String[] {"krs-juki-ap1", "krs-juki-ap2", "krs-juki-db1"}) {
            transition(bulk, JUKI, host, "2025-06-30T15:00:00Z", "UP");
        }
        transition(bulk, JUKI, "krs-juki-db1", "2025-07-10T01:00:00Z", "DOWN");
        transition(bulk, JUKI, "krs-juki-db1", "2025-07-10T02:00:00Z", "UP");
        transition(bulk, JUKI, "krs-juki-db1", "2025-08-20T00:00:00Z", "DOWN");
        transition(bulk, JUKI, "krs-juki-db1", "2025-08-20T05:00:00Z", "UP");
        send("POST", "/_bulk?refresh=true", bulk.toString());
        seeded = true;
    }

    @AfterAll
    static void close() {
        if (commands != null) {
            commands.close();
            commands = null;
        }
    }

    static void transition(StringBuilder bulk, String service, String host, String at, String to) {
        io.mihari.dashboard.Seed.transition(bulk, "coverage|", service, host, at, to);
    }

    void send(String method, String path, String body) throws Exception {
        io.mihari.dashboard.Seed.send(http, openSearchUrl, method, path, body);
    }

    /** The command published under this id, its signature verified with the key alert-service trusts. */
    static Command published(String commandId) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> {
            for (ConsumerRecord<String, byte[]> r : commands.poll(Duration.ofMillis(200))) {
                Command c = TestCommands.verify(r.value());
                PUBLISHED.put(c.commandId(), c);
            }
            return PUBLISHED.get(commandId);
        }, c -> c != null);
    }

    /** A freezer with its own clock, over the application's beans (the same computation as the scheduled one). */
    MonthFreezer freezer(MutableClock clock) {
        AvailabilityService service = new AvailabilityService(reader, monthSoFar, frozen, catalog, clock, config);
        return new MonthFreezer(service, frozen, publisher, catalog, clock, config);
    }

    /**
     * Stores a published FREEZE_MONTH as alert-service's MonthlyReports does (revision 1 in mihari-reports): what the
     * freezer computed, not figures written by the test.
     */
    void storeAsAlertServiceDoes(Command freeze) throws Exception {
        Availability a = freeze.monthReport();
        String id = a.serviceId() + "|" + a.month() + "|r1";
        Map<String, Object> doc = new java.util.LinkedHashMap<>();
        doc.put("reportId", id);
        doc.put("serviceId", a.serviceId());
        doc.put("month", a.month().toString());
        doc.put("revision", 1);
        doc.put("frozenAt", freeze.issuedAt().toString());
        doc.put("frozenBy", freeze.actor().display());
        doc.put("reason", null);
        doc.put("commandId", freeze.commandId());
        doc.put("status", a.status().name());
        doc.put("contractualAvailabilityPercent", a.contractualAvailabilityPercent());
        doc.put("availabilityPercent", a.availabilityPercent());
        doc.put("contractualDowntimeMs", a.contractualDowntimeMs());
        doc.put("plannedMs", a.plannedMs());
        doc.put("availability", a);
        send("PUT", "/mihari-reports/_doc/" + id.replace("|", "%7C") + "?refresh=true", json.writeValueAsString(doc));
    }

    @Test
    @Order(1)
    void aMonthWithoutDataIsInsufficientDataOnTheBoardsApiTheServicesMonthAndTheCsv() {
        Login.as("kurashiki-dx").when().get("/api/availability?month=2025-06").then().statusCode(200)
                .body("services.serviceId", contains(JUKI, FUKUSHI))
                .body("services.status", contains("INSUFFICIENT_DATA", "INSUFFICIENT_DATA"))
                .body("services[0].plannedMs", equalTo(2_592_000_000L))
                .body("services[0].noDataMs", equalTo(2_592_000_000L))
                .body("services[0].coveragePercent", equalTo(0.0f))
                .body("services[0].minCoveragePercent", equalTo(95))
                .body("services[0].availabilityPercent", nullValue())
                .body("services[0].contractualAvailabilityPercent", nullValue())
                .body("tenants[0].insufficientData", equalTo(2))
                .body("tenants[0].met", equalTo(0))
                .body("tenants[0].breached", equalTo(0))
                .body("tenants[0].availabilityPercent", nullValue());
        Login.as("fujitsu-ops").when().get("/api/availability/" + JUKI + "?month=2025-06").then().statusCode(200)
                .body("availability.status", equalTo("INSUFFICIENT_DATA"))
                .body("availability.availabilityPercent", nullValue())
                .body("availability.coveragePercent", equalTo(0.0f))
                .body("availability.days[0].availabilityPercent", nullValue());

        String csv = Login.as("kurashiki-dx").when().get("/api/reports/availability.csv?month=2025-06").then()
                .statusCode(200).extract().asString();
        assertThat(csv).contains("2025-06,kurashiki-juki,kurashiki,juki,fujitsu-japan,99.5,43200.000,0.000,0.000,"
                + "0.000,43200.000,,,0.000,216.000,0.000,216.000,INSUFFICIENT_DATA,,95\r\n");
        assertThat(csv).doesNotContain("100.000").doesNotContain(",MET,");
    }

    @Test
    @Order(2)
    void theFreezerPublishesEachFinishedMonthWithItsFiguresAndVerdictOnceItHasBeenOverLongEnough()
            throws Exception {
        // July 2025 ends 2025-07-31T15:00Z (1 August 00:00 JST)
        Instant julyEnd = Instant.parse("2025-07-31T15:00:00Z");
        Duration after = config.availability().freezeAfter();
        MutableClock clock = new MutableClock(julyEnd.plus(after).minusMillis(1));
        MonthFreezer freezer = freezer(clock);
        YearMonth july = YearMonth.of(2025, 7);

        assertThat(freezer.freeze(july)).as("not over for long enough").isZero();
        clock.set(julyEnd.plus(after));
        assertThat(freezer.freeze(july)).isEqualTo(2);

        Command juki = published("sys-freeze-kurashiki-juki-2025-07");
        assertThat(juki.type()).isEqualTo(CommandType.FREEZE_MONTH);
        assertThat(juki.serviceId()).isEqualTo(JUKI);
        assertThat(juki.actor()).isEqualTo(Actor.MIHARI);
        assertThat(juki.issuedAt()).isEqualTo(julyEnd.plus(after));
        Availability a = juki.monthReport();
        assertThat(a.month()).isEqualTo(july);
        assertThat(a.complete()).isTrue();
        assertThat(a.plannedMs()).isEqualTo(2_678_400_000L);
        assertThat(a.downtimeMs()).isEqualTo(3_600_000L);
        assertThat(a.contractualDowntimeMs()).isEqualTo(3_600_000L);
        assertThat(a.noDataMs()).isZero();
        assertThat(a.availabilityPercent()).isEqualTo(new BigDecimal("99.865"));
        assertThat(a.coveragePercent()).isEqualTo(new BigDecimal("100.000"));
        assertThat(a.budgetMs()).isEqualTo(13_392_000L);
        assertThat(a.status()).isEqualTo(Availability.Status.MET);
        assertThat(a.intervals()).singleElement().satisfies(l -> {
            assertThat(l.start()).isEqualTo(Instant.parse("2025-07-10T01:00:00Z"));
            assertThat(l.ms()).isEqualTo(3_600_000L);
            assertThat(l.counted()).isTrue();
        });

        Command fukushi = published("sys-freeze-kurashiki-hokenfukushi-2025-07");
        assertThat(fukushi.monthReport().status()).isEqualTo(Availability.Status.INSUFFICIENT_DATA);
        assertThat(fukushi.monthReport().coveragePercent()).isEqualTo(new BigDecimal("0.000"));
        assertThat(fukushi.monthReport().availabilityPercent()).isNull();

        // alert-service stores them; a month with a report of record is not frozen again
        storeAsAlertServiceDoes(juki);
        storeAsAlertServiceDoes(fukushi);
        clock.advance(Duration.ofHours(1));
        assertThat(freezer.freeze(july)).isZero();

        Login.as("kurashiki-dx").when().get("/api/availability?month=2025-07").then().statusCode(200)
                .body("services.status", contains("MET", "INSUFFICIENT_DATA"))
                .body("services[0].report.revision", equalTo(1))
                .body("services[0].report.frozenBy", equalTo(Actor.MIHARI.display()))
                .body("services[1].availabilityPercent", nullValue());
    }

    @Test
    @Order(3)
    void aQuarterWithAMonthNotFrozenNamesItAndHasNoVerdict() {
        Login.as("kurashiki-dx").when().get("/api/availability/quarters/2025-Q3").then().statusCode(200)
                .body("period", equalTo("2025-Q3"))
                .body("months", contains("2025-07", "2025-08", "2025-09"))
                .body("complete", equalTo(false))
                .body("services[0].serviceId", equalTo(JUKI))
                .body("services[0].availability.missingMonths", contains("2025-08", "2025-09"))
                .body("services[0].availability.status", nullValue())
                .body("services[0].availability.contractualAvailabilityPercent", equalTo(99.865f))
                .body("services[0].reports.'2025-07'.revision", equalTo(1));
    }

    @Test
    @Order(4)
    void aQuarterAndAYearAreWeightedByPlannedTimeOverTheFrozenMonths() throws Exception {
        Duration after = config.availability().freezeAfter();
        MutableClock clock = new MutableClock(Instant.parse("2025-09-30T15:00:00Z").plus(after));
        MonthFreezer freezer = freezer(clock);
        for (YearMonth month : List.of(YearMonth.of(2025, 8), YearMonth.of(2025, 9))) {
            assertThat(freezer.freeze(month)).isEqualTo(2);
            for (String service : List.of(JUKI, FUKUSHI)) {
                storeAsAlertServiceDoes(published("sys-freeze-" + service + "-" + month));
            }
        }
        assertThat(published("sys-freeze-kurashiki-juki-2025-08").monthReport().status())
                .isEqualTo(Availability.Status.BREACHED);

        Login.as("kurashiki-dx").when().get("/api/availability/quarters/2025-Q3").then().statusCode(200)
                .body("complete", equalTo(true))
                .body("services.serviceId", contains(JUKI, FUKUSHI))
                .body("services[0].availability.plannedMs", equalTo(7_948_800_000L))
                .body("services[0].availability.contractualDowntimeMs", equalTo(21_600_000))
                .body("services[0].availability.contractualAvailabilityPercent", equalTo(99.728f))
                .body("services[0].availability.budgetMs", equalTo(39_744_000))
                .body("services[0].availability.status", equalTo("AT_RISK"))
                .body("services[0].availability.monthly.status", contains("MET", "BREACHED", "MET"))
                .body("services[1].availability.status", equalTo("INSUFFICIENT_DATA"))
                .body("services[1].availability.contractualAvailabilityPercent", nullValue());
        Login.as("fujitsu-ops").when().get("/api/availability/" + JUKI + "/quarters/2025-Q3").then().statusCode(200)
                .body("availability.contractualAvailabilityPercent", equalTo(99.728f));
        Login.as("ines-ops").when().get("/api/availability/quarters/2025-Q3").then().statusCode(200)
                .body("services.serviceId", contains(FUKUSHI));
        Login.as("ines-ops").when().get("/api/availability/" + JUKI + "/quarters/2025-Q3").then().statusCode(404);

        Login.as("kurashiki-dx").when().get("/api/availability/years/2025").then().statusCode(200)
                .body("complete", equalTo(false))
                .body("services[0].availability.missingMonths.size()", equalTo(9))
                .body("services[0].availability.status", nullValue())
                .body("services[0].availability.contractualAvailabilityPercent", equalTo(99.728f));

        String csv = Login.as("kurashiki-dx").when().get("/api/reports/availability/quarters/2025-Q3.csv").then()
                .statusCode(200).contentType(containsString("text/csv")).extract().asString();
        assertThat(csv).contains("2025-Q3,2025-08,kurashiki-juki,kurashiki,juki,fujitsu-japan,1,44640.000,300.000,"
                + "0.000,300.000,0.000,99.327,99.327,100.000,223.200,-76.800,BREACHED,\"減額1\"\r\n");
        assertThat(csv).contains("2025-Q3,2025-Q3,kurashiki-juki,kurashiki,juki,fujitsu-japan,,132480.000,360.000,"
                + "0.000,360.000,0.000,99.728,99.728,100.000,662.400,302.400,AT_RISK,\r\n");
        assertThat(csv).contains("2025-Q3,2025-Q3,kurashiki-hokenfukushi,kurashiki,hokenfukushi,ines,,132480.000,"
                + "0.000,0.000,0.000,132480.000,,,0.000,662.400,662.400,INSUFFICIENT_DATA,\r\n");
        String year = Login.as("kurashiki-dx").when().get("/api/reports/availability/years/2025.csv").then()
                .statusCode(200).extract().asString();
        assertThat(year).contains("2025,2025-01,kurashiki-juki,kurashiki,juki,fujitsu-japan,,,,,,,,,,,,NOT_FROZEN,\r\n")
                .contains(",INCOMPLETE,");
    }

    /** The pages of reports.js are the page's own files: served without a login, loaded by index.html. */
    @Test
    void theReportsScriptIsPartOfThePage() {
        io.restassured.RestAssured.given().when().get("/reports.js").then().statusCode(200)
                .header("Cache-Control", "no-cache").body(containsString("window.mihariReports"));
        io.restassured.RestAssured.given().when().get("/reports.css").then().statusCode(200);
        io.restassured.RestAssured.given().when().get("/").then().statusCode(200)
                .body(containsString("<script src=\"/reports.js\" defer></script>"));
    }

    @Test
    void aPeriodThatIsNotAQuarterOrAYearIsA400NamingTheForms() {
        Login.as("kurashiki-dx").when().get("/api/availability/quarters/2025-Q5").then().statusCode(400)
                .contentType("application/problem+json").body("detail", containsString("2026-Q3"));
        Login.as("kurashiki-dx").when().get("/api/availability/years/twenty").then().statusCode(400)
                .body("detail", containsString("FY2026"));
    }
}
