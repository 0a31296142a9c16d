package io.mihari.dashboard.availability;

import io.mihari.dashboard.Login;
import io.mihari.model.index.IndexTemplates;
import io.mihari.testsupport.MihariInfraResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

/**
 * Issue 19 through the real OpenSearch: availability per responsible party. Test catalog (every server a virtual
 * server of gov-cloud, the cities' cloud provider; kurashiki has four: juki AP1, AP2 (redundancy group), DB1
 * (critical), fukushi AP1). March and April 2026 are used only here. Hand-computed (JST, around the clock, 99.5 %):
 * <ul>
 * <li>March (31 days, 2,678,400,000 ms per service or component): AP1 down 1 h behind AP2 → kurashiki-juki 100 %,
 * 0 ms counted; gov-cloud's kurashiki virtual servers: planned 4 × 2,678,400,000 = 10,713,600,000, 3,600,000 down and
 * counted, 1 − 3.6e6 / 10,713,600,000 = 99.9663… %; AP1 1 − 3.6e6 / 2,678,400,000 = 99.8655… %;</li>
 * <li>April (30 days, 2,592,000,000 ms): DB1 down 2 h (7,200,000 ms) with incident INC-PARTY-0001: attributed VENDOR,
 * it is fujitsu-japan's (juki 99.7222… % counted) and not gov-cloud's (DB1 as a component: 0 counted); re-attributed
 * CLOUD, fujitsu's counted downtime drops by exactly 7,200,000 (juki 100 % counted), gov-cloud's attributed rises by
 * the same, DB1 counts 7,200,000 against gov-cloud, and the ledger of every service is unchanged.</li>
 * </ul>
 */
@QuarkusTest
@WithTestResource(MihariInfraResource.class)
class PartiesApiTest {

    static final String JUKI = "kurashiki-juki";
    static final String INCIDENT = "INC-PARTY-0001";
    static boolean seeded;

    @ConfigProperty(name = "mihari.opensearch.url")
    String openSearchUrl;

    final HttpClient http = HttpClient.newHttpClient();

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
            transition(bulk, JUKI, host, "2026-02-28T15:00:00Z", "UP");
        }
        transition(bulk, "kurashiki-hokenfukushi", "krs-fukushi-ap1", "2026-02-28T15:00:00Z", "UP");
        transition(bulk, JUKI, "krs-juki-ap1", "2026-03-05T01:00:00Z", "DOWN");
        transition(bulk, JUKI, "krs-juki-ap1", "2026-03-05T02:00:00Z", "UP");
        transition(bulk, JUKI, "krs-juki-db1", "2026-04-10T01:00:00Z", "DOWN");
        transition(bulk, JUKI, "krs-juki-db1", "2026-04-10T03:00:00Z", "UP");
        send("POST", "/_bulk?refresh=true", bulk.toString());
        attribute("VENDOR");
        seeded = true;
    }

    /** Stores the incident as alert-service does after a SET_ATTRIBUTION. */
    void attribute(String attribution) throws Exception {
        send("PUT", "/mihari-incidents/_doc/" + INCIDENT + "?refresh=true", """
                {"id":"%s","tenant":"kurashiki","system":"juki","serviceId":"kurashiki-juki",
                 "vendor":"fujitsu-japan","kind":"LIVENESS","severity":"CRITICAL","status":"CLOSED","title":"DB1 down",
                 "attribution":"%s","detectedAt":"2026-04-10T01:00:30Z","startedAt":"2026-04-10T01:00:00Z",
                 "openedAt":"2026-04-10T01:01:00Z","mitigatedAt":"2026-04-10T03:00:00Z"}"""
                .formatted(INCIDENT, attribution));
    }

    static void transition(StringBuilder bulk, String service, String host, String at, String to) {
        io.mihari.dashboard.Seed.transition(bulk, "parties|", service, host, at, to);
    }

    void send(String method, String path, String body) throws Exception {
        io.mihari.dashboard.Seed.send(http, openSearchUrl, method, path, body);
    }

    static JsonPath parties(String user, String month) {
        return Login.as(user).when().get("/api/parties?month=" + month).then().statusCode(200).extract().jsonPath();
    }

    /** Σ of every party's share in every service's ledger, per service. */
    static Map<String, Long> ledgerSums(JsonPath p) {
        Map<String, Long> sums = new java.util.TreeMap<>();
        List<Map<String, Object>> ledger = p.getList("ledger");
        for (Map<String, Object> row : ledger) {
            @SuppressWarnings("unchecked")
            Map<String, Number> shares = (Map<String, Number>) row.get("shares");
            long sum = shares.values().stream().mapToLong(Number::longValue).sum();
            assertThat(sum).as("Σ shares of " + row.get("serviceId"))
                    .isEqualTo(((Number) row.get("downtimeMs")).longValue());
            sums.put((String) row.get("serviceId"), sum);
        }
        return sums;
    }

    @Test
    void aVirtualServerDownBehindTheRedundantApGroupIsTheCloudProvidersAndNotTheAppVendors() {
        JsonPath p = parties("admin", "2026-03");
        assertThat(p.getString("month")).isEqualTo("2026-03");
        assertThat(p.getList("parties.id")).containsExactly("fujitsu-japan", "ines", "gov-cloud", "west-net",
                "kurashiki", "takamatsu", "matsuyama");
        assertThat(p.getList("parties.kind")).containsExactly("app-vendor", "app-vendor", "cloud-provider", "carrier",
                "city", "city", "city");
        // the app vendor's service: 100 %, nothing counted
        assertThat(p.getString("parties[0].services[0].serviceId")).isEqualTo(JUKI);
        assertThat(p.getString("parties[0].services[0].contractualAvailabilityPercent")).isEqualTo("100.0");
        assertThat(p.getString("parties[0].services[0].availabilityPercent")).isEqualTo("100.0");
        assertThat(p.getString("parties[0].services[0].status")).isEqualTo("MET");
        Map<String, Object> juki = ledger(p, JUKI);
        assertThat(((Number) juki.get("downtimeMs")).longValue()).isZero();
        assertThat((Map<?, ?>) juki.get("shares")).isEmpty();

        // the cloud provider's kurashiki virtual servers: exactly the hour, on AP1
        assertThat(p.getString("parties[2].name.ja")).isEqualTo("ガバメントクラウド提供事業者");
        assertThat(p.getDouble("parties[2].target")).isEqualTo(99.5);
        assertThat(p.getLong("parties[2].attributedMs")).isZero();
        Map<String, Object> vms = p.getMap("parties[2].components.find { it.tenant == 'kurashiki' && "
                + "it.type == 'virtual-server' }");
        assertThat(vms.get("typeName")).isEqualTo(Map.of("ja", "仮想サーバ", "en", "Virtual servers"));
        assertThat(((Number) vms.get("plannedMs")).longValue()).isEqualTo(10_713_600_000L);
        assertThat(((Number) vms.get("downtimeMs")).longValue()).isEqualTo(3_600_000L);
        assertThat(((Number) vms.get("countedDowntimeMs")).longValue()).isEqualTo(3_600_000L);
        assertThat(vms.get("availabilityPercent").toString()).isEqualTo("99.966");
        assertThat(vms.get("status")).isEqualTo("MET");
        assertThat(vms.get("componentsBelowTarget")).isEqualTo(0);
        assertThat(vms.get("worst")).isEqualTo(Map.of("targetId", "kurashiki/krs-juki-ap1",
                "availabilityPercent", 99.865f));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> items = (List<Map<String, Object>>) vms.get("items");
        assertThat(items).extracting(i -> i.get("targetId")).containsExactly("kurashiki/krs-juki-ap1",
                "kurashiki/krs-juki-ap2", "kurashiki/krs-juki-db1", "kurashiki/krs-fukushi-ap1");
        assertThat(items.get(0)).containsEntry("host", "krs-juki-ap1").containsEntry("role", "AP/WEB")
                .containsEntry("plannedMs", 2_678_400_000L).containsEntry("downtimeMs", 3_600_000)
                .containsEntry("countedDowntimeMs", 3_600_000).containsEntry("availabilityPercent", 99.865f);
        assertThat(items.get(1)).containsEntry("downtimeMs", 0).containsEntry("availabilityPercent", 100.0f);
        // the carrier has no lines in this catalog; the cities answer for nothing here
        assertThat(p.getList("parties[3].components")).isEmpty();
        assertThat(p.getLong("parties[4].attributedMs")).isZero();
    }

    @Test
    void reattributingAnIncidentMovesItsSecondsAndTheSumOverPartiesIsUnchanged() throws Exception {
        try {
            JsonPath before = parties("admin", "2026-04");
            Map<String, Long> sumsBefore = ledgerSums(before);
            assertThat(sumsBefore).containsEntry(JUKI, 7_200_000L);
            assertThat((Map<?, ?>) ledger(before, JUKI).get("shares")).isEqualTo(Map.of("fujitsu-japan", 7_200_000));
            assertThat(before.getString("parties[0].services[0].contractualAvailabilityPercent")).isEqualTo("99.722");
            assertThat(before.getLong("parties[2].attributedMs")).isZero();
            Map<String, Object> db1 = db1(before);
            assertThat(db1).containsEntry("downtimeMs", 7_200_000).containsEntry("countedDowntimeMs", 0);
            long fujitsuBefore = counted(JUKI);
            assertThat(fujitsuBefore).isEqualTo(7_200_000L);

            attribute("CLOUD");

            JsonPath after = parties("admin", "2026-04");
            assertThat(ledgerSums(after)).isEqualTo(sumsBefore);
            assertThat((Map<?, ?>) ledger(after, JUKI).get("shares")).isEqualTo(Map.of("gov-cloud", 7_200_000));
            assertThat(fujitsuBefore - counted(JUKI)).isEqualTo(7_200_000L);
            assertThat(after.getString("parties[0].services[0].contractualAvailabilityPercent")).isEqualTo("100.0");
            assertThat(after.getString("parties[0].services[0].availabilityPercent")).isEqualTo("99.722");
            assertThat(after.getLong("parties[2].attributedMs") - before.getLong("parties[2].attributedMs"))
                    .isEqualTo(7_200_000L);
            assertThat(after.getList("parties[2].attributed")).containsExactly(Map.of("serviceId", JUKI,
                    "incidentId", INCIDENT, "ms", 7_200_000));
            assertThat(db1(after)).containsEntry("downtimeMs", 7_200_000).containsEntry("countedDowntimeMs", 7_200_000);
            // one party's row as its own user reads it
            Login.as("gov-cloud-ops").when().get("/api/parties/gov-cloud?month=2026-04").then().statusCode(200)
                    .body("party.id", equalTo("gov-cloud"))
                    .body("party.attributedMs", equalTo(7_200_000))
                    .body("party.attributed[0].incidentId", equalTo(INCIDENT))
                    // the ledger of the service it now has a share in
                    .body("ledger.serviceId", contains(JUKI))
                    .body("ledger[0].shares.'gov-cloud'", equalTo(7_200_000));
        } finally {
            attribute("VENDOR");
        }
    }

    @Test
    void theCsvHasEachPartysLinesWithAByteOrderMark() {
        byte[] bytes = Login.as("admin").when().get("/api/reports/parties.csv?month=2026-03").then().statusCode(200)
                .header("Content-Type", org.hamcrest.Matchers.startsWith("text/csv")).extract().asByteArray();
        String csv = new String(bytes, StandardCharsets.UTF_8);
        assertThat(csv).startsWith("\uFEFFmonth,party,kind,line,tenant,subject,incident,planned_min,downtime_min,"
                + "counted_downtime_min,availability_percent,status,components_below_target,worst_component\r\n");
        assertThat(csv).contains("2026-03,fujitsu-japan,app-vendor,service,kurashiki,kurashiki-juki,,,,,100.000,MET,,"
                + "\r\n");
        assertThat(csv).contains("2026-03,gov-cloud,cloud-provider,component,kurashiki,virtual-server,,178560.000,"
                + "60.000,60.000,99.966,MET,0,kurashiki/krs-juki-ap1\r\n");
        assertThat(csv).contains("2026-03,gov-cloud,cloud-provider,component-item,kurashiki,kurashiki/krs-juki-ap1,,"
                + "44640.000,60.000,60.000,99.865,MET,,\r\n");
    }

    @Test
    void aPartySeesItsOwnRowAndACitySeesEveryPartysFiguresForItself() {
        Login.as("fujitsu-ops").when().get("/api/parties?month=2026-03").then().statusCode(200)
                .body("parties.id", contains("fujitsu-japan"))
                .body("ledger.serviceId", contains(JUKI));
        Login.as("fujitsu-ops").when().get("/api/parties/gov-cloud?month=2026-03").then().statusCode(404);
        Login.as("fujitsu-ops").when().get("/api/parties/kurashiki?month=2026-03").then().statusCode(404);
        Login.as("gov-cloud-ops").when().get("/api/parties?month=2026-03").then().statusCode(200)
                .body("parties.id", contains("gov-cloud"))
                .body("parties[0].components.tenant", contains("kurashiki"))
                .body("ledger", org.hamcrest.Matchers.empty());
        Login.as("gov-cloud-ops").when().get("/api/parties/fujitsu-japan?month=2026-03").then().statusCode(404);
        Login.as("kurashiki-dx").when().get("/api/parties?month=2026-03").then().statusCode(200)
                .body("parties.id", contains("fujitsu-japan", "ines", "gov-cloud", "west-net", "kurashiki"))
                .body("ledger.serviceId", contains(JUKI, "kurashiki-hokenfukushi"));
        // a city without services sees its cloud provider and carrier with nothing of another city's
        Login.as("matsuyama-op").when().get("/api/parties?month=2026-03").then().statusCode(200)
                .body("parties.id", contains("gov-cloud", "west-net", "matsuyama"))
                .body("parties[0].components", org.hamcrest.Matchers.empty())
                .body("ledger", org.hamcrest.Matchers.empty());
        Login.as("matsuyama-op").when().get("/api/parties/fujitsu-japan?month=2026-03").then().statusCode(404);
        Login.as("admin").when().get("/api/parties?month=2026-3").then().statusCode(400);
    }

    static Map<String, Object> ledger(JsonPath p, String serviceId) {
        return p.getMap("ledger.find { it.serviceId == '" + serviceId + "' }");
    }

    static Map<String, Object> db1(JsonPath p) {
        return p.getMap("parties[2].components.find { it.tenant == 'kurashiki' && it.type == 'virtual-server' }"
                + ".items.find { it.targetId == 'kurashiki/krs-juki-db1' }");
    }

    /** The service's counted downtime as the board reads it. */
    static long counted(String serviceId) {
        return Login.as("admin").when().get("/api/availability/" + serviceId + "?month=2026-04").then().statusCode(200)
                .extract().jsonPath().getLong("availability.contractualDowntimeMs");
    }
}
