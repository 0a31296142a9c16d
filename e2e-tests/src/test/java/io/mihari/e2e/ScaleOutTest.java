package io.mihari.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mihari.model.event.Event;
import io.mihari.model.event.EventCodec;
import io.mihari.model.event.EventType;
import io.mihari.model.event.Heartbeat;
import io.mihari.model.event.Topics;
import io.mihari.testsupport.FreePorts;
import io.mihari.testsupport.MihariInfra;
import io.mihari.testsupport.Retryable;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two packaged alert-service instances in one consumer group share the work: every target is watched by one
 * of them, every outage is exactly one incident and one first report; when one instance dies the other
 * takes over its targets; when both were stopped for longer than {@code blind-after}, the stored
 * transitions say UNKNOWN for that time, not UP or DOWN. The packaged instances run on the system clock, and
 * so does this test (wall-clock instants are only compared with theirs, never asserted exactly).
 */
class ScaleOutTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final String GROUP = "mihari-scaleout";
    static final List<String> HOSTS = IntStream.rangeClosed(1, 8).mapToObj(i -> "tkm-h" + i).toList();

    static Path repo;
    static Path logs;
    static Map<String, String> infra;
    static String openSearch;
    static final List<App> started = new ArrayList<>();
    static final Map<String, Map<String, String>> configs = new LinkedHashMap<>();
    static KafkaProducer<String, byte[]> producer;
    static ScheduledExecutorService fleet;
    /** Hosts whose heartbeats the fleet sends (one per second each). */
    static final Set<String> alive = ConcurrentHashMap.newKeySet();

    @BeforeAll
    static void start() throws Exception {
        repo = Path.of(System.getProperty("e2e.repo.dir", "..")).toAbsolutePath().normalize();
        logs = Path.of(System.getProperty("e2e.logs.dir", "target/e2e-logs")).resolve("scaleout");
        infra = MihariInfra.serviceConfig();
        openSearch = infra.get("mihari.opensearch.url");
        Path catalog = Files.createTempFile("mihari-scaleout-catalog", ".yaml");
        try (var in = ScaleOutTest.class.getResourceAsStream("/scaleout-catalog.yaml")) {
            Files.write(catalog, in.readAllBytes());
        }
        for (String name : List.of("a", "b")) {
            Map<String, String> config = new LinkedHashMap<>(infra);
            config.put("mihari.catalog.path", catalog.toString());
            config.put("quarkus.http.port", Integer.toString(FreePorts.next()));
            config.put("mihari.ingest.group-id", GROUP);
            config.put("mihari.incidents.grouping-wait", "2s");
            config.put("mihari.incidents.reopen-within", "0s");
            config.put("mihari.liveness.blind-after", "8s");
            config.put("mihari.mail.deliver-every", "1s");
            configs.put(name, config);
        }
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                infra.get("kafka.bootstrap.servers"), ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new ByteArraySerializer());
        fleet = Executors.newSingleThreadScheduledExecutor();
        fleet.scheduleAtFixedRate(ScaleOutTest::beat, 0, 1, TimeUnit.SECONDS);
    }

    static App instance(String name) {
        Map<String, String> config = configs.get(name);
        App app = App.of("alert-service", repo, logs.resolve(name), "256m", config);
        started.add(app);
        return app.start().awaitReady("http://127.0.0.1:" + config.get("quarkus.http.port") + "/q/health/ready");
    }

    static void beat() {
        for (String host : alive) {
            Event e = new Event(UUID.randomUUID().toString(), 1, EventType.HEARTBEAT, Instant.now(), "takamatsu",
                    "juki", host, "agent-" + host, System.nanoTime(), new Heartbeat(1, "scaleout"));
            producer.send(new ProducerRecord<>(Topics.eventsOf(e.targetId()), e.targetId(), EventCodec.encode(e)));
        }
    }

    @AfterAll
    static void stop() throws Exception {
        fleet.shutdownNow();
        producer.close();
        for (App app : started) {
            app.close();
        }
    }

    /** GET on OpenSearch; a failed request is an AssertionError, so a wait tries it again. */
    static JsonNode os(String path) {
        return Retryable.io(() -> JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(openSearch + path)).build(),
                HttpResponse.BodyHandlers.ofString()).body()));
    }

    /**
     * Transitions in the order they happened: by instant, then by when they were detected. Two can share an
     * instant: an UNKNOWN from a restart is clamped to the target's last change (when that is after the last alive
     * marker), so it may have the very instant of the UP it follows.
     */
    static List<JsonNode> search(String index, String query) throws Exception {
        JsonNode hits = os("/" + index + "/_search?size=500&sort=at:asc,detectedAt:asc&q=" + URLEncoder.encode(query,
                StandardCharsets.UTF_8)).path("hits").path("hits");
        List<JsonNode> docs = new ArrayList<>();
        hits.forEach(h -> docs.add(h.path("_source")));
        return docs;
    }

    static String status(String host) throws Exception {
        return os("/mihari-targets/_doc/" + URLEncoder.encode("takamatsu/" + host, StandardCharsets.UTF_8))
                .path("_source").path("status").asText();
    }

    static List<JsonNode> incidents(String host) throws Exception {
        JsonNode hits = os("/mihari-incidents/_search?size=100&q=" + URLEncoder.encode(
                "serviceId:\"takamatsu-s" + host.substring(5) + "\"", StandardCharsets.UTF_8)).path("hits").path("hits");
        List<JsonNode> docs = new ArrayList<>();
        hits.forEach(h -> docs.add(h.path("_source")));
        return docs;
    }

    static long firstReports(String incidentId) {
        return MihariInfra.mail().messages().stream().filter(m -> m.subject().contains("[" + incidentId + "]"))
                .filter(m -> m.subject().contains("初報") || m.subject().contains("First report")).count();
    }

    static void awaitAll(String expected) {
        await("every target " + expected).atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    for (String host : HOSTS) {
                        assertThat(status(host)).as(host).isEqualTo(expected);
                    }
                });
    }

    /** Every host silent at once: each service gets exactly one new incident and its first report once. */
    static void outageOfEveryHostIsOneIncidentPerService(int incidentsBefore) throws Exception {
        alive.clear();
        awaitAll("DOWN");
        await("one incident per service").atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            for (String host : HOSTS) {
                assertThat(incidents(host)).as(host).hasSize(incidentsBefore + 1);
            }
        });
        await("first reports").atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            for (String host : HOSTS) {
                for (JsonNode incident : incidents(host)) {
                    assertThat(firstReports(incident.path("id").asText())).as(incident.path("id").asText())
                            .isEqualTo(2); // the city (ja) and the vendor (en), each exactly once
                }
            }
        });
        alive.addAll(HOSTS);
        awaitAll("UP");
        await("all mitigated").atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            for (String host : HOSTS) {
                assertThat(incidents(host)).allSatisfy(i -> assertThat(i.path("status").asText()).isEqualTo("MITIGATED"));
            }
        });
    }

    @Test
    void twoInstancesSplitTheTargetsOpenEachIncidentOnceAndTakeOverFromEachOther() throws Exception {
        App a = instance("a");
        App b = instance("b");
        alive.addAll(HOSTS);
        awaitAll("UP");
        awaitMembers(2);

        // 1. both instances running: every outage one incident, one first report
        outageOfEveryHostIsOneIncidentPerService(0);

        // 2. instance b dies: a takes over b's targets, and their outages are still detected, once
        b.kill();
        awaitMembers(1);
        outageOfEveryHostIsOneIncidentPerService(1);

        // 3. every instance stopped for longer than blind-after (8 s): the gap is UNKNOWN, not UP
        a.close();
        Instant stoppedAround = Instant.now();
        // the condition is time itself: at least 10 s stopped (the bound only guards against a stuck clock)
        await("longer than blind-after").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> Duration.between(stoppedAround, Instant.now()).compareTo(Duration.ofSeconds(10)) > 0);
        instance("a");
        await("UNKNOWN recorded for the blind time, then UP").atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
            for (String host : HOSTS) {
                List<JsonNode> transitions = search("mihari-status",
                        "scope:TARGET AND targetId:\"takamatsu/" + host + "\"");
                List<String> tail = transitions.stream().map(t -> t.path("to").asText() + "/" + t.path("cause").asText())
                        .toList();
                assertThat(tail).as(host).endsWith("UNKNOWN/MONITOR_STOPPED", "UP/HEARTBEAT_RECEIVED");
                JsonNode unknown = transitions.get(transitions.size() - 2);
                assertThat(Retryable.instant(unknown.path("at"))).isBefore(stoppedAround.plusSeconds(1));
            }
        });
        for (String host : HOSTS) {
            assertThat(incidents(host)).as("no incident for the blind time").hasSize(2);
        }
    }

    /** Waits until both consumer groups (events, signals) have this many members, each owning partitions. */
    static void awaitMembers(int count) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                infra.get("kafka.bootstrap.servers")))) {
            await(count + " members own the partitions").atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                for (String id : List.of(GROUP, GROUP + "-incidents")) {
                    // the broker may not answer this once (e.g. the group's coordinator moving): asked again
                    ConsumerGroupDescription group = Retryable.io(() -> admin.describeConsumerGroups(List.of(id)).all()
                            .get(10, TimeUnit.SECONDS).get(id));
                    assertThat(group.members()).as(id).hasSize(count)
                            .allSatisfy(m -> assertThat(m.assignment().topicPartitions()).isNotEmpty());
                }
            });
        }
    }
}
