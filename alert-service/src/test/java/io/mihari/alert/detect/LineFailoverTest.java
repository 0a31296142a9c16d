package io.mihari.alert.detect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mihari.alert.testing.TestClock;
import io.mihari.model.event.CheckResult;
import io.mihari.model.event.Event;
import io.mihari.model.event.EventCodec;
import io.mihari.model.event.EventType;
import io.mihari.model.event.Heartbeat;
import io.mihari.model.event.Payload;
import io.mihari.model.event.Topics;
import io.mihari.testsupport.MihariInfraResource;
import io.mihari.testsupport.Retryable;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A city hall's line A failing while line B is up, against the real Kafka and OpenSearch: the pair's service stays up
 * (DEGRADED), and its incident has the failover problem 回線A障害: 回線Bへ切替 from the instant line A went down until
 * it is up again (service {@code rules-lines} of the test catalog).
 */
@QuarkusTest
@WithTestResource(MihariInfraResource.class)
class LineFailoverTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Duration WAIT = Duration.ofSeconds(30);
    static final String SERVICE = "rules-lines";
    static final String FAILOVER = "kurashiki/rl-line-a|LINE_FAILOVER";

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "mihari.opensearch.url")
    String openSearchUrl;

    final HttpClient http = HttpClient.newHttpClient();
    long seq;

    @Test
    void lineADownWhileLineBIsUpIsAFailoverProblemOfTheLinesServiceWhichStaysUp() throws Exception {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers, ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new ByteArraySerializer())) {
            send(producer, "rl-line-a", EventType.HEARTBEAT, new Heartbeat(3600, "test"));
            send(producer, "rl-line-b", EventType.HEARTBEAT, new Heartbeat(3600, "test"));
            await().atMost(WAIT).untilAsserted(() -> {
                assertThat(targetStatus("rl-line-a")).isEqualTo("UP");
                assertThat(targetStatus("rl-line-b")).isEqualTo("UP");
            });

            Instant firstFailure = send(producer, "rl-line-a", EventType.CHECK_RESULT, check(false));
            send(producer, "rl-line-a", EventType.CHECK_RESULT, check(false));
            await().atMost(WAIT).untilAsserted(() -> {
                JsonNode incident = onlyIncident();
                assertThat(incident.path("activeAlerts").toString()).contains(FAILOVER);
                assertThat(incident.path("titleJa").asText()).contains("回線A障害: 回線Bへ切替（kurashiki/rl-line-a）");
                assertThat(incident.path("titleEn").asText())
                        .contains("Line A failed: traffic on line B (kurashiki/rl-line-a)");
                assertThat(Retryable.instant(incident.path("startedAt"))).isEqualTo(firstFailure);
                assertThat(incident.path("severity").asText()).as("the service is up: not CRITICAL")
                        .isNotEqualTo("CRITICAL");
            });
            await().atMost(WAIT).untilAsserted(() -> assertThat(serviceTransitions())
                    .endsWith("DEGRADED@" + firstFailure));

            Instant firstPass = send(producer, "rl-line-a", EventType.CHECK_RESULT, check(true));
            send(producer, "rl-line-a", EventType.CHECK_RESULT, check(true));
            await().atMost(WAIT).untilAsserted(() -> {
                JsonNode incident = onlyIncident();
                assertThat(incident.path("status").asText()).isEqualTo("MITIGATED");
                assertThat(Retryable.instant(incident.path("mitigatedAt"))).isEqualTo(firstPass);
                assertThat(incident.path("activeAlerts").size()).isZero();
                List<String> lines = new ArrayList<>();
                incident.path("timeline").forEach(e -> lines.add(e.path("ja").asText()));
                assertThat(lines).contains("回線A障害: 回線Bへ切替（kurashiki/rl-line-a）",
                        "回線A復旧: 冗長構成に戻りました（kurashiki/rl-line-a）");
            });
            await().atMost(WAIT).untilAsserted(() -> assertThat(serviceTransitions())
                    .doesNotContain("DOWN@" + firstFailure).endsWith("UP@" + firstPass));
        }
    }

    static CheckResult check(boolean up) {
        return new CheckResult("line-a-gw", CheckResult.Kind.TCP, up ? CheckResult.Status.UP : CheckResult.Status.DOWN,
                up ? 3 : 2000, up ? "connected from 10.0.1.5" : "no connection within 2000 ms", null);
    }

    Instant send(KafkaProducer<String, byte[]> producer, String host, EventType type, Payload payload)
            throws Exception {
        Instant at = TestClock.CLOCK.instant().truncatedTo(ChronoUnit.MILLIS);
        Event event = new Event(UUID.randomUUID().toString(), 1, type, at, "kurashiki", "juki", host, "agent-mon1",
                ++seq, payload);
        producer.send(new ProducerRecord<>(Topics.eventsOf(event.targetId()), event.targetId(),
                EventCodec.encode(event))).get();
        return at;
    }

    JsonNode get(String path) {
        return Retryable.io(() -> JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(openSearchUrl + path))
                .build(), HttpResponse.BodyHandlers.ofString()).body()));
    }

    String targetStatus(String host) {
        return get("/mihari-targets/_doc/" + URLEncoder.encode("kurashiki/" + host, StandardCharsets.UTF_8))
                .path("_source").path("status").asText();
    }

    List<JsonNode> search(String index, String query, String sort) {
        JsonNode hits = get("/" + index + "/_search?size=100&sort=" + sort + "&q="
                + URLEncoder.encode(query, StandardCharsets.UTF_8)).path("hits").path("hits");
        List<JsonNode> docs = new ArrayList<>();
        hits.forEach(h -> docs.add(h.path("_source")));
        return docs;
    }

    JsonNode onlyIncident() {
        List<JsonNode> all = search("mihari-incidents", "serviceId:\"" + SERVICE + "\"", "openedAt:asc");
        assertThat(all).hasSize(1);
        return all.get(0);
    }

    List<String> serviceTransitions() {
        return search("mihari-status", "scope:SERVICE AND serviceId:\"" + SERVICE + "\"", "at:asc,detectedAt:asc")
                .stream().map(d -> d.path("to").asText() + "@" + d.path("at").asText()).toList();
    }
}
