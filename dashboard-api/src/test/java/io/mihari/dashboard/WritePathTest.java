package io.mihari.dashboard;

import io.mihari.model.command.Actor;
import io.mihari.model.command.Attribution;
import io.mihari.model.command.Command;
import io.mihari.model.command.CommandType;
import io.mihari.model.command.PostIncidentReport;
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
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The write path is proven for what it produces: every write endpoint is called as a person would, and the record it
 * published on {@code mihari.commands.v1} is read back, its signature verified with the public key alert-service
 * trusts, and every field of the command compared — the id made from the user and the Idempotency-Key, the actor as
 * the login says (never as the body says), the service and incident, the instant, and what was asked.
 */
@QuarkusTest
@WithTestResource(MihariInfraResource.class)
class WritePathTest {

    static final String INCIDENT = "INC-20261102-0007";
    static final Map<String, ConsumerRecord<String, byte[]>> PUBLISHED = new ConcurrentHashMap<>();
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
                    ConsumerConfig.GROUP_ID_CONFIG, "write-path-" + UUID.randomUUID(),
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
        HttpResponse<String> put = http.send(HttpRequest.newBuilder(URI.create(openSearchUrl + "/mihari-incidents/_doc/"
                + INCIDENT + "?refresh=true")).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("""
                        {"id":"INC-20261102-0007","tenant":"kurashiki","system":"juki","serviceId":"kurashiki-juki",
                         "vendor":"fujitsu-japan","kind":"CHECK","severity":"MAJOR","status":"OPEN",
                         "title":"check failing on kurashiki/krs-juki-ap1","affectedTargets":["kurashiki/krs-juki-ap1"],
                         "detectedAt":"2026-11-02T01:00:00Z","startedAt":"2026-11-02T01:00:00Z",
                         "openedAt":"2026-11-02T01:00:30Z"}""")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(put.statusCode()).as(put.body()).isBetween(200, 201);
        seeded = true;
    }

    @AfterAll
    static void close() {
        if (reader != null) {
            reader.close();
            reader = null;
        }
    }

    /** The command published under this id, verified with the trusted key (fails if it is not signed so). */
    static Command published(String commandId) {
        ConsumerRecord<String, byte[]> record = await().atMost(Duration.ofSeconds(30)).until(() -> {
            for (ConsumerRecord<String, byte[]> r : reader.poll(Duration.ofMillis(200))) {
                PUBLISHED.put(TestCommands.verify(r.value()).commandId(), r);
            }
            return PUBLISHED.get(commandId);
        }, r -> r != null);
        Command command = TestCommands.verify(record.value());
        assertThat(record.key()).as("keyed by service").isEqualTo(command.serviceId());
        return command;
    }

    static String expectedId(String user, String key) throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest((user + "\n" + key).getBytes(StandardCharsets.UTF_8));
        return "u-" + HexFormat.of().formatHex(digest, 0, 16);
    }

    /** Calls a write as {@code user} with a fresh Idempotency-Key; checks the answer and the command's common part. */
    static Command write(String user, Actor actor, String method, String path, Object body, CommandType type)
            throws Exception {
        String key = "k-" + UUID.randomUUID();
        Instant before = Instant.now();
        String id = Login.as(user).header("Idempotency-Key", key).contentType("application/json").body(body).when()
                .request(method, path).then().statusCode(202).extract().path("commandId");
        Instant after = Instant.now();
        assertThat(id).as("made from the user and the key").isEqualTo(expectedId(user, key));
        Command c = published(id);
        assertThat(c.type()).isEqualTo(type);
        assertThat(c.actor()).as("the actor is the login, not anything the body says").isEqualTo(actor);
        assertThat(c.issuedAt()).isBetween(before.minusMillis(1), after.plusMillis(1));
        return c;
    }

    static final Actor FUJITSU = new Actor("fujitsu-ops", "vendor", "fujitsu-japan", "富士通 運用");
    static final Actor KURASHIKI = new Actor("kurashiki-dx", "operator", "kurashiki", "倉敷市 DX");

    @Test
    void everyIncidentWritePublishesExactlyTheSignedCommandItWasAsked() throws Exception {
        String base = "/api/incidents/" + INCIDENT;

        // who acts is the login's, never the body's: a body that says otherwise is refused, naming the field
        Login.as("fujitsu-ops").contentType("application/json").body(Map.of("message", "AP1 を再起動中です",
                "actor", Map.of("userId", "admin", "role", "admin"))).when().post(base + "/updates").then()
                .statusCode(400).contentType("application/problem+json")
                .body("detail", org.hamcrest.Matchers.containsString("actor"));
        Command update = write("fujitsu-ops", FUJITSU, "POST", base + "/updates", Map.of("message", "AP1 を再起動中です"),
                CommandType.POST_UPDATE);
        assertThat(update.serviceId()).isEqualTo("kurashiki-juki");
        assertThat(update.incidentId()).isEqualTo(INCIDENT);
        assertThat(update.message()).isEqualTo("AP1 を再起動中です");
        assertThat(java.util.Arrays.asList(update.at(), update.attribution(), update.report(), update.window(), update.windowId(),
                update.monthReport())).containsOnlyNulls();

        Command mitigated = write("fujitsu-ops", FUJITSU, "POST", base + "/mitigate",
                Map.of("at", "2026-11-02T02:00:00Z", "note", "暫定対処済み"), CommandType.MARK_MITIGATED);
        assertThat(mitigated.at()).isEqualTo(Instant.parse("2026-11-02T02:00:00Z"));
        assertThat(mitigated.message()).isEqualTo("暫定対処済み");

        Command ack = write("fujitsu-ops", FUJITSU, "POST", base + "/acknowledge", Map.of("note", "対応中"),
                CommandType.ACKNOWLEDGE);
        assertThat(ack.message()).isEqualTo("対応中");

        Command report = write("fujitsu-ops", FUJITSU, "POST", base + "/report", Map.of("timeline", "10:00 検知",
                "cause", "接続プールの枯渇", "firstResponse", "再起動", "countermeasures", "上限の見直し"),
                CommandType.SUBMIT_REPORT);
        assertThat(report.report()).isEqualTo(new PostIncidentReport("10:00 検知", "接続プールの枯渇", "再起動",
                "上限の見直し"));

        Command attribution = write("kurashiki-dx", KURASHIKI, "PUT", base + "/attribution",
                Map.of("attribution", "CLOUD", "note", "AZ 障害"), CommandType.SET_ATTRIBUTION);
        assertThat(attribution.attribution()).isEqualTo(Attribution.CLOUD);
        assertThat(attribution.message()).isEqualTo("AZ 障害");

        Command resolved = write("kurashiki-dx", KURASHIKI, "POST", base + "/resolve", Map.of("note", "恒久対策済み"),
                CommandType.MARK_RESOLVED);
        assertThat(resolved.message()).isEqualTo("恒久対策済み");
    }

    @Test
    void theSameKeyIsOneCommandForOneUserAndAnotherForAnotherUserOrForMihari() throws Exception {
        String key = "freeze-kurashiki-juki-2026-10";
        String base = "/api/incidents/" + INCIDENT + "/acknowledge";
        String first = Login.as("fujitsu-ops").header("Idempotency-Key", key).contentType("application/json")
                .body(Map.of()).when().post(base).then().statusCode(202).extract().path("commandId");
        String again = Login.as("fujitsu-ops").header("Idempotency-Key", key).contentType("application/json")
                .body(Map.of()).when().post(base).then().statusCode(202).extract().path("commandId");
        String other = Login.as("kurashiki-dx").header("Idempotency-Key", key).contentType("application/json")
                .body(Map.of()).when().post(base).then().statusCode(202).extract().path("commandId");

        assertThat(again).as("a retried request is the same command").isEqualTo(first);
        assertThat(other).as("another user's same key is another command").isNotEqualTo(first);
        assertThat(List.of(first, other)).allSatisfy(id -> assertThat(id).startsWith("u-")
                .doesNotStartWith("sys-").doesNotContain("freeze"));
    }

    @Test
    void aWriteOnAnotherVendorsOrCitysIncidentWithAValidBodyIsRefused() {
        String base = "/api/incidents/" + INCIDENT;
        for (String user : List.of("ines-ops", "takamatsu-ops")) {
            Login.as(user).contentType("application/json").body(Map.of("message", "valid update")).when()
                    .post(base + "/updates").then().statusCode(404).contentType("application/problem+json");
            Login.as(user).contentType("application/json").body(Map.of("attribution", "CLOUD")).when()
                    .put(base + "/attribution").then().statusCode(org.hamcrest.Matchers.isOneOf(403, 404));
        }
        Login.as("fujitsu-ops").contentType("application/json").body(Map.of("attribution", "CITY")).when()
                .put(base + "/attribution").then().statusCode(403).contentType("application/problem+json")
                .body("detail", org.hamcrest.Matchers.containsString("never by the vendor"));
    }
}
