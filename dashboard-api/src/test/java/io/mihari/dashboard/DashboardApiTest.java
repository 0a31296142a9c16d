package io.mihari.dashboard;

import io.mihari.model.index.IndexTemplates;
import io.mihari.testsupport.MihariInfraResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/** dashboard-api reading what alert-service stored in a real OpenSearch. */
@QuarkusTest
@WithTestResource(MihariInfraResource.class)
class DashboardApiTest {

    @ConfigProperty(name = "mihari.opensearch.url")
    String openSearchUrl;

    final HttpClient http = HttpClient.newHttpClient();
    static boolean templatesInstalled;

    /** The same strict templates alert-service installs, so these documents are checked like real ones. */
    @BeforeEach
    void installTemplates() throws Exception {
        if (templatesInstalled) {
            return;
        }
        for (IndexTemplates.Template template : IndexTemplates.ALL) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                            URI.create(openSearchUrl + "/_index_template/" + template.name()))
                    .header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString(template.json())).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        }
        templatesInstalled = true;
    }

    void put(String path, String json) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(openSearchUrl + path + "?refresh=true"))
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isBetween(200, 201);
    }

    @Test
    void serviceIsDownWhenItsCriticalServerIsDownAndUnknownServersStayUnknown() throws Exception {
        put("/mihari-targets/_doc/kurashiki%2Fkrs-juki-db1", """
                {"targetId":"kurashiki/krs-juki-db1","tenant":"kurashiki","system":"juki","host":"krs-juki-db1",
                 "serviceId":"kurashiki-juki","status":"DOWN","since":"2026-11-25T01:00:00Z"}""");

        Login.as("admin").when().get("/api/services").then().statusCode(200)
                .body("[0].id", equalTo("kurashiki-juki"))
                .body("[0].tenantName", equalTo("倉敷市"))
                .body("[0].systemName", equalTo("住記系"))
                .body("[0].availabilityTarget", equalTo(99.5f))
                .body("[0].status", equalTo("DOWN"));
        Login.as("admin").when().get("/api/targets/kurashiki/krs-juki-db1").then().statusCode(200)
                .body("status", equalTo("DOWN"))
                .body("since", equalTo("2026-11-25T01:00:00Z"))
                .body("critical", equalTo(true));
        Login.as("admin").when().get("/api/targets/kurashiki/krs-juki-ap1").then().statusCode(200)
                .body("status", equalTo("UNKNOWN"));
    }

    @Test
    void incidentsAreListedNewestFirstAndShownWithTheirTimeline() throws Exception {
        put("/mihari-incidents/_doc/INC-20261125-0001", incident("INC-20261125-0001", "2026-11-25T01:00:00Z"));
        put("/mihari-incidents/_doc/INC-20261125-0002", incident("INC-20261125-0002", "2026-11-25T02:00:00Z"));

        Login.as("admin").when().get("/api/incidents?service=kurashiki-juki&from=2026-11-25T00:00:00Z").then().statusCode(200)
                .body("total", equalTo(2))
                .body("items.id", org.hamcrest.Matchers.contains("INC-20261125-0002", "INC-20261125-0001"))
                .body("items[0].firstReportSentAt", equalTo("2026-11-25T02:00:31Z"));
        Login.as("admin").when().get("/api/incidents/INC-20261125-0001").then().statusCode(200)
                .body("status", equalTo("OPEN"))
                .body("timeline.type", hasItem("FIRST_REPORT_SENT"))
                .body("affectedTargets", hasItem("kurashiki/krs-juki-db1"));
    }

    @Test
    void unknownIncidentIsA404ProblemJson() {
        Login.as("admin").when().get("/api/incidents/INC-19990101-0001").then().statusCode(404)
                .contentType("application/problem+json")
                .body("status", equalTo(404))
                .body("title", equalTo("Not Found"))
                .body("detail", containsString("INC-19990101-0001"));
    }

    @Test
    void pageSizeAboveTheLimitIsA400ProblemJsonNamingTheParameter() {
        Login.as("admin").when().get("/api/incidents?size=1000").then().statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("size"));
    }

    @Test
    void dashboardPageAndHealthAreServed() {
        given().when().get("/").then().statusCode(200).body(containsString("Mihari"));
        given().when().get("/q/health/ready").then().statusCode(200);
    }

    static String incident(String id, String detectedAt) {
        String sent = detectedAt.replace(":00:00Z", ":00:31Z");
        return """
                {"id":"%s","tenant":"kurashiki","system":"juki","serviceId":"kurashiki-juki","vendor":"fujitsu-japan",
                 "kind":"LIVENESS","severity":"CRITICAL","status":"OPEN","title":"No heartbeat from kurashiki/krs-juki-db1",
                 "affectedTargets":["kurashiki/krs-juki-db1"],"detectedAt":"%s","startedAt":"%s","openedAt":"%s",
                 "timeline":[{"at":"%s","type":"TARGET_DOWN","targetId":"kurashiki/krs-juki-db1","message":"down"},
                             {"at":"%s","type":"FIRST_REPORT_SENT","message":"first report mailed"}],
                 "sla":{"firstReport":{"dueAt":"%s","sentAt":"%s","automatic":true}}}"""
                .formatted(id, detectedAt, detectedAt, detectedAt, detectedAt, sent, detectedAt, sent);
    }
}
