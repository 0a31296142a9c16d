package io.mihari.alert.detect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mihari.alert.testing.TestClock;
import io.mihari.model.event.BatchRun;
import io.mihari.model.event.CheckResult;
import io.mihari.model.event.Event;
import io.mihari.model.event.EventCodec;
import io.mihari.model.event.EventType;
import io.mihari.model.event.Heartbeat;
import io.mihari.model.event.Payload;
import io.mihari.model.event.ResourceSample;
import io.mihari.model.event.Topics;
import io.mihari.testsupport.MihariInfra;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
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
 * Each detection rule against the real Kafka and OpenSearch: it opens exactly one incident, at the instant the
 * rule defines, and the incident is mitigated when the problem ends. Every rule has its own service in the test
 * catalog. Deadlines of minutes are reached by moving {@link TestClock} forward.
 */
@QuarkusTest
@WithTestResource(MihariInfraResource.class)
class DetectionRulesTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Duration WAIT = Duration.ofSeconds(30);
    /** Transitions by instant, then by when they were detected. */
    static final String IN_ORDER = "at:asc,detectedAt:asc";

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @jakarta.inject.Inject
    io.mihari.alert.store.StateReader stateReader;

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

    static Instant now() {
        return TestClock.CLOCK.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    Instant send(String host, EventType type, Payload payload) throws Exception {
        Instant at = now();
        Event event = new Event(UUID.randomUUID().toString(), 1, type, at, "kurashiki", "juki", host, "agent-" + host,
                ++seq, payload);
        producer.send(new ProducerRecord<>(Topics.eventsOf(event.targetId()), event.targetId(), EventCodec.encode(event))).get();
        return at;
    }

    Instant heartbeat(String host) throws Exception {
        return send(host, EventType.HEARTBEAT, new Heartbeat(3600, "test"));
    }

    Instant check(String host, boolean up) throws Exception {
        return send(host, EventType.CHECK_RESULT, new CheckResult("portal", CheckResult.Kind.HTTP,
                up ? CheckResult.Status.UP : CheckResult.Status.DOWN, 12, up ? "HTTP 200" : "HTTP 503", null));
    }

    Instant disk(String host, double percent) throws Exception {
        long total = 100_000_000_000L;
        return send(host, EventType.RESOURCE_SAMPLE, new ResourceSample(10, 0.5, 0.5, 0.5, 8L << 30, 2L << 30, 0, 0,
                List.of(new ResourceSample.Disk("/var", total, (long) (total * percent / 100))), 1000));
    }

    Instant batch(String host, String job, String runId, BatchRun.State state, Integer exit) throws Exception {
        return send(host, EventType.BATCH_RUN, new BatchRun(job, runId, state, exit,
                state == BatchRun.State.STARTED ? null : 1000L, state == BatchRun.State.FAILED ? "ORA-01555" : null));
    }

    /** GET on OpenSearch; a failed request is an AssertionError, so a wait tries it again. */
    JsonNode get(String path) {
        return Retryable.io(() -> JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(openSearchUrl + path))
                .build(), HttpResponse.BodyHandlers.ofString()).body()));
    }

    /** The instant in {@code node}; an AssertionError (retried by Awaitility) while it is not stored yet. */
    static Instant at(JsonNode node) {
        return Retryable.instant(node);
    }

    List<JsonNode> search(String index, String query, String sort) throws Exception {
        JsonNode hits = get("/" + index + "/_search?size=100&sort=" + sort + "&q="
                + URLEncoder.encode(query, StandardCharsets.UTF_8)).path("hits").path("hits");
        List<JsonNode> docs = new ArrayList<>();
        hits.forEach(h -> docs.add(h.path("_source")));
        return docs;
    }

    List<JsonNode> incidents(String serviceId) throws Exception {
        return search("mihari-incidents", "serviceId:\"" + serviceId + "\"", "openedAt:asc");
    }

    JsonNode onlyIncident(String serviceId) throws Exception {
        List<JsonNode> all = incidents(serviceId);
        assertThat(all).hasSize(1);
        return all.get(0);
    }

    String targetStatus(String host) throws Exception {
        return get("/mihari-targets/_doc/" + URLEncoder.encode("kurashiki/" + host, StandardCharsets.UTF_8))
                .path("_source").path("status").asText();
    }

    /** In the order they happened: two events sent in the same millisecond give two transitions at one instant. */
    List<String> serviceTransitions(String serviceId) throws Exception {
        return search("mihari-status", "scope:SERVICE AND serviceId:\"" + serviceId + "\"", IN_ORDER).stream()
                .map(d -> d.path("to").asText() + "@" + d.path("at").asText()).toList();
    }

    void awaitUp(String... hosts) {
        await().atMost(WAIT).untilAsserted(() -> {
            for (String host : hosts) {
                assertThat(targetStatus(host)).isEqualTo("UP");
            }
        });
    }

    @Test
    void checkFailingNTimesMakesTheTargetDownFromTheFirstFailureAndMPassesEndIt() throws Exception {
        heartbeat("rc-web1");
        awaitUp("rc-web1");

        Instant firstFailure = check("rc-web1", false);
        check("rc-web1", false);
        await().atMost(WAIT).untilAsserted(() -> {
            JsonNode incident = onlyIncident("rules-check");
            assertThat(incident.path("kind").asText()).isEqualTo("CHECK");
            assertThat(incident.path("severity").asText()).isEqualTo("CRITICAL"); // the critical server: service DOWN
            assertThat(at(incident.path("startedAt"))).isEqualTo(firstFailure);
        });
        // the signal is published before the target's status is stored: the incident may be seen first
        await().atMost(WAIT).untilAsserted(() -> assertThat(targetStatus("rc-web1")).isEqualTo("DOWN"));

        Instant firstPass = check("rc-web1", true);
        check("rc-web1", true);
        await().atMost(WAIT).untilAsserted(() -> {
            JsonNode incident = onlyIncident("rules-check");
            assertThat(incident.path("status").asText()).isEqualTo("MITIGATED");
            assertThat(at(incident.path("mitigatedAt"))).isEqualTo(firstPass);
        });
        await().atMost(WAIT).untilAsserted(() -> assertThat(serviceTransitions("rules-check"))
                .endsWith("DOWN@" + firstFailure, "UP@" + firstPass));
        // the recovery report 復旧報告 answers the first report's thread, and the SLA record keeps when it went out
        String id = onlyIncident("rules-check").path("id").asText();
        await().atMost(WAIT).untilAsserted(() -> assertThat(MihariInfra.mail().messages()).anySatisfy(m -> {
            assertThat(m.subject()).contains("[" + id + "] 復旧報告: 死活監視（稼働確認）の失敗（kurashiki/rc-web1）");
            assertThat(m.headers()).containsEntry("In-Reply-To", "<" + id + ".ja@mihari>");
            assertThat(m.text()).contains("暫定復旧", "影響時間").doesNotContain("障害報告書");
        }));
        await().atMost(WAIT).untilAsserted(() -> assertThat(onlyIncident("rules-check").path("sla")
                .path("recoveryReport").path("sentAt").isTextual()).isTrue());
        // searched, so visible only after the index's next refresh
        await().atMost(WAIT).untilAsserted(() -> assertThat(search("mihari-status",
                "scope:TARGET AND targetId:\"kurashiki/rc-web1\"", IN_ORDER))
                .extracting(d -> d.path("to").asText() + "/" + d.path("cause").asText())
                .containsExactly("UP/HEARTBEAT_RECEIVED", "DOWN/CHECK_FAILED", "UP/CHECK_RECOVERED"));
    }

    Instant answered(String host, long latencyMs) throws Exception {
        return send(host, EventType.CHECK_RESULT, new CheckResult("portal", CheckResult.Kind.HTTP,
                CheckResult.Status.UP, latencyMs, "HTTP 200", null));
    }

    /** Issue 20: slow for its sustain period is a WARNING of its own kind; the hysteresis band holds it. */
    @Test
    void aCheckSlowForItsSustainPeriodIsALatencyWarningThatEndsBelowTheHysteresis() throws Exception {
        heartbeat("rl-web1");
        awaitUp("rl-web1");

        Instant slow = answered("rl-web1", 900);
        TestClock.CLOCK.advance(Duration.ofSeconds(30));
        answered("rl-web1", 950);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10))
                .until(() -> incidents("rules-latency").isEmpty()); // 30 s of slowness: not yet
        TestClock.CLOCK.advance(Duration.ofSeconds(31));
        answered("rl-web1", 910);
        await().atMost(WAIT).untilAsserted(() -> {
            JsonNode incident = onlyIncident("rules-latency");
            assertThat(incident.path("kind").asText()).isEqualTo("LATENCY");
            assertThat(incident.path("severity").asText()).isEqualTo("WARNING");
            assertThat(at(incident.path("startedAt"))).as("slow since the first result, for 1 min")
                    .isEqualTo(slow.plus(Duration.ofMinutes(1)));
        });

        answered("rl-web1", 750); // within 10 % below 800 ms: still slow
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10))
                .until(() -> "OPEN".equals(onlyIncident("rules-latency").path("status").asText()));
        Instant fast = answered("rl-web1", 120);
        await().atMost(WAIT).untilAsserted(() -> {
            JsonNode incident = onlyIncident("rules-latency");
            assertThat(incident.path("status").asText()).isEqualTo("MITIGATED");
            assertThat(at(incident.path("mitigatedAt"))).isEqualTo(fast);
        });
        assertThat(targetStatus("rl-web1")).as("slow is not down").isEqualTo("UP");
    }

    /** The latency baseline's query on the real OpenSearch: passing results only, of one check, in the period. */
    @Test
    void aChecksLatencyPercentileIsReadFromItsStoredPassingResults() throws Exception {
        Instant from = now().minusMillis(1);
        for (long ms = 10; ms <= 100; ms += 10) {
            answered("rlb-web1", ms);
        }
        check("rlb-web1", false); // a failing result's latency is not the check's response time
        await().atMost(WAIT).until(() -> stateReader.latencyStats("kurashiki/rlb-web1", "portal", 50, from,
                now().plusSeconds(60)).results() == 10);
        LatencyBaselines.Stats stats = stateReader.latencyStats("kurashiki/rlb-web1", "portal", 50, from,
                now().plusSeconds(60));
        assertThat(stats.percentileMs()).isBetween(50.0, 60.0);
        assertThat(stateReader.latencyStats("kurashiki/rlb-web1", "another", 50, from, now().plusSeconds(60)))
                .isEqualTo(new LatencyBaselines.Stats(0, null));
    }

    /** Issue 20: an agent whose clock runs 90 s ahead is a MAJOR clock-skew problem; its heartbeats still count. */
    @Test
    void anAgentNinetySecondsAheadRaisesTheClockSkewAlertWhileItsServerStaysUp() throws Exception {
        for (int i = 0; i < 5; i++) {
            Instant sent = now();
            Event event = new Event(UUID.randomUUID().toString(), 1, EventType.HEARTBEAT, sent.plusSeconds(90),
                    "kurashiki", "juki", "rk-web1", "agent-rk-web1", ++seq, new Heartbeat(3600, "test"));
            producer.send(new ProducerRecord<>(Topics.eventsOf(event.targetId()), event.targetId(),
                    EventCodec.encode(event))).get();
            int stored = i + 1; // each heartbeat read on its own, 20 s after the one before (not a replayed burst)
            await().atMost(WAIT).until(() -> search("mihari-events-*", "targetId:\"kurashiki/rk-web1\"",
                    "occurredAt:asc").size() == stored);
            TestClock.CLOCK.advance(Duration.ofSeconds(20));
        }
        await().atMost(WAIT).untilAsserted(() -> {
            JsonNode incident = onlyIncident("rules-clock");
            assertThat(incident.path("kind").asText()).isEqualTo("CLOCK_SKEW");
            assertThat(incident.path("severity").asText()).isEqualTo("MAJOR");
            assertThat(incident.path("title").asText()).contains("kurashiki/rk-web1");
        });
        assertThat(targetStatus("rk-web1")).as("its heartbeats count when received").isEqualTo("UP");
        assertThat(serviceTransitions("rules-clock")).allSatisfy(t -> assertThat(t).startsWith("UP@"));
    }

    /**
     * Issue 20: a 検証系 server that stops is DOWN itself, but its service stays UP (no availability is lost) and its
     * incident is quiet: on the dashboard, nobody mailed.
     */
    @Test
    void aTestServerGoingDownChangesNoServiceStatusAndMailsNobody() throws Exception {
        heartbeat("re-web1");
        heartbeat("re-web1-test");
        awaitUp("re-web1", "re-web1-test");

        check("re-web1-test", false);
        check("re-web1-test", false);
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(targetStatus("re-web1-test")).isEqualTo("DOWN");
            JsonNode incident = onlyIncident("rules-env");
            assertThat(incident.path("sla").path("muted").asBoolean()).isTrue();
            assertThat(incident.path("timeline").findValuesAsText("type")).contains("NOT_NOTIFIED");
        });
        String id = onlyIncident("rules-env").path("id").asText();
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> MihariInfra.mail().messages()
                .stream().noneMatch(m -> m.subject().contains(id)));
        assertThat(serviceTransitions("rules-env")).as("the service never left UP")
                .allSatisfy(t -> assertThat(t).startsWith("UP@"));
    }

    @Test
    void diskAboveCriticalIsAResourceIncidentFromThatSampleUntilItFallsBelowTheHysteresis() throws Exception {
        heartbeat("rr-db1");
        awaitUp("rr-db1");

        Instant full = disk("rr-db1", 95);
        await().atMost(WAIT).untilAsserted(() -> {
            JsonNode incident = onlyIncident("rules-resource");
            assertThat(incident.path("kind").asText()).isEqualTo("RESOURCE");
            assertThat(incident.path("severity").asText()).isEqualTo("MAJOR");
            assertThat(at(incident.path("startedAt"))).isEqualTo(full);
            assertThat(incident.path("title").asText()).contains("/var");
        });
        String id = onlyIncident("rules-resource").path("id").asText();
        await().atMost(WAIT).untilAsserted(() -> assertThat(MihariInfra.mail().messages())
                .anySatisfy(m -> assertThat(m.subject()).contains(id,
                        "初報: リソース使用率の閾値超過: ディスク /var（kurashiki/rr-db1）")));

        Instant freed = disk("rr-db1", 50);
        await().atMost(WAIT).untilAsserted(() -> {
            JsonNode incident = onlyIncident("rules-resource");
            assertThat(incident.path("status").asText()).isEqualTo("MITIGATED");
            assertThat(at(incident.path("mitigatedAt"))).isEqualTo(freed);
        });
        assertThat(targetStatus("rr-db1")).isEqualTo("UP"); // resources raise alerts, they do not stop a server
    }

    @Test
    void anApplicationReportingItselfStoppedIsAnIncidentOfItsOwnKindUntilItRunsAgain() throws Exception {
        heartbeat("ro-ap1");
        awaitUp("ro-ap1");

        Instant stopped = send("ro-ap1", EventType.OPERATING_STATUS,
                new io.mihari.model.event.OperatingStatus("juki-ap", io.mihari.model.event.OperatingStatus.Status.STOPPED,
                        "住民票発行停止"));
        await().atMost(WAIT).untilAsserted(() -> {
            JsonNode incident = onlyIncident("rules-operating");
            assertThat(incident.path("kind").asText()).isEqualTo("OPERATING_STATUS");
            assertThat(incident.path("severity").asText()).isEqualTo("MAJOR");
            assertThat(at(incident.path("startedAt"))).isEqualTo(stopped);
            assertThat(incident.path("activeAlerts").toString()).contains("kurashiki/ro-ap1|OPERATING_STATUS|juki-ap");
        });

        Instant running = send("ro-ap1", EventType.OPERATING_STATUS,
                new io.mihari.model.event.OperatingStatus("juki-ap", io.mihari.model.event.OperatingStatus.Status.RUNNING,
                        null));
        await().atMost(WAIT).untilAsserted(() -> {
            JsonNode incident = onlyIncident("rules-operating");
            assertThat(incident.path("status").asText()).isEqualTo("MITIGATED");
            assertThat(at(incident.path("mitigatedAt"))).isEqualTo(running);
        });
        assertThat(targetStatus("ro-ap1")).isEqualTo("UP"); // the application's word does not stop the server
    }

    @Test
    void failedBatchRunIsAnIncidentAndTheNextSuccessfulRunEndsIt() throws Exception {
        heartbeat("rbf-bt1");
        awaitUp("rbf-bt1");

        Instant failed = batch("rbf-bt1", "export", "run-1", BatchRun.State.FAILED, 3);
        await().atMost(WAIT).untilAsserted(() -> {
            JsonNode incident = onlyIncident("rules-batch-failed");
            assertThat(incident.path("kind").asText()).isEqualTo("BATCH");
            assertThat(at(incident.path("startedAt"))).isEqualTo(failed);
            assertThat(incident.path("title").asText()).contains("export", "run-1");
        });

        batch("rbf-bt1", "export", "run-2", BatchRun.State.STARTED, null);
        Instant succeeded = batch("rbf-bt1", "export", "run-2", BatchRun.State.SUCCEEDED, 0);
        await().atMost(WAIT).untilAsserted(() -> {
            JsonNode incident = onlyIncident("rules-batch-failed");
            assertThat(incident.path("status").asText()).isEqualTo("MITIGATED");
            assertThat(at(incident.path("mitigatedAt"))).isEqualTo(succeeded);
        });
    }

    @Test
    void runNotFinishedWithinItsMaximumRunTimeIsHungAtExactlyThatInstant() throws Exception {
        heartbeat("rbh-bt1");
        awaitUp("rbh-bt1");

        Instant started = batch("rbh-bt1", "export", "run-h", BatchRun.State.STARTED, null);
        TestClock.CLOCK.advance(Duration.ofMinutes(2).plusSeconds(1));
        await().atMost(WAIT).untilAsserted(() -> {
            JsonNode incident = onlyIncident("rules-batch-hung");
            assertThat(incident.path("kind").asText()).isEqualTo("BATCH");
            assertThat(at(incident.path("startedAt"))).isEqualTo(started.plus(Duration.ofMinutes(2)));
            assertThat(incident.path("timeline").toString()).contains("BATCH_ALERT");
        });

        Instant ended = batch("rbh-bt1", "export", "run-h", BatchRun.State.SUCCEEDED, 0);
        await().atMost(WAIT).untilAsserted(() -> {
            JsonNode incident = onlyIncident("rules-batch-hung");
            assertThat(incident.path("status").asText()).isEqualTo("MITIGATED");
            assertThat(at(incident.path("mitigatedAt"))).isEqualTo(ended);
        });
    }

    @Test
    void scheduledRunNotStartedWithinItsGraceIsMissedAtExactlyScheduledPlusGrace() throws Exception {
        heartbeat("rbm-bt1");
        awaitUp("rbm-bt1");

        // "0 * * * *" in UTC with 10 minutes' grace: the next top of the hour + 10 min is a deadline
        Instant now = now();
        Instant deadline = now.truncatedTo(ChronoUnit.HOURS).plus(Duration.ofMinutes(70));
        TestClock.CLOCK.advance(Duration.between(now, deadline).plusSeconds(1));
        await().atMost(WAIT).untilAsserted(() -> {
            List<JsonNode> all = incidents("rules-batch-missed");
            assertThat(all).hasSize(1);
            JsonNode incident = all.get(0);
            assertThat(incident.path("kind").asText()).isEqualTo("BATCH");
            Instant startedAt = at(incident.path("startedAt"));
            // the instant is an exact deadline (hh:10:00.000); the one just passed unless an earlier one was missed
            assertThat(startedAt.truncatedTo(ChronoUnit.HOURS).plus(Duration.ofMinutes(10))).isEqualTo(startedAt);
            assertThat(startedAt).isBeforeOrEqualTo(deadline);
        });

        Instant lateStart = batch("rbm-bt1", "hourly", "run-late", BatchRun.State.STARTED, null);
        await().atMost(WAIT).untilAsserted(() -> {
            JsonNode incident = onlyIncident("rules-batch-missed");
            assertThat(incident.path("status").asText()).isEqualTo("MITIGATED");
            assertThat(at(incident.path("mitigatedAt"))).isEqualTo(lateStart);
        });
    }

    @Test
    void aLinkageFilesStoredArrivalsAreReadBackForARestartOldestFirst() throws Exception {
        Instant since = now().minusMillis(1);
        Instant first = send("rbf-db1", EventType.FILE_ARRIVAL, new io.mihari.model.event.FileArrival("restore-me",
                "/data/renkei/in/IDO_1.csv", 10, since.minusSeconds(30), null, null, null));
        Instant second = send("rbf-db1", EventType.FILE_ARRIVAL, new io.mihari.model.event.FileArrival("restore-me",
                "/data/renkei/in/IDO_2.csv", 0, since.minusSeconds(20), null, null, null));
        send("rbf-db1", EventType.FILE_ARRIVAL, new io.mihari.model.event.FileArrival("another-file",
                "/data/renkei/in/X.csv", 10, since.minusSeconds(20), null, null, null));

        await().atMost(WAIT).until(() -> stateReader.arrivalsSince("kurashiki/rbf-db1", "restore-me", since, 256)
                .size() == 2);
        List<FileMonitor.Arrival> arrivals = stateReader.arrivalsSince("kurashiki/rbf-db1", "restore-me", since, 256);
        assertThat(arrivals).extracting(a -> a.arrival().path()).containsExactly("/data/renkei/in/IDO_1.csv",
                "/data/renkei/in/IDO_2.csv");
        assertThat(arrivals).extracting(FileMonitor.Arrival::at).containsExactly(first, second);
    }

    @Test
    void oneMemberOfARedundancyGroupDownDegradesTheServiceAndAllMembersDownStopIt() throws Exception {
        heartbeat("rg-ap1");
        heartbeat("rg-ap2");
        heartbeat("rg-db1");
        awaitUp("rg-ap1", "rg-ap2", "rg-db1");
        await().atMost(WAIT).untilAsserted(() -> assertThat(serviceTransitions("rules-group")).isNotEmpty()
                .last().asString().startsWith("UP@"));

        Instant ap1Down = check("rg-ap1", false);
        await().atMost(WAIT).untilAsserted(() -> {
            JsonNode incident = onlyIncident("rules-group");
            assertThat(incident.path("severity").asText()).isEqualTo("MAJOR");
            assertThat(serviceTransitions("rules-group")).last().isEqualTo("DEGRADED@" + ap1Down);
        });
        Instant ap2Down = check("rg-ap2", false);
        await().atMost(WAIT).untilAsserted(() -> {
            JsonNode incident = onlyIncident("rules-group");
            assertThat(incident.path("severity").asText()).isEqualTo("CRITICAL");
            assertThat(incident.path("affectedTargets")).hasSize(2);
            assertThat(serviceTransitions("rules-group")).last().isEqualTo("DOWN@" + ap2Down);
        });

        check("rg-ap1", true);
        Instant bothBack = check("rg-ap2", true);
        await().atMost(WAIT).untilAsserted(() -> {
            JsonNode incident = onlyIncident("rules-group");
            assertThat(incident.path("status").asText()).isEqualTo("MITIGATED");
            assertThat(at(incident.path("mitigatedAt"))).isEqualTo(bothBack);
            assertThat(serviceTransitions("rules-group")).last().isEqualTo("UP@" + bothBack);
        });
    }

    @Test
    void problemComingBackSoonAfterRecoveryReopensTheSameIncidentWithoutANewFirstReport() throws Exception {
        heartbeat("rf-web1");
        awaitUp("rf-web1");

        check("rf-web1", false);
        await().atMost(WAIT).untilAsserted(() -> assertThat(incidents("rules-flap")).hasSize(1));
        String id = onlyIncident("rules-flap").path("id").asText();
        await().atMost(WAIT).untilAsserted(() -> assertThat(firstReports(id)).isEqualTo(2)); // ja + en contact
        check("rf-web1", true);
        await().atMost(WAIT).untilAsserted(() ->
                assertThat(onlyIncident("rules-flap").path("status").asText()).isEqualTo("MITIGATED"));

        check("rf-web1", false);
        await().atMost(WAIT).untilAsserted(() -> {
            JsonNode incident = onlyIncident("rules-flap");
            assertThat(incident.path("id").asText()).isEqualTo(id);
            assertThat(incident.path("status").asText()).isEqualTo("OPEN");
            assertThat(incident.path("reopenCount").asInt()).isEqualTo(1);
        });
        assertThat(firstReports(id)).isEqualTo(2);
    }

    static long firstReports(String incidentId) {
        return MihariInfra.mail().messages().stream()
                .filter(m -> m.subject().contains(incidentId) && (m.subject().contains("初報") || m.subject().contains("First report")))
                .count();
    }
}
