package io.mihari.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mihari.model.event.CheckResult;
import io.mihari.model.event.Event;
import io.mihari.model.event.EventCodec;
import io.mihari.model.event.EventType;
import io.mihari.model.event.Heartbeat;
import io.mihari.model.event.Payload;
import io.mihari.model.event.Topics;
import io.mihari.testsupport.FreePorts;
import io.mihari.testsupport.MihariInfra;
import io.mihari.testsupport.ReceivedMail;
import io.mihari.testsupport.Retryable;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The SLA clocks live with the incident, not in one process's memory: the packaged alert-service is killed
 * (SIGKILL) in the middle of an incident and started again, and the reminder and the automatic status report
 * still go out on time, with no second first report. The hourly clock is shortened to 90 s (reminder 30 s before)
 * so the test runs in real time against the real Kafka, OpenSearch and SMTP server.
 *
 * <p>"On time" is read from the SLA record, not from when a mail happens to arrive: the reminder is for the
 * deadline set before the kill and is made when it was due, the automatic report is made at that deadline. The
 * restart (a JVM start, then the dead member's session timing out before the group hands the service over) has
 * the 60 s until the reminder; the test checks it was over in time, so a slow machine fails saying so.
 */
class SlaRestartTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final Clock SYSTEM = Clock.systemUTC();
    static final Duration EVERY = Duration.ofSeconds(90);
    static final Duration REMINDER = Duration.ofSeconds(30);
    /** How late after its instant a running instance may make a reminder or report (its clock ticks every 1 s). */
    static final Duration TICK_SLACK = Duration.ofSeconds(10);
    /** Only a bound for waiting on what the SLA record then proves exact. */
    static final Duration WAIT = EVERY.plus(Duration.ofSeconds(60));

    long seq;

    @Test
    void killedAndRestartedMidIncidentTheNextStatusReportStillGoesOutOnTime() throws Exception {
        Path repo = Path.of(System.getProperty("e2e.repo.dir", "..")).toAbsolutePath().normalize();
        Path logs = Path.of(System.getProperty("e2e.logs.dir", "target/e2e-logs"));
        Map<String, String> infra = MihariInfra.serviceConfig();
        Path catalog = Files.createTempFile("mihari-e2e-sla-catalog", ".yaml");
        try (var in = SlaRestartTest.class.getResourceAsStream("/e2e-sla-catalog.yaml")) {
            Files.write(catalog, in.readAllBytes());
        }
        int port = FreePorts.next();
        Map<String, String> config = new LinkedHashMap<>(infra);
        config.put("mihari.catalog.path", catalog.toString());
        config.put("quarkus.http.port", Integer.toString(port));
        config.put("mihari.incidents.grouping-wait", "2s");
        config.put("mihari.mail.deliver-every", "1s");
        config.put("mihari.sla.status-report-every", EVERY.toSeconds() + "s");
        config.put("mihari.sla.reminder-before", REMINDER.toSeconds() + "s");
        String ready = "http://127.0.0.1:" + port + "/q/health/ready";
        App alertService = App.of("alert-service", repo, logs, "256m", config).start().awaitReady(ready);
        String opensearch = infra.get("mihari.opensearch.url");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.get("kafka.bootstrap.servers"),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer())) {
            send(producer, EventType.HEARTBEAT, new Heartbeat(3600, "e2e"));
            send(producer, EventType.CHECK_RESULT, check(false));
            send(producer, EventType.CHECK_RESULT, check(false));
            JsonNode opened = await("incident opened").atMost(Duration.ofSeconds(60))
                    .until(() -> incident(opensearch), i -> i != null && i.path("sla").path("nextStatusReportDue").isTextual());
            String id = opened.path("id").asText();
            Instant due = Retryable.instant(opened.path("sla").path("nextStatusReportDue"));
            assertThat(due).isEqualTo(Retryable.instant(opened.path("openedAt")).plus(EVERY));
            Instant remindAt = due.minus(REMINDER);
            // both languages out before the kill (a mail being sent when its sender dies waits for the 2-min claim)
            await("first report").atMost(Duration.ofSeconds(30))
                    .until(() -> mails(id, "初報").size() == 1 && mails(id, "First report").size() == 1);

            // the process dies without a word and comes back; its consumer groups hand the service over again
            alertService.kill();
            alertService = App.of("alert-service", repo, logs, "256m", config).start(); // closed below even if late
            alertService.awaitReady(ready).awaitLog("incident management of 1 services");
            Instant tookOver = SYSTEM.instant();
            assertThat(tookOver).as("the restarted alert-service took the service over at %s, after its reminder was"
                    + " due at %s: this machine needs longer than %s to restart", tookOver, remindAt,
                    EVERY.minus(REMINDER)).isBefore(remindAt);

            // the reminder: for the deadline set before the kill, made when it was due
            JsonNode reminder = await("reminder recorded").atMost(WAIT).until(
                    () -> incident(opensearch).path("sla").path("reminders").path(0), r -> r.path("at").isTextual());
            assertThat(Retryable.instant(reminder.path("forDue"))).isEqualTo(due);
            assertThat(Retryable.instant(reminder.path("at"))).as("reminder made when due, though the process was"
                    + " restarted").isBetween(remindAt, remindAt.plus(TICK_SLACK));
            await("reminder mailed").atMost(WAIT).until(() -> mails(id, "Reminder: status report due").size() == 1);

            // nobody reports: the automatic status report is made at the deadline, and the next one due from then
            JsonNode reported = await("automatic status report").atMost(WAIT).until(() -> incident(opensearch),
                    i -> i.path("sla").path("statusReports").path(0).path("createdAt").isTextual());
            JsonNode report = reported.path("sla").path("statusReports").path(0);
            assertThat(report.path("automatic").asBoolean()).isTrue();
            assertThat(Retryable.instant(report.path("dueAt"))).isEqualTo(due);
            Instant madeAt = Retryable.instant(report.path("createdAt"));
            assertThat(madeAt).as("made as of its deadline (docs/sla.md), though the process was restarted")
                    .isEqualTo(due);
            assertThat(Retryable.instant(reported.path("sla").path("nextStatusReportDue")))
                    .as("the next deadline counts from the deadline, not from the tick").isEqualTo(due.plus(EVERY));
            await("automatic report mailed").atMost(WAIT).until(() -> mails(id, "状況報告 #1（自動）").size() == 1);
            ReceivedMail automatic = mails(id, "状況報告 #1（自動）").get(0);
            assertThat(automatic.headers()).containsEntry("In-Reply-To", "<" + id + ".ja@mihari>");
            assertThat(automatic.text()).contains("takamatsu/tkm-juki-web1 — 稼働確認「portal」: 停止（HTTP 503）");
            assertThat(mails(id, "初報")).as("no second first report after the restart").hasSize(1);
            assertThat(mails(id, "First report")).hasSize(1);
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError(e.getMessage() + "\n--- alert-service log ---\n" + alertService.tail(), e);
        } finally {
            alertService.close();
        }
    }

    static CheckResult check(boolean up) {
        return new CheckResult("portal", CheckResult.Kind.HTTP, up ? CheckResult.Status.UP : CheckResult.Status.DOWN,
                15, up ? "HTTP 200" : "HTTP 503", null);
    }

    void send(KafkaProducer<String, byte[]> producer, EventType type, Payload payload) throws Exception {
        Event event = new Event(UUID.randomUUID().toString(), 1, type, SYSTEM.instant().truncatedTo(ChronoUnit.MILLIS),
                "takamatsu", "juki", "tkm-juki-web1", "e2e-sla", ++seq, payload);
        producer.send(new ProducerRecord<>(Topics.eventsOf(event.targetId()), event.targetId(), EventCodec.encode(event))).get();
    }

    static JsonNode incident(String opensearch) throws Exception {
        HTTP.send(HttpRequest.newBuilder(URI.create(opensearch + "/mihari-incidents/_refresh"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(opensearch
                + "/mihari-incidents/_search?q=" + URLEncoder.encode("serviceId:\"takamatsu-juki\"",
                StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode hits = JSON.readTree(response.body()).path("hits").path("hits");
        assertThat(hits.size()).isLessThanOrEqualTo(1);
        return hits.isEmpty() ? null : hits.get(0).path("_source");
    }

    static List<ReceivedMail> mails(String incidentId, String marker) {
        return MihariInfra.mail().messages().stream().filter(m -> m.subject().contains("[" + incidentId + "]"))
                .filter(m -> m.subject().contains(marker)).toList();
    }
}
