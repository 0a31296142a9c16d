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
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /api/sla}'s figures from SLA records seeded into the real OpenSearch under the strict template, as alert-service
 * writes them (docs/sla.md, "Who owes what"): Fujitsu's incident where nobody wrote (Mihari's automatic reports exactly
 * on the hour, the vendor the party that failed to write, Mihari's send delay apart), INES's where every report was
 * written on time (100 %, though one mail was held up), and a planned incident left out. Month 2026-06, which no other
 * test of the module uses.
 */
@QuarkusTest
@WithTestResource(MihariInfraResource.class)
class SlaApiTest {

    @ConfigProperty(name = "mihari.opensearch.url")
    String openSearchUrl;

    final HttpClient http = HttpClient.newHttpClient();
    static boolean seeded;

    static final Instant T0 = Instant.parse("2026-06-10T01:00:00Z");

    static String t(long seconds) {
        return T0.plusSeconds(seconds).toString();
    }

    @BeforeEach
    void seed() throws Exception {
        if (seeded) {
            return;
        }
        for (IndexTemplates.Template template : IndexTemplates.ALL) {
            send("/_index_template/" + template.name(), template.json());
        }
        // Fujitsu: nobody wrote; automatic reports at D1 = T0 + 3630 s and each hour after, mails 3, 2, 5 s later
        send("/mihari-incidents/_doc/INC-20260610-0001?refresh=true", incident("INC-20260610-0001", "kurashiki-juki",
                "juki", "fujitsu-japan", false, t(10830 + 1800), """
                {"firstReport":{"dueAt":"%s","sentAt":"%s","automatic":true,"lateBySeconds":0,"madeAt":"%s",
                  "mihariDelaySeconds":2},
                 "statusReports":[%s,%s,%s],"nextStatusReportDue":null,"reminders":[],
                 "recoveryReport":{"dueAt":"%s","sentAt":"%s","automatic":true,"lateBySeconds":0,"madeAt":"%s",
                  "mihariDelaySeconds":2},"muted":false}"""
                .formatted(t(3600), t(32), t(30), automatic(1, 3630, 3633), automatic(2, 7230, 7232),
                        automatic(3, 10830, 10835), t(12630), t(12632), t(12630))));
        // INES: the person wrote 10 min before each deadline; the SMTP server held the second mail for 5 min
        send("/mihari-incidents/_doc/INC-20260611-0001?refresh=true", incident("INC-20260611-0001",
                "kurashiki-hokenfukushi", "hokenfukushi", "ines", false, t(7000), """
                {"firstReport":{"dueAt":"%s","sentAt":"%s","automatic":true,"lateBySeconds":0,"madeAt":"%s",
                  "mihariDelaySeconds":1},
                 "statusReports":[%s,%s],
                 "recoveryReport":{"dueAt":"%s","sentAt":"%s","automatic":true,"lateBySeconds":0,"madeAt":"%s",
                  "mihariDelaySeconds":2},
                 "postIncidentReport":{"dueAt":"%s","requestedAt":"%s","requestSentAt":"%s","reminders":[],
                  "submittedAt":"%s","lateBySeconds":0},"muted":false}"""
                .formatted(t(3600), t(31), t(30), person(1, 3630, 3030, 3032), person(2, 6630, 6030, 6335),
                        t(7000), t(7002), t(7000), t(7000 + 7 * 86400), t(7001), t(7003), t(7000 + 86400)))
                .replace(T0.toString().substring(0, 10), "2026-06-11"));
        // planned maintenance: muted, never counted
        send("/mihari-incidents/_doc/INC-20260612-0001?refresh=true", incident("INC-20260612-0001", "kurashiki-juki",
                "juki", "fujitsu-japan", true, t(600), """
                {"firstReport":{"dueAt":"%s","automatic":true,"lateBySeconds":0,"madeAt":"%s"},
                 "statusReports":[%s],"muted":true}""".formatted(t(3600), t(30), automatic(1, 3630, 9999)))
                .replace(T0.toString().substring(0, 10), "2026-06-12"));
        seeded = true;
    }

    static String incident(String id, String service, String system, String vendor, boolean planned,
            String mitigatedAt, String sla) {
        return """
                {"id":"%s","tenant":"kurashiki","system":"%s","serviceId":"%s","vendor":"%s","kind":"LIVENESS",
                 "severity":"CRITICAL","status":"MITIGATED","title":"down","affectedTargets":["kurashiki/x"],
                 "detectedAt":"%s","startedAt":"%s","openedAt":"%s","mitigatedAt":"%s","planned":%s,
                 "attribution":%s,"sla":%s,"revision":9}"""
                .formatted(id, system, service, vendor, t(0), t(-30), t(30), mitigatedAt, planned,
                        planned ? "\"PLANNED\"" : "null", sla);
    }

    static String automatic(int seq, long due, long sent) {
        return """
                {"seq":%d,"dueAt":"%s","createdAt":"%s","sentAt":"%s","automatic":true,"author":null,
                 "message":"automatic","lateBySeconds":null,"mihariDelaySeconds":%d,"backfilled":false}"""
                .formatted(seq, t(due), t(due), t(sent), sent - due);
    }

    static String person(int seq, long due, long made, long sent) {
        return """
                {"seq":%d,"dueAt":"%s","createdAt":"%s","sentAt":"%s","automatic":false,"author":"田中 (INES)",
                 "message":"investigating","lateBySeconds":%d,"mihariDelaySeconds":%d,"backfilled":false}"""
                .formatted(seq, t(due), t(made), t(sent), Math.max(0, made - due), sent - made);
    }

    void send(String path, String json) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(openSearchUrl + path))
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isBetween(200, 201);
    }

    JsonPath sla(String user, String query) {
        return Login.as(user).when().get("/api/sla?month=2026-06" + query).then().statusCode(200).extract()
                .jsonPath();
    }

    @Test
    void theVendorThatWroteNothingIsThePartyThatFailedAndMihariSendDelayIsReportedApart() {
        JsonPath sla = sla("admin", "");

        assertThat(sla.getString("month")).isEqualTo("2026-06");
        assertThat(sla.getList("vendors.vendor")).containsExactly("fujitsu-japan", "ines");
        Map<String, Object> fujitsu = sla.getMap("vendors[0]");
        assertThat(fujitsu).containsEntry("vendorName", "富士通Japan").containsEntry("incidents", 1)
                .containsEntry("statusReports", 3).containsEntry("statusReportsOnTime", 0)
                .containsEntry("statusReportsNotWritten", 3).containsEntry("statusReportsLate", 0)
                .containsEntry("automaticStatusReports", 3).containsEntry("statusReportsOnTimePercent", 0.0f)
                .containsEntry("onTimePercent", 0.0f).containsEntry("worstGapSeconds", 3600)
                .containsEntry("firstReports", 1).containsEntry("firstReportsOnTime", 1);
        assertThat(sla.getList("vendors[0].breaches", String.class)).containsExactly(
                "INC-20260610-0001: status report due 2026-06-10T02:00:30Z not written (Mihari reported automatically, #1)",
                "INC-20260610-0001: status report due 2026-06-10T03:00:30Z not written (Mihari reported automatically, #2)",
                "INC-20260610-0001: status report due 2026-06-10T04:00:30Z not written (Mihari reported automatically, #3)");
        assertThat(sla.getMap("vendors[0].mihari")).containsEntry("mails", 5).containsEntry("delayP50Seconds", 2)
                .containsEntry("delayMaxSeconds", 5)
                .containsEntry("delayMaxReport", "INC-20260610-0001 status report #3")
                .containsEntry("unsent", 0).containsEntry("notMailed", 0);
    }

    @Test
    void aVendorThatWroteEveryReportOnTimeShowsOneHundredPercentThoughAMailWasHeldUp() {
        JsonPath sla = sla("admin", "&vendor=ines");

        assertThat(sla.getList("vendors.vendor")).containsExactly("ines");
        assertThat(sla.getMap("vendors[0]")).containsEntry("statusReports", 2).containsEntry("statusReportsOnTime", 2)
                .containsEntry("statusReportsOnTimePercent", 100.0f).containsEntry("writtenReportsRequired", 1)
                .containsEntry("writtenReportsOnTime", 1).containsEntry("onTimePercent", 100.0f);
        assertThat(sla.getList("vendors[0].breaches")).isEmpty();
        assertThat(sla.getMap("vendors[0].mihari")).containsEntry("delayMaxSeconds", 305)
                .containsEntry("delayMaxReport", "INC-20260611-0001 status report #2");
        assertThat(sla.getMap("mihari")).as("the month's own figures cover what was shown")
                .containsEntry("mails", 4).containsEntry("delayMaxSeconds", 305);
    }

    @Test
    void theMonthAsAWholeGivesMihariFiguresAndLeavesPlannedIncidentsOut() {
        JsonPath sla = sla("admin", "");

        assertThat(sla.getMap("mihari")).containsEntry("firstReports", 2).containsEntry("firstReportsOnTime", 2)
                .containsEntry("mails", 9).containsEntry("delayP50Seconds", 2).containsEntry("delayMaxSeconds", 305);
        assertThat(sla.getList("mihari.notes")).isEmpty();
        assertThat(sla.getString("vendors[0].breaches")).doesNotContain("INC-20260612-0001");
    }

    @Test
    void aVendorSeesOnlyItsOwnFigures() {
        JsonPath sla = sla("ines-ops", "");

        assertThat(sla.getList("vendors.vendor")).containsExactly("ines");
        assertThat(sla.getInt("mihari.mails")).isEqualTo(4);
    }

    @Test
    void aMonthThatIsNotAMonthIsRefusedWithTheFormat() {
        String body = Login.as("admin").when().get("/api/sla?month=June").then().statusCode(400).extract().asString();
        assertThat(body).contains("month: YYYY-MM");
    }
}
