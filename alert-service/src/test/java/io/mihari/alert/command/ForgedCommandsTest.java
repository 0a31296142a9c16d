package io.mihari.alert.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.mihari.alert.testing.Stack;
import io.mihari.model.availability.Availability;
import io.mihari.model.availability.AvailabilityCalculator;
import io.mihari.model.availability.TargetTransition;
import io.mihari.model.catalog.CatalogLoader;
import io.mihari.model.catalog.Service;
import io.mihari.model.command.Actor;
import io.mihari.model.command.Attribution;
import io.mihari.model.command.Command;
import io.mihari.model.command.CommandCodec;
import io.mihari.model.command.CommandType;
import io.mihari.model.command.PostIncidentReport;
import io.mihari.model.event.Topics;
import io.mihari.model.maintenance.MaintenanceWindow;
import io.mihari.testsupport.MihariInfraResource;
import io.mihari.testsupport.TestCommands;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Anything that can write to {@code mihari.commands.v1} is no longer believed: every command type is sent straight to
 * Kafka unsigned, signed with a key alert-service does not trust (under the trusted key's id, and under another),
 * signed and then altered (the actor made an administrator), and with the "none" or an HMAC algorithm — each is
 * dead-lettered with its reason, and nothing is applied or even recorded under its id (a forged record must not be
 * able to take a real command's id). A properly signed command whose actor may not do what it asks (a vendor setting
 * attribution, approving maintenance, freezing a month) is rejected by alert-service's own permission check.
 */
@QuarkusTest
@WithTestResource(MihariInfraResource.class)
class ForgedCommandsTest {

    static final Duration WAIT = Duration.ofSeconds(60);
    static final String SERVICE = "kurashiki-juki";
    static final Actor ADMIN = new Actor("root", "admin", null, "自称管理者");
    static final Actor VENDOR = new Actor("suzuki", "vendor", "fujitsu-japan", "鈴木 (富士通)");
    static final Actor OPERATOR = new Actor("sato", "operator", "kurashiki", "佐藤 (倉敷市)");
    static Stack.DeadLetterReader dead;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "mihari.opensearch.url")
    String openSearchUrl;

    Stack stack;
    KafkaProducer<String, byte[]> producer;

    @BeforeEach
    void clients() {
        stack = new Stack(bootstrapServers, openSearchUrl);
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer());
        if (dead == null) {
            dead = new Stack.DeadLetterReader(stack, Topics.COMMANDS_DLQ, Topics.COMMANDS);
        }
    }

    @AfterAll
    static void close() {
        if (dead != null) {
            dead.close();
            dead = null;
        }
    }

    /** One command of every type, as valid as can be, on Kurashiki's 住記 service. */
    static List<Command> everyType(Actor actor) throws Exception {
        Service service;
        try (InputStream in = ForgedCommandsTest.class.getResourceAsStream("/test-catalog.yaml")) {
            service = CatalogLoader.load(in, "test-catalog.yaml").service(SERVICE).orElseThrow();
        }
        Availability october = AvailabilityCalculator.compute(service, YearMonth.of(2026, 10), Instant.now(),
                List.of(new TargetTransition("kurashiki/krs-juki-db1", Instant.parse("2026-09-01T00:00:00Z"), "UP",
                        "TEST")), List.of(), List.of(), List.of());
        Instant now = Instant.now();
        List<Command> all = new ArrayList<>();
        for (CommandType type : CommandType.values()) {
            String id = "u-forged-" + UUID.randomUUID();
            String incident = type.onIncident() ? "INC-20261101-0001" : null;
            all.add(switch (type) {
                case POST_UPDATE -> new Command(id, type, SERVICE, incident, actor, now, "全面復旧しました", null, null, null,
                        null, null);
                case SET_ATTRIBUTION -> new Command(id, type, SERVICE, incident, actor, now, null, null,
                        Attribution.CLOUD, null, null, null);
                case SUBMIT_REPORT -> new Command(id, type, SERVICE, incident, actor, now, null, null, null,
                        new PostIncidentReport(null, "不明", "なし", "なし"), null, null);
                case CREATE_MAINTENANCE -> new Command(id, type, SERVICE, null, actor, now, null, null, null, null,
                        new MaintenanceWindow("mw-forged-" + UUID.randomUUID(), SERVICE, List.of(), "全期間メンテナンス",
                                Instant.parse("2000-01-01T00:00:00Z"), Instant.parse("2000-01-31T00:00:00Z"), null, null,
                                null, null, null), null);
                case CANCEL_MAINTENANCE, APPROVE_MAINTENANCE, REJECT_MAINTENANCE -> new Command(id, type, SERVICE, null,
                        actor, now, null, null, null, null, null, "mw-any");
                case FREEZE_MONTH -> new Command(id, type, SERVICE, null, actor, now, "自社に有利な訂正", null, null, null,
                        null, null, october);
                default -> new Command(id, type, SERVICE, incident, actor, now, null, null, null, null, null, null);
            });
        }
        return all;
    }

    RecordMetadata send(Command command, byte[] value) throws Exception {
        return producer.send(new ProducerRecord<>(Topics.COMMANDS, command.serviceId(), value)).get();
    }

    static ConsumerRecord<String, byte[]> deadLetterOf(RecordMetadata m) {
        return dead.of(m, WAIT);
    }

    /** The JWS with its payload replaced (the signature left as it was). */
    static String withPayload(String jws, byte[] payload) {
        String[] parts = jws.split("\\.");
        return parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(payload) + "." + parts[2];
    }

    static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void everyCommandTypeSentStraightToKafkaWithoutAValidSignatureIsDeadLetteredAndNothingIsRecorded()
            throws Exception {
        Map<String, RecordMetadata> sent = new LinkedHashMap<>();
        Map<String, String> expectedCode = new LinkedHashMap<>();
        List<String> forgedIds = new ArrayList<>();
        for (Command c : everyType(ADMIN)) {
            byte[] json = CommandCodec.encode(c);
            String name = c.type().name();
            forgedIds.add(c.commandId());
            sent.put(name + " unsigned", send(c, json));
            expectedCode.put(name + " unsigned", "UNSIGNED_COMMAND");
            sent.put(name + " untrusted key, trusted kid", send(c, TestCommands.sign(json,
                    TestCommands.otherKey(TestCommands.keyId())).getBytes(StandardCharsets.US_ASCII)));
            expectedCode.put(name + " untrusted key, trusted kid", "BAD_SIGNATURE");
            sent.put(name + " untrusted key", send(c, TestCommands.sign(json, TestCommands.otherKey("attacker-1"))
                    .getBytes(StandardCharsets.US_ASCII)));
            expectedCode.put(name + " untrusted key", "BAD_SIGNATURE");
            // a vendor's command, properly signed, whose actor is then made an administrator
            Command asVendor = new Command(c.commandId(), c.type(), c.serviceId(), c.incidentId(), VENDOR, c.issuedAt(),
                    c.message(), c.at(), c.attribution(), c.report(), c.window(), c.windowId(), c.monthReport());
            String signed = TestCommands.sign(CommandCodec.encode(asVendor));
            sent.put(name + " actor forged after signing", send(c, withPayload(signed, json)
                    .getBytes(StandardCharsets.US_ASCII)));
            expectedCode.put(name + " actor forged after signing", "BAD_SIGNATURE");
            sent.put(name + " alg none", send(c, (b64("{\"alg\":\"none\",\"typ\":\"mihari-command+jws\",\"kid\":\""
                    + TestCommands.keyId() + "\"}") + "." + Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(json) + ".").getBytes(StandardCharsets.US_ASCII)));
            expectedCode.put(name + " alg none", "BAD_SIGNATURE");
            sent.put(name + " alg HS256", send(c, (b64("{\"alg\":\"HS256\",\"typ\":\"mihari-command+jws\",\"kid\":\""
                    + TestCommands.keyId() + "\"}") + "." + Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(json) + ".c2lnbmF0dXJl").getBytes(StandardCharsets.US_ASCII)));
            expectedCode.put(name + " alg HS256", "BAD_SIGNATURE");
        }

        Map<String, String> found = new LinkedHashMap<>();
        sent.forEach((name, m) -> found.put(name, Stack.header(deadLetterOf(m), Topics.DeadLetterHeaders.CODE)));
        assertThat(found).isEqualTo(expectedCode);
        for (String id : forgedIds) {
            JsonNode outcome = stack.get("/mihari-commands/_doc/" + id);
            assertThat(outcome.path("found").asBoolean()).as("nothing recorded under forged id " + id).isFalse();
        }
        assertThat(stack.count("mihari-maintenance", "title:全期間メンテナンス")).isZero();
        assertThat(stack.count("mihari-reports", "reason:自社に有利な訂正")).isZero();
    }

    @Test
    void aSignedCommandWhoseActorMayNotDoItIsRejectedByAlertServicesOwnCheck() throws Exception {
        Map<String, Command> refused = new LinkedHashMap<>();
        for (Command c : everyType(VENDOR)) {
            if (List.of(CommandType.SET_ATTRIBUTION, CommandType.APPROVE_MAINTENANCE, CommandType.REJECT_MAINTENANCE,
                    CommandType.FREEZE_MONTH).contains(c.type())) {
                refused.put("vendor " + c.type(), c);
            }
        }
        Command foreignVendor = everyType(new Actor("tanaka", "vendor", "ines", "田中 (INES)")).get(0);
        refused.put("another vendor's POST_UPDATE", foreignVendor);
        Command operatorFreeze = everyType(OPERATOR).stream().filter(c -> c.type() == CommandType.FREEZE_MONTH)
                .findFirst().orElseThrow();
        refused.put("operator FREEZE_MONTH", operatorFreeze);
        Command systemUpdate = everyType(Actor.MIHARI).get(0);
        refused.put("Mihari's POST_UPDATE", systemUpdate);
        for (Command c : refused.values()) {
            producer.send(TestCommands.record(c)).get();
        }

        for (Map.Entry<String, Command> e : refused.entrySet()) {
            String id = e.getValue().commandId();
            JsonNode outcome = await().atMost(WAIT).until(() -> stack.get("/mihari-commands/_doc/" + id),
                    o -> o.path("found").asBoolean());
            assertThat(outcome.path("_source").path("outcome").asText()).as(e.getKey()).isEqualTo("REJECTED");
            assertThat(outcome.path("_source").path("reason").asText()).as(e.getKey()).startsWith("actor.");
        }
        assertThat(stack.count("mihari-reports", "reason:自社に有利な訂正")).isZero();
    }
}
