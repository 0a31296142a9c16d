package io.mihari.alert.incident;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mihari.alert.testing.TestClock;
import io.mihari.model.event.BatchRun;
import io.mihari.model.event.Event;
import io.mihari.model.event.EventCodec;
import io.mihari.model.event.EventType;
import io.mihari.model.event.Heartbeat;
import io.mihari.model.event.Payload;
import io.mihari.model.event.Topics;
import io.mihari.testsupport.MihariInfra;
import io.mihari.testsupport.MihariInfraResource;
import io.mihari.testsupport.ReceivedMail;
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
 * The case of issue 14 against the real Kafka, OpenSearch and SMTP server: the monitoring relay {@code sj-mon1}
 * stops sending heartbeats (a liveness incident, its 初報), comes back (MITIGATED, its 復旧報告), and a moment later,
 * well inside the reopen window, a batch job of the DB server {@code sj-db1} fails. That is another problem: it opens
 * its own incident with its own 初報 naming the batch job and the server, in Japanese and English with Japan times;
 * the liveness incident is not reopened and sends no second recovery report.
 */
@QuarkusTest
@WithTestResource(MihariInfraResource.class)
class IncidentPerProblemTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Duration WAIT = Duration.ofSeconds(40);
    static final String SERVICE = "split-juki";
    static final String MON1 = "kurashiki/sj-mon1";
    static final String DB1 = "kurashiki/sj-db1";
    /** A time as the mails write it: 2026/12/06 12:25:43. */
    static final String JST_TIME = "\\d{4}/\\d{2}/\\d{2} \\d{2}:\\d{2}:\\d{2}";

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "mihari.opensearch.url")
    String openSearchUrl;

    final HttpClient http = HttpClient.newHttpClient();
    long seq;

    @Test
    void aBatchFailureSoonAfterALivenessIncidentRecoveredIsItsOwnIncidentWithItsOwnFirstReport() throws Exception {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers, ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new ByteArraySerializer())) {
            send(producer, "sj-db1", EventType.HEARTBEAT, new Heartbeat(3600, "test"));
            send(producer, "sj-mon1", EventType.HEARTBEAT, new Heartbeat(60, "test"));
            await().atMost(WAIT).untilAsserted(() -> {
                assertThat(targetStatus(MON1)).isEqualTo("UP");
                assertThat(targetStatus(DB1)).isEqualTo("UP");
            });

            // 1. the relay falls silent (3 heartbeats of 1 min): a liveness incident and its first report
            TestClock.CLOCK.advance(Duration.ofMinutes(4));
            JsonNode liveness = await().atMost(WAIT).until(() -> incidentOfKind("LIVENESS"), i -> i != null);
            String first = liveness.path("id").asText();
            ReceivedMail firstReport = awaitMail(first, "初報: ", "ja");
            assertThat(firstReport.subject()).endsWith("初報: 死活監視で応答なし（kurashiki/sj-mon1）");
            assertThat(firstReport.text()).contains("kurashiki/sj-mon1 からのハートビートが途絶えました")
                    .containsPattern("発生日時　: " + JST_TIME + "\\r?\\n").doesNotContain("JST", "LIVENESS")
                    .doesNotContainPattern("\\d{4}-\\d{2}-\\d{2}T");
            assertThat(awaitMail(first, "First report: ", "en").text())
                    .contains("no heartbeat from kurashiki/sj-mon1").containsPattern("Started       : " + JST_TIME + " JST\\r?\\n")
                    .doesNotContainPattern("\\d{4}-\\d{2}-\\d{2}T");

            // 2. it sends again: provisionally recovered, one recovery report per language
            Instant back = send(producer, "sj-mon1", EventType.HEARTBEAT, new Heartbeat(60, "test"));
            await().atMost(WAIT).untilAsserted(() -> {
                JsonNode i = incident(first);
                assertThat(i.path("status").asText()).isEqualTo("MITIGATED");
                // heartbeats count at the server's receive time
                assertThat(Retryable.instant(i.path("mitigatedAt"))).isBetween(back, now().plusMillis(1));
            });
            assertThat(awaitMail(first, "復旧報告: ", "ja").subject()).endsWith("復旧報告: 死活監視で応答なし（kurashiki/sj-mon1）");
            awaitMail(first, "Recovered: ", "en");

            // 3. seconds later (well inside the 15 min reopen window) the DB server's nightly batch fails
            send(producer, "sj-db1", EventType.BATCH_RUN, new BatchRun("nightly-close", "r-1", BatchRun.State.FAILED, 3,
                    1000L, "ORA-01555: snapshot too old"));
            JsonNode batch = await().atMost(WAIT).until(() -> incidentOfKind("BATCH"), i -> i != null);
            String second = batch.path("id").asText();
            assertThat(second).isNotEqualTo(first);
            assertThat(batch.path("affectedTargets").toString()).isEqualTo("[\"" + DB1 + "\"]");
            assertThat(batch.path("titleJa").asText()).isEqualTo("バッチ処理の異常: nightly-close（kurashiki/sj-db1）");
            assertThat(batch.path("titleEn").asText()).isEqualTo("batch job problem: nightly-close on kurashiki/sj-db1");
            List<String> lines = new ArrayList<>();
            batch.path("timeline").forEach(e -> lines.add(e.path("ja").asText() + " | " + e.path("en").asText()));
            assertThat(lines).first().isEqualTo("kurashiki/sj-db1 のバッチ処理 nightly-close が異常終了しました"
                    + "（実行 r-1、終了コード 3、出力: ORA-01555: snapshot too old） | batch job nightly-close failed on "
                    + "kurashiki/sj-db1 (run r-1, exit code 3, output: ORA-01555: snapshot too old)");

            ReceivedMail batchJa = awaitMail(second, "初報: ", "ja");
            assertThat(batchJa.subject()).endsWith("初報: バッチ処理の異常: nightly-close（kurashiki/sj-db1）");
            assertThat(batchJa.text()).contains("事象　　　: バッチ処理の異常: nightly-close（kurashiki/sj-db1）",
                    "検知内容　: kurashiki/sj-db1 のバッチ処理 nightly-close が異常終了しました（実行 r-1、終了コード 3、")
                    .doesNotContain("死活", "BATCH", "JST").doesNotContainPattern("\\d{4}-\\d{2}-\\d{2}T");
            assertThat(batchJa.headers()).containsEntry("Message-ID", "<" + second + ".ja@mihari>");
            ReceivedMail batchEn = awaitMail(second, "First report: ", "en");
            assertThat(batchEn.subject()).endsWith("First report: batch job problem: nightly-close on kurashiki/sj-db1");
            assertThat(batchEn.text()).contains("Detected as   : batch job nightly-close failed on kurashiki/sj-db1")
                    .doesNotContain("heartbeat");

            // 4. the liveness incident was left alone: not reopened, no second recovery report, nothing new in it
            JsonNode stillMitigated = incident(first);
            assertThat(stillMitigated.path("status").asText()).isEqualTo("MITIGATED");
            assertThat(stillMitigated.path("reopenCount").asInt()).isZero();
            assertThat(stillMitigated.path("alertKeys").toString()).isEqualTo("[\"" + MON1 + "|DOWN\"]");
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> mails(first).stream()
                    .filter(m -> m.subject().contains("復旧報告") || m.subject().contains("Recovered")).count() == 2);
            assertThat(mails(first)).extracting(ReceivedMail::subject).noneMatch(s -> s.contains("バッチ"))
                    .noneMatch(s -> s.contains("batch"));
        }
    }

    static Instant now() {
        return TestClock.CLOCK.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    Instant send(KafkaProducer<String, byte[]> producer, String host, EventType type, Payload payload)
            throws Exception {
        Instant at = now();
        Event event = new Event(UUID.randomUUID().toString(), 1, type, at, "kurashiki", "juki", host, "agent-" + host,
                ++seq, payload);
        producer.send(new ProducerRecord<>(Topics.eventsOf(event.targetId()), event.targetId(),
                EventCodec.encode(event))).get();
        return at;
    }

    /** GET on OpenSearch; a failed request is an AssertionError, so a wait tries it again. */
    JsonNode get(String path) {
        return Retryable.io(() -> JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(openSearchUrl + path))
                .build(), HttpResponse.BodyHandlers.ofString()).body()));
    }

    String targetStatus(String targetId) {
        return get("/mihari-targets/_doc/" + URLEncoder.encode(targetId, StandardCharsets.UTF_8)).path("_source")
                .path("status").asText();
    }

    JsonNode incident(String id) {
        return get("/mihari-incidents/_doc/" + id).path("_source");
    }

    /** The service's incident of this kind, or null before it opened (there is at most one). */
    JsonNode incidentOfKind(String kind) {
        get("/mihari-incidents/_refresh");
        JsonNode hits = get("/mihari-incidents/_search?q=" + URLEncoder.encode("serviceId:\"" + SERVICE
                + "\" AND kind:" + kind, StandardCharsets.UTF_8)).path("hits").path("hits");
        assertThat(hits.size()).isLessThanOrEqualTo(1);
        return hits.isEmpty() ? null : hits.get(0).path("_source");
    }

    static List<ReceivedMail> mails(String incidentId) {
        return MihariInfra.mail().messages().stream().filter(m -> m.subject().contains("[" + incidentId + "]"))
                .toList();
    }

    /** The one mail of the incident whose subject has {@code marker}, in {@code language}. */
    static ReceivedMail awaitMail(String incidentId, String marker, String language) {
        return await().atMost(WAIT).until(() -> {
            List<ReceivedMail> found = mails(incidentId).stream().filter(m -> m.subject().contains(marker)).toList();
            assertThat(found).hasSizeLessThanOrEqualTo(1);
            return found.isEmpty() ? null : found.get(0);
        }, m -> m != null && language.equals(m.headers().get("Content-Language")));
    }
}
