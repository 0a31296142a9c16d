package io.mihari.dashboard;

import io.mihari.model.index.IndexTemplates;
import io.mihari.testsupport.MihariInfraResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * October 2026 (31 days, 44,640 planned minutes, budget 223.2 min) from target transitions stored in a real
 * OpenSearch, through the API, the CSV and the scopes. Hand-computed:
 * <ul>
 * <li>kurashiki-juki (Fujitsu): DB1 (critical) down 23:30–01:15 JST across midnight (105 min: 30 + 75); AP1 and AP2
 * (one redundancy group) overlap 10:20–10:30 JST only (10 min), attributed to the cloud. Downtime 115 min,
 * counted 105 min → 99.742% / 99.764%, 47% of the budget: MET.</li>
 * <li>kurashiki-hokenfukushi (INES): its critical AP down 09:00–14:00 JST (300 min) → 99.327%, BREACHED, tier 減額1.
 * </li>
 * </ul>
 */
@QuarkusTest
@WithTestResource(MihariInfraResource.class)
class AvailabilityApiTest {

    @ConfigProperty(name = "mihari.opensearch.url")
    String openSearchUrl;

    final HttpClient http = HttpClient.newHttpClient();
    static boolean seeded;

    @BeforeEach
    void seed() throws Exception {
        if (seeded) {
            return;
        }
        for (IndexTemplates.Template template : IndexTemplates.ALL) {
            send("PUT", "/_index_template/" + template.name(), template.json());
        }
        StringBuilder bulk = new StringBuilder();
        for (String host : new String[] {"krs-juki-ap1", "krs-juki-ap2", "krs-juki-db1"}) {
            transition(bulk, "kurashiki-juki", host, "2026-09-30T00:00:00Z", "UP");
        }
        transition(bulk, "kurashiki-juki", "krs-juki-db1", "2026-10-10T14:30:00Z", "DOWN");
        transition(bulk, "kurashiki-juki", "krs-juki-db1", "2026-10-10T16:15:00Z", "UP");
        transition(bulk, "kurashiki-juki", "krs-juki-ap1", "2026-10-20T01:00:00Z", "DOWN");
        transition(bulk, "kurashiki-juki", "krs-juki-ap2", "2026-10-20T01:20:00Z", "DOWN");
        transition(bulk, "kurashiki-juki", "krs-juki-ap1", "2026-10-20T01:30:00Z", "UP");
        transition(bulk, "kurashiki-juki", "krs-juki-ap2", "2026-10-20T02:00:00Z", "UP");
        transition(bulk, "kurashiki-hokenfukushi", "krs-fukushi-ap1", "2026-09-01T00:00:00Z", "UP");
        transition(bulk, "kurashiki-hokenfukushi", "krs-fukushi-ap1", "2026-10-05T00:00:00Z", "DOWN");
        transition(bulk, "kurashiki-hokenfukushi", "krs-fukushi-ap1", "2026-10-05T05:00:00Z", "UP");
        send("POST", "/_bulk?refresh=true", bulk.toString());
        send("PUT", "/mihari-incidents/_doc/INC-20261020-0001?refresh=true", """
                {"id":"INC-20261020-0001","tenant":"kurashiki","system":"juki","serviceId":"kurashiki-juki",
                 "vendor":"fujitsu-japan","kind":"LIVENESS","severity":"CRITICAL","status":"CLOSED","title":"AP down",
                 "attribution":"CLOUD","detectedAt":"2026-10-20T01:20:30Z","startedAt":"2026-10-20T01:20:00Z",
                 "openedAt":"2026-10-20T01:21:00Z","mitigatedAt":"2026-10-20T01:30:00Z"}""");
        seeded = true;
    }

    static void transition(StringBuilder bulk, String service, String host, String at, String to) {
        io.mihari.dashboard.Seed.transition(bulk, "", service, host, at, to);
    }

    void send(String method, String path, String body) throws Exception {
        io.mihari.dashboard.Seed.send(http, openSearchUrl, method, path, body);
    }

    @Test
    void octoberOfBothServicesAsTheCitySeesIt() {
        Login.as("kurashiki-dx").when().get("/api/availability?month=2026-10").then().statusCode(200)
                .body("complete", equalTo(true))
                .body("services.serviceId", contains("kurashiki-juki", "kurashiki-hokenfukushi"))
                .body("services[0].plannedMs", equalTo(2_678_400_000L))
                .body("services[0].downtimeMs", equalTo(6_900_000))
                .body("services[0].excludedMs", equalTo(600_000))
                .body("services[0].contractualDowntimeMs", equalTo(6_300_000))
                .body("services[0].availabilityPercent", equalTo(99.742f))
                .body("services[0].contractualAvailabilityPercent", equalTo(99.764f))
                .body("services[0].budgetMs", equalTo(13_392_000))
                .body("services[0].status", equalTo("MET"))
                .body("services[1].availabilityPercent", equalTo(99.327f))
                .body("services[1].status", equalTo("BREACHED"))
                .body("services[1].penaltyTier.name", equalTo("減額1"))
                .body("tenants[0].id", equalTo("kurashiki"))
                .body("tenants[0].availabilityPercent", equalTo(99.546f))
                .body("vendors.id", contains("fujitsu-japan", "ines"));
    }

    @Test
    void aServicesMonthLineByLineAcrossMidnight() {
        Login.as("fujitsu-ops").when().get("/api/availability/kurashiki-juki?month=2026-10").then().statusCode(200)
                .body("availability.days[9].date", equalTo("2026-10-10"))
                .body("availability.days[9].downtimeMs", equalTo(1_800_000))
                .body("availability.days[10].downtimeMs", equalTo(4_500_000))
                .body("availability.intervals.findAll { it.kind == 'DOWN' }.ms", contains(6_300_000, 600_000))
                .body("availability.intervals.findAll { it.kind == 'DOWN' }.attribution",
                        contains("VENDOR", "CLOUD"))
                .body("availability.intervals.findAll { it.kind == 'DOWN' }.counted", contains(true, false));
    }

    /** Per server: DB1 105 min down; AP1 30 min, AP2 40 min (each alone; together they stopped the service 10 min). */
    @Test
    void eachServersOwnMonth() {
        Login.as("fujitsu-ops").when().get("/api/availability/kurashiki-juki/targets?month=2026-10").then()
                .statusCode(200)
                .body("'kurashiki/krs-juki-db1'.downtimeMs", equalTo(6_300_000))
                .body("'kurashiki/krs-juki-ap1'.downtimeMs", equalTo(1_800_000))
                .body("'kurashiki/krs-juki-ap2'.downtimeMs", equalTo(2_400_000))
                .body("'kurashiki/krs-juki-ap1'.availabilityPercent", equalTo(99.932f));
        Login.as("ines-ops").when().get("/api/availability/kurashiki-juki/targets?month=2026-10").then()
                .statusCode(404);
    }

    @Test
    void aVendorSeesOnlyItsOwnServicesMonth() {
        Login.as("ines-ops").when().get("/api/availability?month=2026-10").then().statusCode(200)
                .body("services.serviceId", contains("kurashiki-hokenfukushi"))
                .body("vendors.id", contains("ines"));
        Login.as("ines-ops").when().get("/api/availability/kurashiki-juki?month=2026-10").then().statusCode(404);
    }

    @Test
    void csvExportsGiveTheSameFigures() {
        String csv = Login.as("kurashiki-dx").when().get("/api/reports/availability.csv?month=2026-10").then()
                .statusCode(200).contentType(containsString("text/csv")).extract().asString();
        assertThat(csv).contains("2026-10,kurashiki-juki,kurashiki,juki,fujitsu-japan,99.5,44640.000,115.000,10.000,"
                + "105.000,0.000,99.742,99.764,100.000,223.200,105.000,118.200,MET,");
        assertThat(csv).contains(",BREACHED,\"減額1\"");
        String lines = Login.as("kurashiki-dx").when().get("/api/reports/availability/kurashiki-juki.csv?month=2026-10")
                .then().statusCode(200).extract().asString();
        assertThat(lines).contains("DOWN,2026-10-10T14:30:00Z,2026-10-10T16:15:00Z,105.000,\"kurashiki/krs-juki-db1\"");
    }

    /** September's report of record says DB1 was down an hour; the stored data (no outage) now disagrees. */
    @Test
    void aFrozenMonthIsShownAsItsReportOfRecordWithItsRevisionsAndOnlyAdminsCorrectIt() throws Exception {
        var catalog = io.mihari.model.catalog.CatalogLoader.load(java.nio.file.Path.of("src/test/resources/test-catalog.yaml"));
        var service = catalog.service("kurashiki-juki").orElseThrow();
        var september = io.mihari.model.availability.AvailabilityCalculator.compute(service,
                java.time.YearMonth.of(2026, 9), java.time.Instant.parse("2026-11-01T00:00:00Z"), java.util.List.of(
                        new io.mihari.model.availability.TargetTransition("kurashiki/krs-juki-db1",
                                java.time.Instant.parse("2026-09-10T00:00:00Z"), "DOWN", "TEST"),
                        new io.mihari.model.availability.TargetTransition("kurashiki/krs-juki-db1",
                                java.time.Instant.parse("2026-09-10T01:00:00Z"), "UP", "TEST")),
                java.util.List.of(), java.util.List.of(), catalog.penaltyTiers("kurashiki-juki"));
        var json = new com.fasterxml.jackson.databind.ObjectMapper()
                .registerModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule())
                .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS);
        send("PUT", "/mihari-reports/_doc/kurashiki-juki%7C2026-09%7Cr1?refresh=true", """
                {"reportId":"kurashiki-juki|2026-09|r1","serviceId":"kurashiki-juki","month":"2026-09","revision":1,
                 "frozenAt":"2026-10-02T00:00:00Z","frozenBy":"Mihari","status":"MET","availability":%s}"""
                .formatted(json.writeValueAsString(september)));

        Login.as("kurashiki-dx").when().get("/api/availability?month=2026-09").then().statusCode(200)
                .body("services[0].serviceId", equalTo("kurashiki-juki"))
                .body("services[0].contractualDowntimeMs", equalTo(3_600_000))
                .body("services[0].report.revision", equalTo(1))
                .body("services[0].report.frozenBy", equalTo("Mihari"));
        Login.as("kurashiki-dx").when().get("/api/availability/kurashiki-juki?month=2026-09").then().statusCode(200)
                .body("availability.contractualDowntimeMs", equalTo(3_600_000))
                .body("availability.days.size()", equalTo(30))
                .body("report.revision", equalTo(1))
                .body("changedSinceFrozen", equalTo(true));
        Login.as("kurashiki-dx").when().get("/api/availability/kurashiki-juki/revisions?month=2026-09").then()
                .statusCode(200)
                .body("revisions.revision", contains(1))
                .body("revisions[0].contractualDowntimeMs", equalTo(3_600_000))
                .body("live.contractualDowntimeMs", equalTo(0))
                .body("changedSinceFrozen", equalTo(true));
        Login.as("ines-ops").when().get("/api/availability/kurashiki-juki/revisions?month=2026-09").then()
                .statusCode(404);
        Login.as("kurashiki-dx").contentType("application/json")
                .body(java.util.Map.of("month", "2026-09", "reason", "DB1 outage was a monitoring error"))
                .when().post("/api/availability/kurashiki-juki/revisions").then().statusCode(403);
        Login.as("admin").contentType("application/json")
                .body(java.util.Map.of("month", "2026-09", "reason", "DB1 outage was a monitoring error"))
                .when().post("/api/availability/kurashiki-juki/revisions").then().statusCode(202)
                .body("type", equalTo("FREEZE_MONTH"));
    }

    @Test
    void aMonthThatIsNotAMonthIsA400() {
        Login.as("kurashiki-dx").when().get("/api/availability?month=2026-13").then().statusCode(400)
                .contentType("application/problem+json").body("detail", containsString("month"));
    }
}
