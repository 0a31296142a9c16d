package io.mihari.alert.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mihari.model.event.Event;
import io.mihari.alert.testing.TestClock;
import io.mihari.model.event.EventCodec;
import io.mihari.model.event.EventType;
import io.mihari.model.event.Heartbeat;
import io.mihari.model.event.Samples;
import io.mihari.model.event.Topics;
import io.mihari.testsupport.MihariInfra;
import io.mihari.testsupport.MihariInfraResource;
import io.mihari.testsupport.ReceivedMail;
import io.mihari.testsupport.Retryable;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** alert-service against the real Kafka, OpenSearch and SMTP server. */
@QuarkusTest
@WithTestResource(MihariInfraResource.class)
class AlertServiceIntegrationTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    /** The service's own ObjectMapper (Quarkus'). */
    @jakarta.inject.Inject
    ObjectMapper serviceJson;

    @ConfigProperty(name = "mihari.opensearch.url")
    String openSearchUrl;

    KafkaProducer<String, byte[]> producer;
    final HttpClient http = HttpClient.newHttpClient();
    long seq;

    @BeforeEach
    void producer() {
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer());
    }

    @AfterEach
    void close() {
        producer.close();
    }

    Event heartbeat(String tenant, String host) {
        return new Event(UUID.randomUUID().toString(), 1, EventType.HEARTBEAT, TestClock.CLOCK.instant(), tenant, "juki", host,
                "agent-" + host, ++seq, new Heartbeat(1, "test"));
    }

    void send(String key, byte[] value) throws Exception {
        producer.send(new ProducerRecord<>(Topics.eventsOf(key), key, value)).get();
    }

    void send(Event event) throws Exception {
        send(event.targetId(), EventCodec.encode(event));
    }

    /** GET on OpenSearch; a failed request is an AssertionError, so a wait tries it again. */
    JsonNode get(String path) {
        return Retryable.io(() -> JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(openSearchUrl + path))
                .build(), HttpResponse.BodyHandlers.ofString()).body()));
    }

    long count(String query) throws Exception {
        return get("/mihari-events-*/_count?q=" + query).path("count").asLong();
    }

    @Test
    void replayedEventIsStoredOnce() throws Exception {
        Event event = heartbeat("kurashiki", "replay-host");

        send(event);
        send(event);
        send(heartbeat("kurashiki", "replay-host"));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(count("host:replay-host")).isEqualTo(2));
        JsonNode doc = get("/mihari-events-*/_search?q=eventId:" + event.eventId()).path("hits").path("hits").get(0);
        assertThat(doc.path("_id").asText()).isEqualTo(event.eventId());
        assertThat(doc.path("_source").path("registered").asBoolean()).isFalse();
        assertThat(doc.path("_source").path("heartbeat").path("intervalSeconds").asInt()).isEqualTo(1);
    }

    @Test
    void everyEventTypeIsStoredUnderItsStrictMapping() throws Exception {
        List<Event> events = new ArrayList<>();
        for (EventType type : EventType.values()) {
            Event sample = Samples.event(type);
            Event event = new Event(UUID.randomUUID().toString(), 1, type, TestClock.CLOCK.instant(), "kurashiki", "juki",
                    "all-types", "agent-all-types", ++seq, sample.payload());
            events.add(event);
            send(event);
        }

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(count("host:all-types")).isEqualTo(EventType.values().length));
        JsonNode batch = get("/mihari-events-*/_search?q=type:BATCH_RUN%20AND%20host:all-types").path("hits").path("hits")
                .get(0).path("_source").path("batch");
        assertThat(batch.path("exitCode").asInt()).isEqualTo(137);
        assertThat(batch.path("state").asText()).isEqualTo("FAILED");
        JsonNode disks = get("/mihari-events-*/_search?q=type:RESOURCE_SAMPLE%20AND%20host:all-types").path("hits")
                .path("hits").get(0).path("_source").path("resources").path("disks");
        assertThat(disks).hasSize(2);

        // Ingest writes documents field by field: each stored source is what data binding of EventDocument with the
        // service's own ObjectMapper gives (receipt, registration and service as stored)
        for (Event event : events) {
            JsonNode source = get("/mihari-events-*/_search?q=eventId:" + event.eventId()).path("hits").path("hits")
                    .path(0).path("_source");
            EventDocument expected = EventDocument.of(event, Instant.parse(source.path("receivedAt").asText()),
                    source.path("registered").asBoolean(), source.path("serviceId").textValue());
            assertThat(source).as(event.type().name()).isEqualTo(JSON.readTree(serviceJson.writeValueAsBytes(expected)));
        }
    }

    @Test
    void poisonMessageGoesToTheDeadLetterTopicWithItsReasonAndTheNextEventIsStored() throws Exception {
        byte[] poison = "{\"type\":\"HEARTBEAT\",\"eventId\":\"broken\"}".getBytes(StandardCharsets.UTF_8);
        Event next = heartbeat("kurashiki", "after-poison");

        send("kurashiki/poison", poison);
        send(next);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(count("eventId:" + next.eventId())).isEqualTo(1));
        List<ConsumerRecord<String, byte[]>> dead = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "dlq-reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.EVENTS_DLQ));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(dead::add);
                return dead.stream().anyMatch(r -> "kurashiki/poison".equals(r.key()));
            });
        }
        ConsumerRecord<String, byte[]> record = dead.stream().filter(r -> "kurashiki/poison".equals(r.key()))
                .findFirst().orElseThrow();
        assertThat(record.value()).isEqualTo(poison);
        assertThat(header(record, Topics.DeadLetterHeaders.REASON)).isEqualTo("INVALID_EVENT: schemaVersion is missing");
        assertThat(header(record, Topics.DeadLetterHeaders.CODE)).isEqualTo("INVALID_EVENT");
        assertThat(header(record, Topics.DeadLetterHeaders.TOPIC)).isEqualTo(Topics.events("kurashiki"));
        assertThat(header(record, Topics.DeadLetterHeaders.OFFSET)).matches("\\d+");
    }

    @Test
    void silentTargetBecomesDownOpensAnIncidentAndTheFirstReportIsMailed() throws Exception {
        for (int i = 0; i < 3; i++) {
            send(heartbeat("kurashiki", "krs-juki-db1"));
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(get("/mihari-targets/_doc/kurashiki%2Fkrs-juki-db1").path("_source").path("status").asText())
                        .isEqualTo("UP"));

        // no more heartbeats: DOWN after 3 missed 1 s intervals, incident after the 1 s grouping wait
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(get("/mihari-targets/_doc/kurashiki%2Fkrs-juki-db1").path("_source").path("status").asText())
                        .isEqualTo("DOWN"));
        // other tests of this module raise incidents of other servers: pick this server's first report
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(MihariInfra.mail().messages().stream()
                .filter(m -> m.subject().contains("初報") && m.subject().contains("krs-juki-db1")).toList())
                .isNotEmpty());

        ReceivedMail ja = MihariInfra.mail().messages().stream()
                .filter(m -> m.subject().contains("初報") && m.subject().contains("krs-juki-db1"))
                .findFirst().orElseThrow();
        assertThat(ja.subject()).matches("\\[Mihari]\\[倉敷市/住記系]\\[INC-\\d{8}-\\d{4}] 初報: .*krs-juki-db1.*");
        assertThat(ja.to()).containsExactly("dx@kurashiki.example");
        assertThat(ja.text()).contains("障害番号", "kurashiki/krs-juki-db1", "初報期限", "死活監視で応答なし");
        assertThat(ja.html()).contains("<table");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(MihariInfra.mail().messages())
                .anySatisfy(m -> assertThat(m.subject()).startsWith("[Mihari][Kurashiki/Resident records][INC-")
                        .contains("First report:", "krs-juki-db1")));

        String incidentId = ja.subject().replaceAll(".*\\[(INC-[0-9-]+)].*", "$1");
        // the first report is the root of the incident's mail thread
        assertThat(ja.headers()).containsEntry("Message-ID", "<" + incidentId + ".ja@mihari>");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode incident = get("/mihari-incidents/_doc/" + incidentId).path("_source");
            assertThat(incident.path("status").asText()).isEqualTo("OPEN");
            assertThat(incident.path("affectedTargets").path(0).asText()).isEqualTo("kurashiki/krs-juki-db1");
            assertThat(incident.path("sla").path("firstReport").path("sentAt").isTextual()).isTrue();
        });
        // searched, so visible only after the index's next refresh
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                get("/mihari-status/_search?q=targetId:%22kurashiki/krs-juki-db1%22&sort=detectedAt:asc")
                        .path("hits").path("hits"))
                .extracting(h -> h.path("_source").path("to").asText()).containsExactly("UP", "DOWN"));

        // every change of the incident is published, in order, keyed by its id
        List<JsonNode> published = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "incidents-reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.INCIDENTS));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (incidentId.equals(r.key())) {
                        published.add(JSON.readTree(r.value()));
                    }
                }
                return published.stream().anyMatch(i -> i.path("sla").path("firstReport").path("sentAt").isTextual());
            });
        }
        assertThat(published).extracting(i -> i.path("revision").asLong()).isSorted().doesNotHaveDuplicates();
        assertThat(published.get(0).path("status").asText()).isEqualTo("OPEN");
        assertThat(published.get(0).path("revision").asLong()).isEqualTo(1);
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
