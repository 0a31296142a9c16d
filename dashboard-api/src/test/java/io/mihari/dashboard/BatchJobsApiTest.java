package io.mihari.dashboard;

import io.mihari.model.index.IndexTemplates;
import io.mihari.testsupport.MihariInfraResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /api/services/{id}/jobs} end to end: the test catalog's two jobs of kurashiki-juki (nightly-export
 * {@code on: businessDays}, month-end-close {@code on: lastBusinessDay}) on Kurashiki's calendar, the last run read
 * from an event seeded in the real OpenSearch as alert-service stores it, problem+json for a bad range, and a vendor
 * refused another vendor's service; the stored run's processed count on its day. The computation itself is pinned by the plain {@code BatchBoardTest}.
 */
@QuarkusTest
@WithTestResource(MihariInfraResource.class)
class BatchJobsApiTest {

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
        send("DELETE", "/mihari-events-batchjobs-test?ignore_unavailable=true", "");
        run("run-1", "STARTED", "2027-01-11T17:30:05Z", "");
        run("run-1", "SUCCEEDED", "2027-01-11T17:41:05Z", ",\"exitCode\":0,\"durationMs\":660000,\"processedCount\":182345");
        seeded = true;
    }

    @Test
    void theWeekOfComingOfAgeDayShowsTheRunsAndWhyNotOnTheCityCalendar() {
        JsonPath body = Login.as("admin").when()
                .get("/api/services/kurashiki-juki/jobs?from=2027-01-09&to=2027-01-15")
                .then().statusCode(200).extract().jsonPath();

        assertThat(body.getString("timeZone")).isEqualTo("Asia/Tokyo");
        assertThat(body.getList("days.date")).containsExactly("2027-01-09", "2027-01-10", "2027-01-11",
                "2027-01-12", "2027-01-13", "2027-01-14", "2027-01-15");
        assertThat(body.getList("days.businessDay")).containsExactly(false, false, false, true, true, true, true);
        assertThat(body.getString("days[2].closure.ja")).isEqualTo("成人の日");
        assertThat(body.getString("days[2].closure.en")).isEqualTo("Coming of Age Day");
        assertThat(body.getList("jobs.name")).containsExactly("nightly-export", "month-end-close");
        assertThat(body.getString("jobs[0].calendarRule")).isEqualTo("on: businessDays");
        assertThat(body.getString("jobs[0].startWithin")).isEqualTo("30m");
        assertThat(body.getString("jobs[0].maxRunTime")).isEqualTo("2h");
        assertThat(body.getList("jobs[0].days.status")).containsExactly("NO_RUN_EXPECTED", "NO_RUN_EXPECTED",
                "NO_RUN_EXPECTED", "RUNS", "RUNS", "RUNS", "RUNS");
        assertThat(body.getString("jobs[0].days[2].closure.ja")).isEqualTo("成人の日");
        assertThat(body.getList("jobs[0].days[3].runs")).containsExactly("2027-01-11T17:30:00Z");
        assertThat(body.getString("jobs[0].lastRun.runId")).isEqualTo("run-1");
        assertThat(body.getString("jobs[0].lastRun.state")).isEqualTo("SUCCEEDED");
        assertThat(body.getString("jobs[0].lastRun.occurredAt")).isEqualTo("2027-01-11T17:41:05Z");
        assertThat(body.getMap("jobs[1]")).doesNotContainKey("lastRun");
        // the processed count: of the last run, and of the run stored on its day (2027-01-12 JST), read in one query
        assertThat(body.getLong("jobs[0].lastRun.processedCount")).isEqualTo(182345L);
        assertThat(body.getList("jobs[0].days[3].ran.runId")).containsExactly("run-1");
        assertThat(body.getString("jobs[0].days[3].ran[0].startedAt")).isEqualTo("2027-01-11T17:30:05Z");
        assertThat(body.getLong("jobs[0].days[3].ran[0].processedCount")).isEqualTo(182345L);
        assertThat(body.getMap("jobs[0].days[3].ran[0]")).doesNotContainKey("countInRange"); // no expectedCount
        assertThat(body.getMap("jobs[0].days[2]")).doesNotContainKey("ran");
        assertThat(body.getList("files")).isEmpty(); // the test catalog lists no linkage files
    }

    @Test
    void theLastBusinessDayOfApril2027IsFriday30th() {
        JsonPath body = Login.as("fujitsu-ops").when()
                .get("/api/services/kurashiki-juki/jobs?from=2027-04-26&to=2027-05-02")
                .then().statusCode(200).extract().jsonPath();

        assertThat(body.getList("jobs[1].days.status")).containsExactly("NOT_SCHEDULED", "NOT_SCHEDULED",
                "NOT_SCHEDULED", "NOT_SCHEDULED", "RUNS", "NOT_SCHEDULED", "NOT_SCHEDULED");
        assertThat(body.getList("jobs[1].days[4].runs")).containsExactly("2027-04-30T13:00:00Z");
        assertThat(body.getString("days[3].closure.ja")).isEqualTo("昭和の日");
    }

    @Test
    void aVendorIsRefusedAnotherVendorsServiceLikeAServiceThatDoesNotExist() {
        Map<String, Object> problem = Login.as("ines-ops").when().get("/api/services/kurashiki-juki/jobs")
                .then().statusCode(404).contentType("application/problem+json").extract().jsonPath().getMap("");
        assertThat(problem).containsEntry("detail", "no service 'kurashiki-juki'");
        given().when().get("/api/services/kurashiki-juki/jobs").then().statusCode(401);
    }

    @Test
    void aRangeOfMoreThan62DaysIsABadRequest() {
        Map<String, Object> problem = Login.as("admin").when()
                .get("/api/services/kurashiki-juki/jobs?from=2027-01-01&to=2027-03-04")
                .then().statusCode(400).contentType("application/problem+json").extract().jsonPath().getMap("");
        assertThat(problem).containsEntry("detail", "from 2027-01-01 to 2027-03-04 is 63 days; at most 62");
        assertThat(Login.as("admin").when().get("/api/services/kurashiki-juki/jobs?from=tomorrow")
                .then().statusCode(400).extract().jsonPath().getString("detail"))
                .isEqualTo("from: YYYY-MM-DD, e.g. 2027-01-11");
        assertThat(Login.as("admin").when().get("/api/services/kurashiki-juki/jobs")
                .then().statusCode(200).extract().jsonPath().getList("days")).hasSize(7); // this week
    }

    void run(String runId, String state, String at, String more) throws Exception {
        String id = runId + "-" + state;
        send("PUT", "/" + IndexTemplates.EVENTS_PREFIX + "batchjobs-test/_doc/" + id + "?refresh=true", """
                {"eventId":"%s","schemaVersion":1,"type":"BATCH_RUN","occurredAt":"%s","receivedAt":"%s",
                 "tenant":"kurashiki","system":"juki","host":"krs-juki-db1","targetId":"kurashiki/krs-juki-db1",
                 "agentId":"agent-krs-juki-db1","seq":1,"registered":true,"serviceId":"kurashiki-juki",
                 "batch":{"job":"nightly-export","runId":"%s","state":"%s"%s}}"""
                .formatted(id, at, at, runId, state, more));
    }

    void send(String method, String path, String body) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(openSearchUrl + path))
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isBetween(200, 201);
    }
}
