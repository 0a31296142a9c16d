package io.mihari.alert.incident;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mihari.alert.testing.TestClock;
import io.mihari.model.command.Actor;
import io.mihari.model.command.Command;
import io.mihari.model.command.CommandType;
import io.mihari.model.command.PostIncidentReport;
import io.mihari.model.event.CheckResult;
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
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
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
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One incident's whole SLA course against the real Kafka, OpenSearch and SMTP server: first report, a person's
 * status update (restarts the hourly clock), the reminder 15 min before the next deadline, an automatic status
 * report at the deadline while the SMTP server is down (it arrives after the outage and the SLA record shows how
 * late), recovery, the request for the written report, the report submitted, resolved and closed. Commands travel
 * as dashboard-api sends them, on {@code mihari.commands.v1}. Every mail is checked: subject, language, thread
 * headers, content. The clock moves hours ahead, so the test has its own catalog and application (profile).
 */
@QuarkusTest
@TestProfile(IncidentLifecycleTest.OwnCatalog.class)
@WithTestResource(MihariInfraResource.class)
class IncidentLifecycleTest {

    /** Only the lifecycle service is catalogued while the clock runs hours ahead. */
    public static class OwnCatalog implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mihari.catalog.path", "src/test/resources/lifecycle-catalog.yaml");
        }
    }

    static final ObjectMapper JSON = new ObjectMapper();
    static final Duration WAIT = Duration.ofSeconds(40);
    static final String SERVICE = "lifecycle-fukushi";
    static final String HOST = "lc-web1";
    static final Actor VENDOR = new Actor("tanaka", "vendor", "ines", "田中 (INES)");
    static final Actor OPERATOR = new Actor("sato", "operator", "kurashiki", "佐藤 (倉敷市)");

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "mihari.opensearch.url")
    String openSearchUrl;

    final HttpClient http = HttpClient.newHttpClient();
    long seq;

    @AfterAll
    static void backToSystemTime() {
        MihariInfra.mail().startAgain();
        TestClock.CLOCK.reset();
    }

    @Test
    void wholeIncidentFromFirstReportToClosedWithEveryMailOnTimeOrTruthfullyLate() throws Exception {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers, ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new ByteArraySerializer())) {
            send(producer, EventType.HEARTBEAT, new Heartbeat(6 * 3600, "test"));
            await().atMost(WAIT).untilAsserted(() -> assertThat(get("/mihari-targets/_doc/"
                    + URLEncoder.encode("kurashiki/" + HOST, StandardCharsets.UTF_8)).path("_source").path("status")
                    .asText()).isEqualTo("UP"));

            // 1. the check fails twice: one incident, its first report 初報 in Japanese (city) and English (vendor)
            Instant firstFailure = send(producer, EventType.CHECK_RESULT, check(false));
            send(producer, EventType.CHECK_RESULT, check(false));
            JsonNode opened = await().atMost(WAIT).until(this::incident, i -> i != null);
            String id = opened.path("id").asText();
            assertThat(Instant.parse(opened.path("startedAt").asText())).isEqualTo(firstFailure);
            Instant openedAt = Instant.parse(opened.path("openedAt").asText());
            assertThat(at(opened.path("sla").path("nextStatusReportDue"))).isEqualTo(openedAt.plus(Duration.ofHours(1)));
            ReceivedMail firstJa = awaitMail(id, "初報: ", "ja");
            assertThat(firstJa.subject()).isEqualTo("[Mihari][倉敷市/保健福祉系][" + id
                    + "] 初報: 死活監視（稼働確認）の失敗（kurashiki/lc-web1）");
            assertThat(firstJa.to()).containsExactly("dx@kurashiki.example");
            assertThat(firstJa.headers()).containsEntry("Message-ID", "<" + id + ".ja@mihari>");
            ReceivedMail firstEn = awaitMail(id, "First report: ", "en");
            assertThat(firstEn.to()).containsExactly("ops@ines.example");
            assertThat(firstEn.headers()).containsEntry("Message-ID", "<" + id + ".en@mihari>");

            // 2. the vendor posts a status update: mailed to everyone, and the next report is due an hour after it
            Instant updatedAt = now();
            command(producer, new Command("cmd-" + UUID.randomUUID(), CommandType.POST_UPDATE, SERVICE, id, VENDOR,
                    updatedAt, "WEB1 のアプリケーションサーバを再起動中です。", null, null, null, null, null));
            ReceivedMail updateJa = awaitMail(id, "状況報告 #1: ", "ja");
            assertThat(updateJa.text()).contains("WEB1 のアプリケーションサーバを再起動中です。", "田中 (INES)");
            assertThreaded(updateJa, id, "ja");
            assertThreaded(awaitMail(id, "Status report #1: ", "en"), id, "en");
            Instant due = updatedAt.plus(Duration.ofHours(1));
            await().atMost(WAIT).untilAsserted(() -> {
                JsonNode sla = incident().path("sla");
                assertThat(at(sla.path("nextStatusReportDue"))).isEqualTo(due);
                JsonNode first = Retryable.element(sla.path("statusReports"), 0);
                assertThat(first.path("automatic").asBoolean()).isFalse();
                assertThat(first.path("author").asText()).isEqualTo("田中 (INES)");
                assertThat(first.path("sentAt").isTextual()).isTrue();
                assertThat(first.path("lateBySeconds").asLong()).isZero();
            });

            // 3. 15 min before the deadline the vendor (only) is reminded
            TestClock.CLOCK.advance(Duration.between(now(), due.minus(Duration.ofMinutes(15))).plusMillis(500));
            ReceivedMail reminder = awaitMail(id, "Reminder: status report due by ", "en");
            assertThat(reminder.to()).containsExactly("ops@ines.example");
            assertThat(reminder.text()).contains("if nobody does, Mihari sends an automatic report");
            assertThreaded(reminder, id, "en");
            assertThat(mails(id).stream().filter(m -> m.subject().contains("状況報告期限"))).isEmpty();
            // the reminder is mailed a moment before the incident saying so is stored
            await().atMost(WAIT).untilAsserted(() -> assertThat(at(Retryable.element(
                    incident().path("sla").path("reminders"), 0).path("forDue"))).isEqualTo(due));

            // 4. nobody writes; the SMTP server is down at the deadline: Mihari makes its automatic report on time,
            //    the mail goes out when the server is back, and the SLA record says how long Mihari's mail took —
            //    Mihari's own figure, not a lateness of the vendor (who did not write: automatic)
            MihariInfra.mail().stop();
            TestClock.CLOCK.advance(Duration.between(now(), due).plusMillis(200));
            JsonNode automatic = await().atMost(WAIT).until(() -> incident().path("sla").path("statusReports").get(1),
                    r -> r != null);
            assertThat(automatic.path("automatic").asBoolean()).isTrue();
            assertThat(at(automatic.path("dueAt"))).isEqualTo(due);
            assertThat(at(automatic.path("createdAt"))).as("made as of its deadline").isEqualTo(due);
            assertThat(at(incident().path("sla").path("nextStatusReportDue"))).as("no drift")
                    .isEqualTo(due.plus(Duration.ofHours(1)));
            await().atMost(WAIT).untilAsserted(() -> assertThat(get("/mihari-outbox/_doc/" + id + "-STATUS-2-ja")
                    .path("_source").path("attempts").asInt()).isGreaterThanOrEqualTo(1));
            JsonNode unsent = Retryable.element(incident().path("sla").path("statusReports"), 1).path("sentAt");
            assertThat(unsent.isMissingNode() || unsent.isNull()).as("sentAt while the SMTP server is down").isTrue();
            TestClock.CLOCK.advance(Duration.ofMinutes(5)); // the outage lasts five minutes
            MihariInfra.mail().startAgain();
            ReceivedMail automaticJa = awaitMail(id, "状況報告 #2（自動）: ", "ja");
            assertThat(automaticJa.text()).contains("Mihari（自動）", "監視で把握している状況",
                    "kurashiki/lc-web1 — 稼働確認「portal」: 停止（HTTP 503）、").doesNotContain("check portal", "JST");
            assertThreaded(automaticJa, id, "ja");
            assertThat(awaitMail(id, "Status report #2 (automatic): ", "en").text())
                    .contains("Nobody posted a status report by its deadline",
                            "kurashiki/lc-web1 — check portal: down (HTTP 503), ");
            await().atMost(WAIT).untilAsserted(() -> {
                // sentAt is stored a moment after the SMTP server accepted the mail
                JsonNode report = Retryable.element(incident().path("sla").path("statusReports"), 1);
                Instant sentAt = at(report.path("sentAt"));
                assertThat(sentAt).isAfterOrEqualTo(due.plus(Duration.ofMinutes(5)));
                assertThat(report.path("mihariDelaySeconds").asLong())
                        .isEqualTo(Duration.between(due, sentAt).toSeconds()).isGreaterThanOrEqualTo(300);
                assertThat(report.path("lateBySeconds").isNull() || report.path("lateBySeconds").isMissingNode())
                        .isTrue();
            });

            // 5. the check passes again: provisionally recovered after more than an hour, so a written report is due
            Instant back = send(producer, EventType.CHECK_RESULT, check(true));
            send(producer, EventType.CHECK_RESULT, check(true));
            await().atMost(WAIT).untilAsserted(() -> {
                JsonNode i = incident();
                assertThat(i.path("status").asText()).isEqualTo("MITIGATED");
                assertThat(at(i.path("mitigatedAt"))).isEqualTo(back);
                assertThat(i.path("sla").path("nextStatusReportDue").isNull()
                        || i.path("sla").path("nextStatusReportDue").isMissingNode()).isTrue();
                assertThat(at(i.path("sla").path("postIncidentReport").path("dueAt")))
                        .isEqualTo(back.plus(Duration.ofDays(7)));
            });
            ReceivedMail recovery = awaitMail(id, "復旧報告: ", "ja");
            assertThat(recovery.text()).contains("障害報告書（経緯・原因・一次対処・恒久対策）の提出が必要です");
            assertThreaded(recovery, id, "ja");
            assertThreaded(awaitMail(id, "Recovered: ", "en"), id, "en");
            ReceivedMail request = awaitMail(id, "Post-incident report requested: ", "en");
            assertThat(request.to()).containsExactly("ops@ines.example");
            assertThat(request.text()).contains("timeline, cause, first response, permanent countermeasures");
            assertThreaded(request, id, "en");
            await().atMost(WAIT).untilAsserted(() -> assertThat(incident().path("sla").path("postIncidentReport")
                    .path("requestSentAt").isTextual()).isTrue());

            // 6. someone of another vendor cannot touch it; the vendor submits the report; the city resolves it
            String foreign = "cmd-" + UUID.randomUUID();
            command(producer, new Command(foreign, CommandType.ACKNOWLEDGE, SERVICE, id,
                    new Actor("suzuki", "vendor", "fujitsu-japan", null), now(), null, null, null, null, null, null));
            String report = "cmd-" + UUID.randomUUID();
            command(producer, new Command(report, CommandType.SUBMIT_REPORT, SERVICE, id, VENDOR, now(), null, null,
                    null, new PostIncidentReport("10:00 検知、10:05 再起動開始", "接続プールの枯渇",
                            "アプリケーションサーバの再起動", "接続プール上限の見直しと監視項目の追加"), null, null));
            ReceivedMail written = awaitMail(id, "障害報告書: ", "ja");
            assertThat(written.text()).contains("■ 原因", "接続プールの枯渇", "■ 一次対処", "■ 恒久対策",
                    "接続プール上限の見直しと監視項目の追加", "■ 経緯（Mihari の記録）", "自動の状況報告 #2 を作成しました");
            assertThat(written.text()).as("the timeline in Japanese, times in Japan time")
                    .doesNotContain("automatic status report", "JST").doesNotContainPattern("\\d{4}-\\d{2}-\\d{2}T");
            assertThat(written.html()).contains("<h3>原因</h3>");
            assertThreaded(written, id, "ja");
            assertThat(awaitMail(id, "Post-incident report: ", "en").text()).contains("Permanent countermeasures");
            String resolve = "cmd-" + UUID.randomUUID();
            command(producer, new Command(resolve, CommandType.MARK_RESOLVED, SERVICE, id, OPERATOR, now(),
                    "接続プール設定を本番反映済み", null, null, null, null, null));
            await().atMost(WAIT).untilAsserted(() -> {
                JsonNode i = incident();
                assertThat(i.path("status").asText()).isEqualTo("CLOSED");
                assertThat(i.path("writtenReport").path("cause").asText()).isEqualTo("接続プールの枯渇");
                assertThat(i.path("sla").path("postIncidentReport").path("lateBySeconds").asLong()).isZero();
            });
            await().atMost(WAIT).untilAsserted(() -> {
                assertThat(outcome(foreign).path("outcome").asText()).isEqualTo("REJECTED");
                assertThat(outcome(foreign).path("reason").asText()).contains("does not operate lifecycle-fukushi");
                assertThat(outcome(report).path("outcome").asText()).isEqualTo("APPLIED");
                assertThat(outcome(resolve).path("outcome").asText()).isEqualTo("APPLIED");
            });

            // 7. nothing happens twice, and nothing is left to do
            String again = "cmd-" + UUID.randomUUID();
            command(producer, new Command(again, CommandType.MARK_RESOLVED, SERVICE, id, OPERATOR, now(), null, null,
                    null, null, null, null));
            await().atMost(WAIT).untilAsserted(() -> assertThat(outcome(again).path("reason").asText())
                    .contains("cannot resolve", "CLOSED"));
            assertThat(mails(id)).extracting(ReceivedMail::subject)
                    .filteredOn(s -> s.contains("初報") || s.contains("First report")).hasSize(2);
            assertThat(mails(id)).hasSize(12); // 初報, #1, #2, 復旧, report: ×2 languages; reminder, request: English (vendor) only
            keepSamples(mails(id));
        }
    }

    /** Every mail of the incident as received, for people to read (target/mail-samples, quoted in docs/sla.md). */
    static void keepSamples(List<ReceivedMail> mails) throws java.io.IOException {
        java.nio.file.Path dir = java.nio.file.Path.of("target", "mail-samples");
        java.nio.file.Files.createDirectories(dir);
        StringBuilder all = new StringBuilder();
        for (ReceivedMail m : mails) {
            all.append("Subject: ").append(m.subject()).append('\n').append("To: ").append(m.to()).append('\n');
            m.headers().forEach((k, v) -> all.append(k).append(": ").append(v).append('\n'));
            all.append('\n').append(m.text()).append("\n\n========\n\n");
        }
        java.nio.file.Files.writeString(dir.resolve("lifecycle.txt"), all.toString());
    }

    @Test
    void troubleInsideAnnouncedMaintenanceIsPlannedAndSilentUntilTheWindowIsWithdrawn() throws Exception {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers, ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new ByteArraySerializer())) {
            // the city registers urgent maintenance starting now: approved by the city at once (a vendor's request
            // would need the city's approval first: MaintenanceApprovalTest)
            String windowId = "mw-" + UUID.randomUUID();
            String create = "cmd-" + UUID.randomUUID();
            Instant start = now();
            command(producer, new Command(create, CommandType.CREATE_MAINTENANCE, "lifecycle-maint", null, OPERATOR,
                    start, null, null, null, null, io.mihari.model.maintenance.MaintenanceWindow.asked(windowId,
                    "lifecycle-maint", List.of(), "OS パッチ適用", start, start.plus(Duration.ofHours(2)), null, true),
                    null));
            await().atMost(WAIT).untilAsserted(() -> {
                assertThat(outcome(create).path("outcome").asText()).isEqualTo("APPLIED");
                JsonNode window = get("/mihari-maintenance/_doc/" + windowId).path("_source");
                assertThat(window.path("createdBy").asText()).isEqualTo("佐藤 (倉敷市)");
                assertThat(window.path("status").asText()).isEqualTo("APPROVED");
                assertThat(at(window.path("start"))).isEqualTo(start);
            });

            seq = 1000;
            sendFrom(producer, "lm-web1", EventType.HEARTBEAT, new Heartbeat(6 * 3600, "test"));
            sendFrom(producer, "lm-web1", EventType.CHECK_RESULT, check(false));
            sendFrom(producer, "lm-web1", EventType.CHECK_RESULT, check(false));
            JsonNode planned = await().atMost(WAIT).until(() -> incidentOf("lifecycle-maint"), i -> i != null);
            String id = planned.path("id").asText();
            assertThat(planned.path("planned").asBoolean()).isTrue();
            assertThat(planned.path("attribution").asText()).isEqualTo("PLANNED");
            assertThat(planned.path("sla").path("muted").asBoolean()).isTrue();
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
                    .until(() -> mails(id).isEmpty()); // nobody is mailed about planned work

            // the window is withdrawn while the trouble goes on: from now on it is an ordinary incident
            String cancel = "cmd-" + UUID.randomUUID();
            command(producer, new Command(cancel, CommandType.CANCEL_MAINTENANCE, "lifecycle-maint", null, OPERATOR,
                    now(), null, null, null, null, null, windowId));
            awaitMail(id, "初報: ", "ja");
            awaitMail(id, "First report: ", "en");
            await().atMost(WAIT).untilAsserted(() -> {
                JsonNode i = incidentOf("lifecycle-maint");
                assertThat(i.path("planned").asBoolean()).isFalse();
                assertThat(i.path("sla").path("muted").asBoolean()).isFalse();
                assertThat(i.path("timeline").findValuesAsText("type")).contains("MAINTENANCE_OVERRUN");
                assertThat(get("/mihari-maintenance/_doc/" + windowId).path("_source").path("cancelledAt").isTextual())
                        .isTrue();
            });
        }
    }

    @Test
    void aFinishedMonthIsFrozenOnceAndEveryCorrectionIsTheNextRevision() throws Exception {
        io.mihari.model.catalog.Service service = io.mihari.model.catalog.CatalogLoader
                .load(java.nio.file.Path.of("src/test/resources/lifecycle-catalog.yaml")).service(SERVICE).orElseThrow();
        io.mihari.model.availability.Availability october = io.mihari.model.availability.AvailabilityCalculator.compute(
                service, java.time.YearMonth.of(2026, 10), now(), List.of(
                        new io.mihari.model.availability.TargetTransition("kurashiki/lc-web1",
                                Instant.parse("2026-09-01T00:00:00Z"), "UP", "TEST")),
                List.of(), List.of(), List.of());
        Actor mihari = new Actor("mihari", "admin", null, "Mihari");
        String first = "freeze-" + SERVICE + "-2026-10";
        String again = "cmd-" + UUID.randomUUID();
        String correction = "cmd-" + UUID.randomUUID();
        String vendor = "cmd-" + UUID.randomUUID();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers, ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new ByteArraySerializer())) {
            command(producer, freeze(first, mihari, null, october));
            command(producer, freeze(again, mihari, null, october));
            command(producer, freeze(correction, new Actor("root", "admin", null, "管理者"),
                    "INC-20261020-0001 を CLOUD に再分類", october));
            command(producer, freeze(vendor, VENDOR, "自社に有利な訂正", october));
        }
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(outcome(first).path("outcome").asText()).isEqualTo("APPLIED");
            assertThat(outcome(again).path("outcome").asText()).isEqualTo("DUPLICATE");
            assertThat(outcome(correction).path("outcome").asText()).isEqualTo("APPLIED");
            assertThat(outcome(correction).path("revision").asLong()).isEqualTo(2);
            assertThat(outcome(vendor).path("outcome").asText()).isEqualTo("REJECTED");
        });
        JsonNode r1 = get("/mihari-reports/_doc/" + SERVICE + "%7C2026-10%7Cr1").path("_source");
        assertThat(r1.path("frozenBy").asText()).isEqualTo("Mihari");
        assertThat(r1.path("availability").path("plannedMonthMs").asLong()).isEqualTo(2_678_400_000L);
        JsonNode r2 = get("/mihari-reports/_doc/" + SERVICE + "%7C2026-10%7Cr2").path("_source");
        assertThat(r2.path("reason").asText()).isEqualTo("INC-20261020-0001 を CLOUD に再分類");
        assertThat(r2.path("frozenBy").asText()).isEqualTo("管理者");
    }

    static Command freeze(String id, Actor actor, String reason, io.mihari.model.availability.Availability month) {
        return new Command(id, CommandType.FREEZE_MONTH, SERVICE, null, actor, now(), reason, null, null, null, null,
                null, month);
    }

    /**
     * Issue 20: the service is DOWN (its only server, critical), so the incident is CRITICAL; nobody acknowledges
     * it: at exactly +15 min its escalation list's first step is mailed; once the vendor acknowledges it the second
     * step (+30 min) never comes.
     */
    @Test
    void anUnacknowledgedCriticalIncidentEscalatesAtItsInstantAndStopsOnceAcknowledged() throws Exception {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers, ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new ByteArraySerializer())) {
            seq = 2000;
            sendFrom(producer, "le-web1", EventType.HEARTBEAT, new Heartbeat(6 * 3600, "test"));
            await().atMost(WAIT).untilAsserted(() -> assertThat(get("/mihari-targets/_doc/"
                    + URLEncoder.encode("kurashiki/le-web1", StandardCharsets.UTF_8)).path("_source").path("status")
                    .asText()).isEqualTo("UP"));
            Instant failure = sendFrom(producer, "le-web1", EventType.CHECK_RESULT, check(false));
            sendFrom(producer, "le-web1", EventType.CHECK_RESULT, check(false));
            JsonNode opened = await().atMost(WAIT).until(() -> incidentOf("lifecycle-escalation"),
                    i -> i != null && "CRITICAL".equals(i.path("severity").asText())
                            && i.path("sla").path("escalation").path("criticalSince").isTextual());
            String id = opened.path("id").asText();
            Instant critical = at(opened.path("sla").path("escalation").path("criticalSince"));
            assertThat(critical).as("counts from when Mihari knew: not before the failure, at the opening")
                    .isAfterOrEqualTo(failure).isEqualTo(at(opened.path("openedAt")));

            TestClock.CLOCK.advance(Duration.between(now(), critical.plus(Duration.ofMinutes(15))).minusSeconds(2));
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10))
                    .until(() -> mails(id).stream().noneMatch(m -> m.subject().contains("エスカレーション")));
            TestClock.CLOCK.advance(Duration.ofSeconds(2).plusMillis(500));
            ReceivedMail step1 = awaitMail(id, "【エスカレーション第1段階】", "ja");
            assertThat(step1.to()).containsExactly("leader@ines.example");
            await().atMost(WAIT).untilAsserted(() -> {
                JsonNode i = incidentOf("lifecycle-escalation");
                JsonNode step = Retryable.element(i.path("sla").path("escalation").path("steps"), 0);
                assertThat(at(step.path("dueAt"))).isEqualTo(critical.plus(Duration.ofMinutes(15)));
                assertThat(i.path("timeline").findValuesAsText("type")).contains("ESCALATED");
            });
            JsonNode escalated = null;
            for (JsonNode entry : incidentOf("lifecycle-escalation").path("timeline")) {
                if ("ESCALATED".equals(entry.path("type").asText())) {
                    escalated = entry;
                }
            }
            assertThat(escalated).isNotNull();
            assertThat(at(escalated.path("at"))).as("in the timeline at exactly its instant")
                    .isEqualTo(critical.plus(Duration.ofMinutes(15)));

            String ack = "cmd-" + UUID.randomUUID();
            command(producer, new Command(ack, CommandType.ACKNOWLEDGE, "lifecycle-escalation", id, VENDOR, now(),
                    "確認しました。対応を開始します。", null, null, null, null, null));
            await().atMost(WAIT).untilAsserted(() -> assertThat(incidentOf("lifecycle-escalation")
                    .path("acknowledgedAt").isTextual()).isTrue());
            TestClock.CLOCK.advance(Duration.between(now(), critical.plus(Duration.ofMinutes(30))).plusSeconds(1));
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
                    .until(() -> mails(id).stream().noneMatch(m -> m.subject().contains("第2段階")
                            || m.subject().contains("step 2")));
            assertThat(incidentOf("lifecycle-escalation").path("sla").path("escalation").path("steps").size())
                    .as("acknowledged: no second step").isEqualTo(1);
        }
    }

    static CheckResult check(boolean up) {
        return new CheckResult("portal", CheckResult.Kind.HTTP, up ? CheckResult.Status.UP : CheckResult.Status.DOWN,
                12, up ? "HTTP 200" : "HTTP 503", null);
    }

    static Instant now() {
        return TestClock.CLOCK.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    /** The instant in {@code node}; an AssertionError (retried by Awaitility) while it is not stored yet. */
    static Instant at(JsonNode node) {
        return Retryable.instant(node);
    }

    Instant send(KafkaProducer<String, byte[]> producer, EventType type, Payload payload) throws Exception {
        return sendFrom(producer, HOST, type, payload);
    }

    Instant sendFrom(KafkaProducer<String, byte[]> producer, String host, EventType type, Payload payload)
            throws Exception {
        Instant at = now();
        Event event = new Event(UUID.randomUUID().toString(), 1, type, at, "kurashiki", "hokenfukushi", host,
                "agent-" + host, ++seq, payload);
        producer.send(new ProducerRecord<>(Topics.eventsOf(event.targetId()), event.targetId(), EventCodec.encode(event))).get();
        return at;
    }

    static void command(KafkaProducer<String, byte[]> producer, Command command) throws Exception {
        producer.send(io.mihari.testsupport.TestCommands.record(command)).get(); // signed as dashboard-api signs
    }

    /** GET on OpenSearch; a failed request is an AssertionError, so a wait tries it again. */
    JsonNode get(String path) {
        return Retryable.io(() -> JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(openSearchUrl + path))
                .build(), HttpResponse.BodyHandlers.ofString()).body()));
    }

    /** The lifecycle service's incident (there is exactly one), or null before it opened. */
    JsonNode incident() throws Exception {
        return incidentOf(SERVICE);
    }

    JsonNode incidentOf(String serviceId) throws Exception {
        get("/mihari-incidents/_refresh");
        JsonNode hits = get("/mihari-incidents/_search?q=" + URLEncoder.encode("serviceId:\"" + serviceId + "\"",
                StandardCharsets.UTF_8)).path("hits").path("hits");
        assertThat(hits.size()).isLessThanOrEqualTo(1);
        return hits.isEmpty() ? null : hits.get(0).path("_source");
    }

    JsonNode outcome(String commandId) throws Exception {
        return get("/mihari-commands/_doc/" + commandId).path("_source");
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

    static void assertThreaded(ReceivedMail mail, String incidentId, String language) {
        String root = "<" + incidentId + "." + language + "@mihari>";
        assertThat(mail.headers()).containsEntry("In-Reply-To", root).containsEntry("References", root);
        assertThat(mail.headers().get("Content-Language")).isEqualTo(language);
    }
}
