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
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The check latency series ({@code /api/targets/{tenant}/{host}/checks/latency}) and the clock offset of
 * {@code /api/targets} against the real OpenSearch, from documents seeded as alert-service stores them: the
 * date_histogram request is one OpenSearch accepts, the buckets and the offset reach the JSON, and a vendor of another
 * service gets 404. The pure parts are {@code CheckLatencyTest} and {@code ClockOffsetTest}.
 */
@QuarkusTest
@WithTestResource(MihariInfraResource.class)
class CheckLatencyApiTest {

    static final String INDEX = IndexTemplates.EVENTS_PREFIX + "latency-test";
    static final String PERIOD = "from=2026-12-06T02:00:00Z&to=2026-12-06T03:00:00Z";

    @ConfigProperty(name = "mihari.opensearch.url")
    String openSearchUrl;

    final HttpClient http = HttpClient.newHttpClient();
    static boolean templatesInstalled;

    @BeforeEach
    void seed() throws Exception {
        if (!templatesInstalled) {
            for (IndexTemplates.Template template : IndexTemplates.ALL) {
                send("PUT", "/_index_template/" + template.name(), template.json());
            }
            templatesInstalled = true;
        }
        send("DELETE", "/" + INDEX + "?ignore_unavailable=true", "");
        // a 1-hour period has 30-second buckets: two results in the first, one DOWN in the third, none in the second
        check("2026-12-06T02:00:05Z", "UP", 10);
        check("2026-12-06T02:00:20Z", "UP", 30);
        check("2026-12-06T02:01:10Z", "DOWN", 5000);
        check("2026-12-06T03:00:00Z", "UP", 99); // at `to`: outside
        send("PUT", "/mihari-targets/_doc/kurashiki%2Fkrs-juki-ap1?refresh=true", """
                {"targetId":"kurashiki/krs-juki-ap1","tenant":"kurashiki","system":"juki","host":"krs-juki-ap1",
                 "serviceId":"kurashiki-juki","status":"UP","since":"2026-11-01T00:00:00Z",
                 "clockOffsetSeconds":92.4,"clockOffsetAt":"2026-12-06T01:00:20Z"}""");
    }

    /** The target's status document is shared with other test classes (DashboardApiTest expects none for it). */
    @org.junit.jupiter.api.AfterEach
    void removeTargetStatus() throws Exception {
        send("DELETE", "/mihari-targets/_doc/kurashiki%2Fkrs-juki-ap1?refresh=true", "");
    }

    @Test
    void eachCheckIsDownsampledPerBucketInsideTheViewersScope() {
        JsonPath body = Login.as("fujitsu-ops").when().get("/api/targets/kurashiki/krs-juki-ap1/checks/latency?"
                + PERIOD).then().statusCode(200).extract().jsonPath();

        assertThat(body.getLong("bucketSeconds")).isEqualTo(30);
        assertThat(body.getList("checks.name")).containsExactly("juki-web");
        assertThat(body.getString("checks[0].kind")).isEqualTo("HTTP");
        assertThat(body.getLong("checks[0].results")).isEqualTo(3);
        assertThat(body.getLong("checks[0].down")).isEqualTo(1);
        assertThat(body.getList("checks[0].points.at")).containsExactly("2026-12-06T02:00:00Z",
                "2026-12-06T02:00:30Z", "2026-12-06T02:01:00Z");
        assertThat(body.getList("checks[0].points.avgMs", Float.class)).containsExactly(20.0f, null, 5000.0f);
        assertThat(body.getList("checks[0].points.maxMs", Float.class)).containsExactly(30.0f, null, 5000.0f);
        assertThat(body.getList("checks[0].points.down", Integer.class)).containsExactly(0, 0, 1);

        Login.as("ines-ops").when().get("/api/targets/kurashiki/krs-juki-ap1/checks/latency?" + PERIOD).then()
                .statusCode(404);
        Login.as("admin").when().get("/api/targets/kurashiki/krs-juki-ap1/checks/latency?from=nope").then()
                .statusCode(400);
    }

    @Test
    void aTargetCarriesItsAgentsClockOffset() {
        JsonPath body = Login.as("admin").when().get("/api/targets/kurashiki/krs-juki-ap1").then().statusCode(200)
                .extract().jsonPath();
        assertThat(body.getFloat("clockOffset.seconds")).isEqualTo(92.4f);
        assertThat(body.getString("clockOffset.level")).isEqualTo("MAJOR");
        assertThat(body.getString("clockOffset.text")).isEqualTo("+92.4 s");
        assertThat(body.getString("clockOffset.at")).isEqualTo("2026-12-06T01:00:20Z");
        assertThat(body.getString("clockOffset.textJa")).isEqualTo("時刻ずれ: Mihari より 92.4 秒進み（重大 閾値 30.0 秒）");
    }

    void check(String at, String status, long latencyMs) throws Exception {
        String id = UUID.randomUUID().toString();
        send("PUT", "/" + INDEX + "/_doc/" + id + "?refresh=true", """
                {"eventId":"%s","schemaVersion":1,"type":"CHECK_RESULT","occurredAt":"%s","receivedAt":"%s",
                 "tenant":"kurashiki","system":"juki","host":"krs-juki-ap1","targetId":"kurashiki/krs-juki-ap1",
                 "agentId":"agent-krs-juki-ap1","seq":1,"registered":true,"serviceId":"kurashiki-juki",
                 "check":{"name":"juki-web","kind":"HTTP","status":"%s","latencyMs":%d,"message":"HTTP 200"}}"""
                .formatted(id, at, at, status, latencyMs));
    }

    void send(String method, String path, String body) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(openSearchUrl + path))
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isBetween(200, 201);
    }
}
