package io.mihari.alert.maintenance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mihari.alert.testing.TestClock;
import io.mihari.model.command.Actor;
import io.mihari.model.command.Command;
import io.mihari.model.command.CommandType;
import io.mihari.model.event.CheckResult;
import io.mihari.model.event.Event;
import io.mihari.model.event.EventCodec;
import io.mihari.model.event.EventType;
import io.mihari.model.event.Heartbeat;
import io.mihari.model.event.Payload;
import io.mihari.model.event.Topics;
import io.mihari.model.maintenance.MaintenanceWindow;
import io.mihari.model.maintenance.Recurrence;
import io.mihari.testsupport.MihariInfra;
import io.mihari.testsupport.MihariInfraResource;
import io.mihari.testsupport.ReceivedMail;
import io.mihari.testsupport.Retryable;
import io.mihari.testsupport.TestCommands;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Planned maintenance as the contract defines it, against the real Kafka, OpenSearch and SMTP server, with commands
 * signed as dashboard-api signs them: the vendor's request plans nothing and the city is asked; once the city approves
 * it before it starts, trouble inside it is planned (and the vendor is told); a request never approved leaves the
 * trouble an ordinary incident; a request in the past, without the notice or of every hour of every week since 2000 is
 * rejected with the rule that refused it, and so is an approval after the start or by the vendor. Issue 12, finding 1.
 * The clock moves minutes ahead, so the test has its own catalog (a 10-minute notice) and application.
 */
@QuarkusTest
@TestProfile(MaintenanceApprovalTest.OwnCatalog.class)
@WithTestResource(MihariInfraResource.class)
class MaintenanceApprovalTest {

    /** Only this test's services are catalogued while the clock runs ahead. */
    public static class OwnCatalog implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mihari.catalog.path", "src/test/resources/maintenance-catalog.yaml");
        }
    }

    static final ObjectMapper JSON = new ObjectMapper();
    static final Duration WAIT = Duration.ofSeconds(40);
    static final String GRANTED = "approval-granted";
    static final String PENDING = "approval-pending";
    static final Actor VENDOR = new Actor("tanaka", "vendor", "ines", "田中 (INES)");
    static final Actor OPERATOR = new Actor("sato", "operator", "kurashiki", "佐藤 (倉敷市)");

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "mihari.opensearch.url")
    String openSearchUrl;

    final HttpClient http = HttpClient.newHttpClient();
    KafkaProducer<String, byte[]> producer;
    long seq;

    @BeforeEach
    void producer() {
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer());
    }

    @AfterEach
    void closeProducer() {
        producer.close();
    }

    @AfterAll
    static void backToSystemTime() throws java.io.IOException {
        TestClock.CLOCK.reset();
        keepSamples();
    }

    /** Every maintenance mail as received, for people to read (target/mail-samples, quoted in docs/sla.md). */
    static void keepSamples() throws java.io.IOException {
        java.nio.file.Path dir = java.nio.file.Path.of("target", "mail-samples");
        java.nio.file.Files.createDirectories(dir);
        StringBuilder all = new StringBuilder();
        for (ReceivedMail m : MihariInfra.mail().messages()) {
            if (m.subject().contains("[計画停止 ") || m.subject().contains("[Maintenance ")) {
                all.append("Subject: ").append(m.subject()).append('\n').append("To: ").append(m.to()).append('\n');
                m.headers().forEach((k, v) -> all.append(k).append(": ").append(v).append('\n'));
                all.append('\n').append(m.text()).append("\n\n========\n\n");
            }
        }
        java.nio.file.Files.writeString(dir.resolve("maintenance.txt"), all.toString());
    }

    @Test
    void aRequestPlansNothingUntilTheCityApprovesItBeforeItStartsAndEveryoneIsMailedTheirPart() throws Exception {
        Instant start = now().plus(Duration.ofMinutes(11)); // the notice is 10 minutes
        Instant end = start.plus(Duration.ofHours(1));
        String granted = "mw-granted-" + UUID.randomUUID();
        String pending = "mw-pending-" + UUID.randomUUID();

        // 1. the vendor requests both windows: stored as requests, nothing planned, the city is asked by mail
        String requestGranted = command(create(GRANTED, VENDOR, window(granted, GRANTED, start, end, false)));
        String requestPending = command(create(PENDING, VENDOR, window(pending, PENDING, start, end, false)));
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(outcome(requestGranted).path("outcome").asText()).isEqualTo("APPLIED");
            assertThat(outcome(requestPending).path("outcome").asText()).isEqualTo("APPLIED");
            JsonNode stored = window(granted);
            assertThat(stored.path("status").asText()).isEqualTo("REQUESTED");
            assertThat(stored.path("createdBy").asText()).isEqualTo("田中 (INES)");
            assertThat(stored.path("createdByRole").asText()).isEqualTo("vendor");
            assertThat(stored.path("urgent").asBoolean()).isFalse();
        });
        ReceivedMail request = awaitMail(granted, "計画停止の承認依頼: ");
        assertThat(request.to()).containsExactly("dx@kurashiki.example");
        assertThat(request.subject()).isEqualTo("[Mihari][倉敷市/保健福祉系][計画停止 " + granted
                + "] 計画停止の承認依頼: OS パッチ適用 (" + jst(start) + " – " + jst(end) + ")");
        assertThat(request.headers()).containsEntry("Message-ID", "<maintenance." + granted.replace('.', '+')
                + ".ja@mihari>").containsEntry("Content-Language", "ja");
        assertThat(request.text()).contains("田中 (INES) 様から計画停止の申請がありました", "承認されるまで",
                "緊急: いいえ", "申請者: 田中 (INES)", "/#/maintenance/" + GRANTED);
        awaitMail(pending, "計画停止の承認依頼: ");

        // 2. the city approves one of them before it starts: in force; the vendor is told, in the window's thread
        String approve = command(decide(CommandType.APPROVE_MAINTENANCE, GRANTED, OPERATOR, granted, "了承します"));
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(outcome(approve).path("outcome").asText()).isEqualTo("APPLIED");
            JsonNode stored = window(granted);
            assertThat(stored.path("status").asText()).isEqualTo("APPROVED");
            assertThat(stored.path("decidedBy").asText()).isEqualTo("佐藤 (倉敷市)");
            assertThat(stored.path("decisionNote").asText()).isEqualTo("了承します");
            assertThat(Retryable.instant(stored.path("decidedAt"))).isBefore(start);
        });
        ReceivedMail approved = awaitMail(granted, "Maintenance approved: ");
        assertThat(approved.to()).containsExactly("ops@ines.example");
        assertThat(approved.headers()).containsEntry("In-Reply-To", "<maintenance." + granted + ".en@mihari>")
                .containsEntry("References", "<maintenance." + granted + ".en@mihari>");
        assertThat(approved.text()).contains("was approved by 佐藤 (倉敷市)", "Approved by: 佐藤 (倉敷市)",
                "Requested by: 田中 (INES)", "了承します", "When: " + jst(start) + " JST – " + jst(end) + " JST");

        // 3. both windows start; trouble on both services
        TestClock.CLOCK.advance(Duration.between(now(), start).plusSeconds(30));
        troubleOn("ma-web1");
        troubleOn("mp-web1");

        // the approved window plans it: attribution PLANNED, muted, nobody mailed
        JsonNode planned = await().atMost(WAIT).until(() -> incidentOf(GRANTED), i -> i != null);
        assertThat(planned.path("planned").asBoolean()).isTrue();
        assertThat(planned.path("attribution").asText()).isEqualTo("PLANNED");
        assertThat(planned.path("sla").path("muted").asBoolean()).isTrue();
        // the request never approved plans nothing: an ordinary incident, first report mailed
        JsonNode ordinary = await().atMost(WAIT).until(() -> incidentOf(PENDING), i -> i != null);
        assertThat(ordinary.path("planned").asBoolean()).isFalse();
        assertThat(ordinary.path("sla").path("muted").asBoolean()).isFalse();
        String ordinaryId = ordinary.path("id").asText();
        await().atMost(WAIT).until(() -> incidentMails(ordinaryId).stream().anyMatch(m -> m.subject().contains("初報")));
        String plannedId = planned.path("id").asText();
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
                .until(() -> incidentMails(plannedId).isEmpty()); // nobody is mailed about approved work

        // 4. approving the pending request now is too late: it has started
        Command tooLate = decide(CommandType.APPROVE_MAINTENANCE, PENDING, OPERATOR, pending, null);
        String late = command(tooLate);
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(outcome(late).path("outcome").asText()).isEqualTo("REJECTED");
            assertThat(outcome(late).path("reason").asText()).isEqualTo("windowId: " + pending + " started at "
                    + start + ", before the approval (" + tooLate.issuedAt()
                    + "): planned maintenance is approved before it starts");
            assertThat(window(pending).path("status").asText()).isEqualTo("REQUESTED");
        });
    }

    @Test
    void aWindowInThePastWithoutTheNoticeOrEveryHourSince2000IsRejectedNamingTheRule() throws Exception {
        Instant now = now();
        // down for 26 minutes until a moment ago: the vendor asks for maintenance over it, urgent or not
        String overOutage = command(create(GRANTED, VENDOR, window("mw-retro-" + UUID.randomUUID(), GRANTED,
                now.minus(Duration.ofMinutes(26)), now, false), now));
        String overOutageUrgent = command(create(GRANTED, VENDOR, window("mw-retro-u-" + UUID.randomUUID(), GRANTED,
                now.minus(Duration.ofMinutes(26)), now, true)));
        String short5 = command(create(GRANTED, VENDOR, window("mw-short-" + UUID.randomUUID(), GRANTED,
                now.plus(Duration.ofMinutes(5)), now.plus(Duration.ofMinutes(65)), false)));
        String always = command(create(GRANTED, VENDOR, MaintenanceWindow.asked("mw-always-" + UUID.randomUUID(),
                GRANTED, List.of(), "常時メンテナンス", OffsetDateTime.parse("2000-01-01T00:00+09:00").toInstant(), null,
                new Recurrence(List.of(DayOfWeek.values()), LocalTime.MIDNIGHT, Duration.ofHours(24), "Asia/Tokyo"),
                false), now));
        // the same window as the city's operator registers it urgently is refused too: nobody plans the past
        String cityRetro = command(create(GRANTED, OPERATOR, window("mw-city-retro-" + UUID.randomUUID(), GRANTED,
                now.minus(Duration.ofMinutes(26)), now, true)));
        // an urgent request starting at once is accepted as a request (the city must still approve it)
        String urgentWindow = "mw-urgent-" + UUID.randomUUID();
        String urgent = command(create(GRANTED, VENDOR, window(urgentWindow, GRANTED, now.plusSeconds(5),
                now.plus(Duration.ofHours(1)), true)));

        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(outcome(overOutage).path("outcome").asText()).isEqualTo("REJECTED");
            assertThat(outcome(overOutage).path("reason").asText()).startsWith("window.start: "
                    + now.minus(Duration.ofMinutes(26)) + " is before the request (" + now + "): no maintenance "
                    + "window may start in the past");
            assertThat(outcome(overOutageUrgent).path("reason").asText()).contains("is before the request");
            assertThat(outcome(cityRetro).path("outcome").asText()).isEqualTo("REJECTED");
            assertThat(outcome(short5).path("outcome").asText()).isEqualTo("REJECTED");
            assertThat(outcome(short5).path("reason").asText()).startsWith(
                    "window.start: less than the notice of 10m (maintenance.notice) before it starts");
            assertThat(outcome(always).path("outcome").asText()).isEqualTo("REJECTED");
            assertThat(outcome(always).path("reason").asText()).contains("window.start: 1999-12-31T15:00:00Z is before",
                    "window.recurrence.duration: each occurrence lasts at most 12h",
                    "window.recurrence: 7d a week, at most 12h (maintenance.maxHoursPerWeek)",
                    "window.end: required for a recurring window");
            assertThat(outcome(urgent).path("outcome").asText()).isEqualTo("APPLIED");
            assertThat(window(urgentWindow).path("status").asText()).isEqualTo("REQUESTED");
            assertThat(window(urgentWindow).path("urgent").asBoolean()).isTrue();
        });
        assertThat(awaitMail(urgentWindow, "計画停止の承認依頼（緊急）: ").text()).contains("緊急: はい");

        // the vendor cannot approve its own request (the bridge refuses the signed actor), the city can reject it
        String selfApproval = command(decide(CommandType.APPROVE_MAINTENANCE, GRANTED, VENDOR, urgentWindow, null));
        String reject = command(decide(CommandType.REJECT_MAINTENANCE, GRANTED, OPERATOR, urgentWindow, "選挙期間中のため"));
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(outcome(selfApproval).path("outcome").asText()).isEqualTo("REJECTED");
            assertThat(outcome(selfApproval).path("reason").asText()).contains("never by the vendor");
            assertThat(outcome(reject).path("outcome").asText()).isEqualTo("APPLIED");
            assertThat(window(urgentWindow).path("status").asText()).isEqualTo("REJECTED");
        });
        ReceivedMail rejected = awaitMail(urgentWindow, "Maintenance rejected (urgent): ");
        assertThat(rejected.to()).containsExactly("ops@ines.example");
        assertThat(rejected.text()).contains("rejected by 佐藤 (倉敷市)", "Why it was rejected", "選挙期間中のため");
        assertThat(MihariInfra.mail().messages().stream().filter(m -> m.subject().contains("mw-retro-")
                || m.subject().contains("mw-always-") || m.subject().contains("mw-short-"))).as("nothing refused is mailed")
                .isEmpty();
    }

    @Test
    void aVendorWithdrawsItsOwnRequestButNotAWindowTheCityRegistered() throws Exception {
        Instant start = now().plus(Duration.ofHours(2));
        String own = "mw-own-" + UUID.randomUUID();
        String citys = "mw-citys-" + UUID.randomUUID();
        String request = command(create(GRANTED, VENDOR, window(own, GRANTED, start, start.plus(Duration.ofHours(1)),
                false)));
        String register = command(create(GRANTED, OPERATOR, window(citys, GRANTED, start,
                start.plus(Duration.ofHours(1)), false)));
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(outcome(request).path("outcome").asText()).isEqualTo("APPLIED");
            assertThat(outcome(register).path("outcome").asText()).isEqualTo("APPLIED");
            assertThat(window(citys).path("status").asText()).isEqualTo("APPROVED");
            assertThat(window(citys).path("decidedBy").asText()).isEqualTo("佐藤 (倉敷市)");
        });
        ReceivedMail registered = awaitMail(citys, "Maintenance registered: ");
        assertThat(registered.to()).containsExactly("ops@ines.example");
        assertThat(registered.headers()).containsEntry("Message-ID", "<maintenance." + citys + ".en@mihari>");

        String withdrawOwn = command(cancel(VENDOR, own));
        String withdrawCitys = command(cancel(VENDOR, citys));
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(outcome(withdrawOwn).path("outcome").asText()).isEqualTo("APPLIED");
            assertThat(window(own).path("cancelledBy").asText()).isEqualTo("田中 (INES)");
            assertThat(outcome(withdrawCitys).path("outcome").asText()).isEqualTo("REJECTED");
            assertThat(outcome(withdrawCitys).path("reason").asText()).contains("a vendor withdraws only the windows it"
                    + " requested");
            assertThat(window(citys).path("cancelledAt").isMissingNode() || window(citys).path("cancelledAt").isNull())
                    .isTrue();
        });
        // a withdrawn request is approved by no one
        String approveWithdrawn = command(decide(CommandType.APPROVE_MAINTENANCE, GRANTED, OPERATOR, own, null));
        await().atMost(WAIT).untilAsserted(() -> assertThat(outcome(approveWithdrawn).path("reason").asText())
                .startsWith("windowId: " + own + " was withdrawn at "));
    }

    // ---- commands, as dashboard-api signs them ----

    static MaintenanceWindow window(String id, String serviceId, Instant start, Instant end, boolean urgent) {
        return MaintenanceWindow.asked(id, serviceId, List.of(), "OS パッチ適用", start, end, null, urgent);
    }

    static Command create(String serviceId, Actor actor, MaintenanceWindow window) {
        return create(serviceId, actor, window, now());
    }

    static Command create(String serviceId, Actor actor, MaintenanceWindow window, Instant issuedAt) {
        return new Command("cmd-" + UUID.randomUUID(), CommandType.CREATE_MAINTENANCE, serviceId, null, actor,
                issuedAt, null, null, null, null, window, null);
    }

    static Command decide(CommandType type, String serviceId, Actor actor, String windowId, String note) {
        return new Command("cmd-" + UUID.randomUUID(), type, serviceId, null, actor, now(), note, null, null, null,
                null, windowId);
    }

    static Command cancel(Actor actor, String windowId) {
        return new Command("cmd-" + UUID.randomUUID(), CommandType.CANCEL_MAINTENANCE, GRANTED, null, actor, now(),
                null, null, null, null, null, windowId);
    }

    /** Publishes the command signed with the test key; its id. */
    String command(Command command) throws Exception {
        producer.send(TestCommands.record(command)).get();
        return command.commandId();
    }

    // ---- events ----

    /** A heartbeat, then the check fails twice: the target is DOWN. */
    void troubleOn(String host) throws Exception {
        send(host, EventType.HEARTBEAT, new Heartbeat(6 * 3600, "test"));
        CheckResult failing = new CheckResult("portal", CheckResult.Kind.HTTP, CheckResult.Status.DOWN, 12, "HTTP 503",
                null);
        send(host, EventType.CHECK_RESULT, failing);
        send(host, EventType.CHECK_RESULT, failing);
    }

    void send(String host, EventType type, Payload payload) throws Exception {
        Event event = new Event(UUID.randomUUID().toString(), 1, type, now(), "kurashiki", "hokenfukushi", host,
                "agent-" + host, ++seq, payload);
        producer.send(new ProducerRecord<>(Topics.eventsOf(event.targetId()), event.targetId(), EventCodec.encode(event))).get();
    }

    static Instant now() {
        return TestClock.CLOCK.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    /** A time as a Japanese mail writes it ({@code 2026/12/06 15:16:00}); English adds {@code JST}. */
    static String jst(Instant at) {
        return io.mihari.alert.incident.ProblemWords.time(at, true);
    }

    // ---- what was stored and mailed ----

    /** GET on OpenSearch; a failed request is an AssertionError, so a wait tries it again. */
    JsonNode get(String path) {
        return Retryable.io(() -> JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(openSearchUrl + path))
                .build(), HttpResponse.BodyHandlers.ofString()).body()));
    }

    JsonNode outcome(String commandId) {
        return get("/mihari-commands/_doc/" + commandId).path("_source");
    }

    JsonNode window(String windowId) {
        return get("/mihari-maintenance/_doc/" + windowId).path("_source");
    }

    JsonNode incidentOf(String serviceId) {
        get("/mihari-incidents/_refresh");
        JsonNode hits = get("/mihari-incidents/_search?q=" + URLEncoder.encode("serviceId:\"" + serviceId + "\"",
                StandardCharsets.UTF_8)).path("hits").path("hits");
        assertThat(hits.size()).isLessThanOrEqualTo(1);
        return hits.isEmpty() ? null : hits.get(0).path("_source");
    }

    static List<ReceivedMail> incidentMails(String incidentId) {
        return MihariInfra.mail().messages().stream().filter(m -> m.subject().contains("[" + incidentId + "]"))
                .toList();
    }

    /** The one mail of the window whose subject has {@code marker}. */
    static ReceivedMail awaitMail(String windowId, String marker) {
        return await().atMost(WAIT).until(() -> {
            List<ReceivedMail> found = MihariInfra.mail().messages().stream()
                    .filter(m -> m.subject().contains(" " + windowId + "]") && m.subject().contains(marker)).toList();
            assertThat(found).hasSizeLessThanOrEqualTo(1);
            return found.isEmpty() ? null : found.get(0);
        }, m -> m != null);
    }
}
