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
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The board's "what is wrong now" (/api/warnings) and the operating status 稼働状況 of /api/services, for what they
 * produce: which warnings, in which order, with which counts, levels and words, from documents seeded in the real
 * OpenSearch as alert-service stores them.
 */
@QuarkusTest
@WithTestResource(MihariInfraResource.class)
class WarningsApiTest {

    @ConfigProperty(name = "mihari.opensearch.url")
    String openSearchUrl;

    final HttpClient http = HttpClient.newHttpClient();
    /** Seconds only: the instants the API gives back are compared as text. */
    final Instant now = Clock.systemUTC().instant().truncatedTo(ChronoUnit.SECONDS);
    static boolean templatesInstalled;

    @BeforeEach
    void seed() throws Exception {
        if (!templatesInstalled) {
            for (IndexTemplates.Template template : IndexTemplates.ALL) {
                send("PUT", "/_index_template/" + template.name(), template.json());
            }
            templatesInstalled = true;
        }
        // each test starts from its own samples and reports only (an earlier test's newer report would win): they
        // are kept in an event index of this test's own (the template's pattern), dropped here
        // (and BrowserTest's, which also sets applications' statuses)
        send("DELETE", "/mihari-events-warnings-test,mihari-events-browser-test?ignore_unavailable=true", "");
        // INES's one server is up but over its CPU critical level, and its application says it stopped
        target("kurashiki-hokenfukushi", "krs-fukushi-ap1", "UP", "2026-11-01T00:00:00Z");
        sample("kurashiki-hokenfukushi", "krs-fukushi-ap1", now.minus(Duration.ofMinutes(10)), 12, 50, "/", 40);
        sample("kurashiki-hokenfukushi", "krs-fukushi-ap1", now.minus(Duration.ofMinutes(2)), 97.04, 50, "/", 40);
        operating("kurashiki-hokenfukushi", "krs-fukushi-ap1", now.minus(Duration.ofMinutes(3)), "fukushi-ap", "STOPPED",
                "帳票サーバ停止中");
        // Fujitsu's: the database server down, one AP server never heard, the other with a disk at its warning level
        // (its CPU was critical 2 hours ago: too old to say how it is now), its application degraded after it had
        // stopped, and its batch runner running
        target("kurashiki-juki", "krs-juki-db1", "DOWN", "2026-12-06T03:25:43Z");
        target("kurashiki-juki", "krs-juki-ap2", "UNKNOWN", "2026-12-01T00:00:00Z");
        target("kurashiki-juki", "krs-juki-ap1", "UP", "2026-11-01T00:00:00Z");
        sample("kurashiki-juki", "krs-juki-ap1", now.minus(Duration.ofHours(2)), 99, 10, "/var", 10);
        sample("kurashiki-juki", "krs-juki-ap1", now.minus(Duration.ofMinutes(1)), 20, 30, "/var", 85.3);
        operating("kurashiki-juki", "krs-juki-ap1", now.minus(Duration.ofMinutes(30)), "juki-ap", "STOPPED", null);
        operating("kurashiki-juki", "krs-juki-ap1", now.minus(Duration.ofMinutes(5)), "juki-ap", "DEGRADED", "縮退運転中");
        operating("kurashiki-juki", "krs-juki-db1", now.minus(Duration.ofMinutes(4)), "juki-batch", "RUNNING", null);
    }

    @Test
    void realProblemsComeFirstGroupedPerServiceWithServersWithoutDataFoldedIntoACount() {
        JsonPath body = Login.as("admin").when().get("/api/warnings").then().statusCode(200).extract().jsonPath();

        // two critical problems outrank one, whatever the catalog's order
        assertThat(body.getList("serviceId")).containsExactly("kurashiki-hokenfukushi", "kurashiki-juki");

        Map<String, Object> fukushi = body.getMap("[0]");
        assertThat(fukushi.get("level")).isEqualTo("CRITICAL");
        assertThat(body.getMap("[0].counts")).containsExactlyInAnyOrderEntriesOf(
                Map.of("critical", 2, "warning", 0, "noData", 0, "targets", 1));
        assertThat(body.getList("[0].warnings.kind")).containsExactly("OPERATING_STATUS", "RESOURCE");
        assertThat(body.getMap("[0].warnings[0]")).containsEntry("level", "CRITICAL")
                .containsEntry("targetId", "kurashiki/krs-fukushi-ap1").containsEntry("subject", "fukushi-ap")
                .containsEntry("status", "STOPPED").containsEntry("message", "帳票サーバ停止中")
                .containsEntry("since", now.minus(Duration.ofMinutes(3)).toString())
                .containsEntry("textJa", "稼働状況 停止中: fukushi-ap（kurashiki/krs-fukushi-ap1） 帳票サーバ停止中")
                .containsEntry("textEn", "Operating status stopped: fukushi-ap (kurashiki/krs-fukushi-ap1) 帳票サーバ停止中");
        // the newest sample counts, not the older calm one
        assertThat(body.getMap("[0].warnings[1]")).containsEntry("level", "CRITICAL").containsEntry("subject", "CPU")
                .containsEntry("value", 97.0f).containsEntry("threshold", 95.0f)
                .containsEntry("since", now.minus(Duration.ofMinutes(2)).toString())
                .containsEntry("textJa", "kurashiki/krs-fukushi-ap1 CPU 使用率 97.0%（危険閾値 95.0%）")
                .containsEntry("textEn", "kurashiki/krs-fukushi-ap1 CPU use 97.0% (critical at 95.0%)");
        assertThat(fukushi.get("noData")).isNull();

        assertThat(body.getString("[1].level")).isEqualTo("CRITICAL");
        assertThat(body.getMap("[1].counts")).containsExactlyInAnyOrderEntriesOf(
                Map.of("critical", 1, "warning", 2, "noData", 1, "targets", 3));
        // the server down first, then the application, then resources; the 2-hour-old CPU peak is not "now"
        assertThat(body.getList("[1].warnings.kind")).containsExactly("TARGET_DOWN", "OPERATING_STATUS", "RESOURCE");
        assertThat(body.getMap("[1].warnings[0]")).containsEntry("level", "CRITICAL")
                .containsEntry("targetId", "kurashiki/krs-juki-db1").containsEntry("status", "DOWN")
                .containsEntry("since", "2026-12-06T03:25:43Z")
                .containsEntry("textJa", "サーバ停止: kurashiki/krs-juki-db1")
                .containsEntry("textEn", "Server down: kurashiki/krs-juki-db1");
        assertThat(body.getMap("[1].warnings[1]")).containsEntry("level", "WARNING").containsEntry("status", "DEGRADED")
                .containsEntry("subject", "juki-ap").containsEntry("since", now.minus(Duration.ofMinutes(5)).toString())
                .containsEntry("textJa", "稼働状況 縮退: juki-ap（kurashiki/krs-juki-ap1） 縮退運転中");
        assertThat(body.getMap("[1].warnings[2]")).containsEntry("level", "WARNING")
                .containsEntry("targetId", "kurashiki/krs-juki-ap1").containsEntry("subject", "DISK:/var")
                .containsEntry("value", 85.3f).containsEntry("threshold", 80.0f)
                .containsEntry("textJa", "kurashiki/krs-juki-ap1 ディスク /var 使用率 85.3%（警告閾値 80.0%）")
                .containsEntry("textEn", "kurashiki/krs-juki-ap1 Disk /var use 85.3% (warning at 80.0%)");
        // no data: one line with the count, not one per server
        assertThat(body.getInt("[1].noData.count")).isEqualTo(1);
        assertThat(body.getList("[1].noData.targets")).containsExactly("kurashiki/krs-juki-ap2");
        assertThat(body.getString("[1].noData.since")).isEqualTo("2026-12-01T00:00:00Z");
    }

    @Test
    void aServiceWithOnlyServersWithoutDataComesLastAndAVendorSeesOnlyItsOwn() throws Exception {
        target("kurashiki-hokenfukushi", "krs-fukushi-ap1", "UNKNOWN", "2026-12-02T00:00:00Z");
        JsonPath body = Login.as("admin").when().get("/api/warnings").then().statusCode(200).extract().jsonPath();
        // INES's server says nothing now: its stopped application is still the newest word, so it stays critical;
        // its resources are not judged from a server not heard. One critical each: more warnings come first
        assertThat(body.getList("serviceId")).containsExactly("kurashiki-juki", "kurashiki-hokenfukushi");
        assertThat(body.getList("[1].warnings.kind")).containsExactly("OPERATING_STATUS");
        assertThat(body.getString("[1].level")).isEqualTo("CRITICAL");
        assertThat(body.getInt("[1].noData.count")).isEqualTo(1);

        operating("kurashiki-hokenfukushi", "krs-fukushi-ap1", now.minus(Duration.ofMinutes(1)), "fukushi-ap", "RUNNING",
                null);
        body = Login.as("admin").when().get("/api/warnings").then().statusCode(200).extract().jsonPath();
        assertThat(body.getList("serviceId")).containsExactly("kurashiki-juki", "kurashiki-hokenfukushi");
        assertThat(body.getString("[1].level")).isEqualTo("NO_DATA");
        assertThat(body.getList("[1].warnings")).isEmpty();
        assertThat(body.getMap("[1].counts")).containsEntry("noData", 1).containsEntry("critical", 0);

        JsonPath ines = Login.as("ines-ops").when().get("/api/warnings").then().statusCode(200).extract().jsonPath();
        assertThat(ines.getList("serviceId")).containsExactly("kurashiki-hokenfukushi");
    }

    @Test
    void servicesCarryTheLatestOperatingStatusOfEachApplicationAndTheVendorNameInBothLanguages() {
        JsonPath body = Login.as("admin").when().get("/api/services/kurashiki-juki").then().statusCode(200)
                .extract().jsonPath();
        assertThat(body.getString("vendorName")).isEqualTo("富士通Japan");
        assertThat(body.getString("vendorNameEn")).isEqualTo("Fujitsu Japan");
        // newest first, one per application: juki-ap's DEGRADED replaced its earlier STOPPED
        assertThat(body.getList("operating.application")).containsExactly("juki-batch", "juki-ap");
        assertThat(body.getList("operating.status")).containsExactly("RUNNING", "DEGRADED");
        assertThat(body.getString("operating[1].targetId")).isEqualTo("kurashiki/krs-juki-ap1");
        assertThat(body.getString("operating[1].message")).isEqualTo("縮退運転中");
        assertThat(body.getString("operating[1].at")).isEqualTo(now.minus(Duration.ofMinutes(5)).toString());
        List<String> fukushi = Login.as("admin").when().get("/api/services/kurashiki-hokenfukushi").then()
                .statusCode(200).extract().path("operating.status");
        assertThat(fukushi).hasSize(1);
    }

    @Test
    void anAgentClockAheadCannotKeepAnOldSampleTheNewest() throws Exception {
        // received 5 minutes ago from an agent whose clock was 15 minutes ahead: calm, and dated after every other
        // sample; the critical one received 2 minutes ago (after the clock was set right) is the newest
        event("kurashiki-hokenfukushi", "krs-fukushi-ap1", now.plus(Duration.ofMinutes(10)),
                now.minus(Duration.ofMinutes(5)), "RESOURCE_SAMPLE", """
                "resources":{"cpuPercent":3,"load1":0.5,"load5":0.5,"load15":0.5,"memoryTotalBytes":1000,
                 "memoryUsedBytes":100,"swapTotalBytes":0,"swapUsedBytes":0,"uptimeSeconds":3600,
                 "disks":[{"mount":"/","totalBytes":1000,"usedBytes":400}]}""");

        JsonPath body = Login.as("admin").when().get("/api/warnings").then().statusCode(200).extract().jsonPath();
        assertThat(body.getMap("[0].warnings[1]")).containsEntry("subject", "CPU").containsEntry("value", 97.0f)
                .containsEntry("since", now.minus(Duration.ofMinutes(2)).toString());
    }

    void target(String service, String host, String status, String since) throws Exception {
        String system = service.substring(service.indexOf('-') + 1);
        send("PUT", "/mihari-targets/_doc/kurashiki%2F" + host + "?refresh=true", """
                {"targetId":"kurashiki/%s","tenant":"kurashiki","system":"%s","host":"%s","serviceId":"%s",
                 "status":"%s","since":"%s"}""".formatted(host, system, host, service, status, since));
    }

    void sample(String service, String host, Instant at, double cpu, double memoryPercent, String mount,
            double diskPercent) throws Exception {
        event(service, host, at, "RESOURCE_SAMPLE", """
                "resources":{"cpuPercent":%s,"memoryTotalBytes":1000,"memoryUsedBytes":%d,"swapTotalBytes":0,
                 "swapUsedBytes":0,"uptimeSeconds":3600,"disks":[{"mount":"%s","totalBytes":1000,"usedBytes":%d}]}"""
                .formatted(cpu, Math.round(memoryPercent * 10), mount, Math.round(diskPercent * 10)));
    }

    void operating(String service, String host, Instant at, String application, String status, String message)
            throws Exception {
        event(service, host, at, "OPERATING_STATUS", """
                "operating":{"application":"%s","status":"%s"%s}""".formatted(application, status,
                message == null ? "" : ",\"message\":\"" + message + "\""));
    }

    void event(String service, String host, Instant at, String type, String payload) throws Exception {
        event(service, host, at, at, type, payload);
    }

    /** An event dated {@code at} by the agent's clock and received at {@code receivedAt} by alert-service's. */
    void event(String service, String host, Instant at, Instant receivedAt, String type, String payload)
            throws Exception {
        String system = service.substring(service.indexOf('-') + 1);
        String id = UUID.randomUUID().toString();
        send("PUT", "/" + IndexTemplates.EVENTS_PREFIX + "warnings-test/_doc/" + id + "?refresh=true", """
                {"eventId":"%s","schemaVersion":1,"type":"%s","occurredAt":"%s","receivedAt":"%s","tenant":"kurashiki",
                 "system":"%s","host":"%s","targetId":"kurashiki/%s","agentId":"agent-%s","seq":1,"registered":true,
                 "serviceId":"%s",%s}""".formatted(id, type, at, receivedAt, system, host, host, host, service,
                payload));
    }

    void send(String method, String path, String body) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(openSearchUrl + path))
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isBetween(200, 201);
    }
}
