package io.mihari.dashboard;

import io.mihari.model.command.Command;
import io.mihari.model.event.Topics;
import io.mihari.model.index.IndexTemplates;
import io.mihari.testsupport.MihariInfraResource;
import io.mihari.testsupport.TestCommands;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
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
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.startsWith;

/**
 * Report clocks per party (issue 19) on dashboard-api: a party's user sees the incidents it was ever responsible for
 * ({@code partyIds}, filtered inside the OpenSearch query) besides its own services', may post on the one it is
 * responsible for, and a city's operator records a report on the party's behalf ({@code reportedAt}); a vendor may
 * not. The test users have no cloud provider, so INES stands in as the party an incident of Fujitsu Japan's
 * kurashiki-juki was moved to.
 */
@QuarkusTest
@WithTestResource(MihariInfraResource.class)
class PartyIncidentsTest {

    static final String MOVED = "INC-20261103-0001";
    static final String NOT_MOVED = "INC-20261103-0002";
    static final Map<String, Command> PUBLISHED = new ConcurrentHashMap<>();
    static KafkaConsumer<String, byte[]> reader;
    static boolean seeded;

    @ConfigProperty(name = "mihari.opensearch.url")
    String openSearchUrl;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @BeforeEach
    void seed() throws Exception {
        if (reader == null) {
            reader = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                    ConsumerConfig.GROUP_ID_CONFIG, "party-incidents-" + UUID.randomUUID(),
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                    new StringDeserializer(), new ByteArrayDeserializer());
            reader.subscribe(List.of(Topics.COMMANDS));
        }
        if (seeded) {
            return;
        }
        HttpClient http = HttpClient.newHttpClient();
        for (IndexTemplates.Template template : IndexTemplates.ALL) {
            http.send(HttpRequest.newBuilder(URI.create(openSearchUrl + "/_index_template/" + template.name()))
                    .header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString(template.json())).build(),
                    HttpResponse.BodyHandlers.discarding());
        }
        put(http, MOVED, """
                {"id":"INC-20261103-0001","tenant":"kurashiki","system":"juki","serviceId":"kurashiki-juki",
                 "vendor":"fujitsu-japan","kind":"LIVENESS","severity":"MAJOR","status":"OPEN","title":"ap1 down",
                 "detectedAt":"2026-11-03T00:00:00Z","startedAt":"2026-11-03T00:00:00Z",
                 "openedAt":"2026-11-03T00:00:30Z","attribution":"CLOUD",
                 "responsibleParty":{"id":"ines","kind":"APP_VENDOR","since":"2026-11-03T00:20:00Z"},
                 "responsibility":[
                   {"party":"fujitsu-japan","kind":"APP_VENDOR","attribution":"VENDOR",
                    "from":"2026-11-03T00:00:30Z","to":"2026-11-03T00:20:00Z"},
                   {"party":"ines","kind":"APP_VENDOR","attribution":"CLOUD","from":"2026-11-03T00:20:00Z"}],
                 "partyIds":["fujitsu-japan","ines"]}""");
        put(http, NOT_MOVED, """
                {"id":"INC-20261103-0002","tenant":"kurashiki","system":"juki","serviceId":"kurashiki-juki",
                 "vendor":"fujitsu-japan","kind":"LIVENESS","severity":"MAJOR","status":"OPEN","title":"ap2 down",
                 "detectedAt":"2026-11-03T01:00:00Z","startedAt":"2026-11-03T01:00:00Z",
                 "openedAt":"2026-11-03T01:00:30Z",
                 "responsibleParty":{"id":"fujitsu-japan","kind":"APP_VENDOR","since":"2026-11-03T01:00:30Z"},
                 "partyIds":["fujitsu-japan"]}""");
        seeded = true;
    }

    private void put(HttpClient http, String id, String json) throws Exception {
        HttpResponse<String> put = http.send(HttpRequest.newBuilder(URI.create(openSearchUrl + "/mihari-incidents/_doc/"
                + id + "?refresh=true")).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(put.statusCode()).as(put.body()).isBetween(200, 201);
    }

    @AfterAll
    static void close() {
        if (reader != null) {
            reader.close();
            reader = null;
        }
    }

    static Command published(String commandId) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> {
            for (ConsumerRecord<String, byte[]> r : reader.poll(Duration.ofMillis(200))) {
                Command c = TestCommands.verify(r.value());
                PUBLISHED.put(c.commandId(), c);
            }
            return PUBLISHED.get(commandId);
        }, c -> c != null);
    }

    @Test
    void aPartySeesTheIncidentsItWasResponsibleForInsideTheQuery() {
        List<String> ids = Login.as("ines-ops").queryParam("service", "kurashiki-juki").when().get("/api/incidents")
                .then().statusCode(200).extract().path("items.id");
        assertThat(ids).containsExactly(MOVED);

        Login.as("ines-ops").when().get("/api/incidents/" + MOVED).then().statusCode(200);
        Login.as("ines-ops").when().get("/api/incidents/" + NOT_MOVED).then().statusCode(404);
        List<String> fujitsu = Login.as("fujitsu-ops").queryParam("service", "kurashiki-juki")
                .queryParam("from", "2026-11-03T00:00:00Z").queryParam("to", "2026-11-04T00:00:00Z")
                .when().get("/api/incidents").then().statusCode(200).extract().path("items.id");
        assertThat(fujitsu).as("its own service's incidents, moved or not").containsExactlyInAnyOrder(MOVED, NOT_MOVED);
    }

    @Test
    void theResponsiblePartyPostsAndAnotherPartyCannotEvenSeeTheIncident() {
        String id = Login.as("ines-ops").contentType("application/json").body(Map.of("message", "EBS を交換中"))
                .when().post("/api/incidents/" + MOVED + "/updates").then().statusCode(202).extract().path("commandId");
        Command c = published(id);
        assertThat(c.actor().organisation()).isEqualTo("ines");
        assertThat(c.serviceId()).isEqualTo("kurashiki-juki");
        assertThat(c.reportedAt()).isNull();

        Login.as("ines-ops").contentType("application/json").body(Map.of("message", "x"))
                .when().post("/api/incidents/" + NOT_MOVED + "/updates").then().statusCode(404);
    }

    @Test
    void theCityRecordsAReportOnThePartysBehalfWithTheInstantItReported() {
        String id = Login.as("kurashiki-dx").contentType("application/json")
                .body(Map.of("message", "電話で報告あり", "reportedAt", "2026-11-03T10:15:00+09:00"))
                .when().post("/api/incidents/" + MOVED + "/updates").then().statusCode(202).extract().path("commandId");
        assertThat(published(id).reportedAt()).isEqualTo(Instant.parse("2026-11-03T01:15:00Z"));
    }

    @Test
    void aMalformedOrImpossibleReportedAtIsABadRequestAndAVendorMayNotUseIt() {
        Login.as("kurashiki-dx").contentType("application/json")
                .body(Map.of("message", "m", "reportedAt", "yesterday"))
                .when().post("/api/incidents/" + MOVED + "/updates").then().statusCode(400)
                .contentType("application/problem+json").body("detail", startsWith("reportedAt: an ISO-8601 instant"));
        Login.as("kurashiki-dx").contentType("application/json")
                .body(Map.of("message", "m", "reportedAt", "2026-11-02T00:00:00Z"))
                .when().post("/api/incidents/" + MOVED + "/updates").then().statusCode(400)
                .body("detail", startsWith("reportedAt: 2026-11-02T00:00:00Z is before the incident started"));
        Login.as("ines-ops").contentType("application/json")
                .body(Map.of("message", "m", "reportedAt", "2026-11-03T01:00:00Z"))
                .when().post("/api/incidents/" + MOVED + "/updates").then().statusCode(403)
                .contentType("application/problem+json").body("detail", startsWith("reportedAt: a vendor reports"));
    }
}
