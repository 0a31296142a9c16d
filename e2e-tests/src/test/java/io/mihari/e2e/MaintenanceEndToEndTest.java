package io.mihari.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mihari.model.command.Actor;
import io.mihari.model.command.Command;
import io.mihari.model.command.CommandCodec;
import io.mihari.model.command.CommandType;
import io.mihari.model.event.CheckResult;
import io.mihari.model.event.Event;
import io.mihari.model.event.EventCodec;
import io.mihari.model.event.EventType;
import io.mihari.model.event.Heartbeat;
import io.mihari.model.event.Payload;
import io.mihari.model.event.Topics;
import io.mihari.model.maintenance.MaintenanceWindow;
import io.mihari.testsupport.FreePorts;
import io.mihari.testsupport.MihariInfra;
import io.mihari.testsupport.ReceivedMail;
import io.mihari.testsupport.Retryable;
import io.mihari.testsupport.TestCommands;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 12, findings 1 and 2, end to end through the packaged dashboard-api → Kafka → alert-service → the month's
 * figure, every part real:
 * <ol>
 * <li><b>Retroactive maintenance.</b> A server of the service goes DOWN for a while and comes back; its vendor, logged
 * in with password and one-time code, then asks for a maintenance window over that outage: dashboard-api refuses it
 * (400, naming the rule); the same command put on Kafka unsigned is dead-lettered ({@code UNSIGNED_COMMAND}); signed
 * with the trusted key it is rejected by alert-service by the same rule. The month's availability still counts the
 * downtime.</li>
 * <li><b>Pre-empted freeze.</b> The vendor posts writes whose Idempotency-Key is the id of last month's freeze
 * ({@code freeze-<service>-<month>}, {@code sys-freeze-<service>-<month>}): their commands get ids of the vendor's own
 * ({@code u-…}), and Mihari's freezer still freezes the month — revision 1, by Mihari.</li>
 * </ol>
 */
class MaintenanceEndToEndTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final Clock SYSTEM = Clock.systemUTC();
    static final ZoneId JST = ZoneId.of("Asia/Tokyo");
    static final String SERVICE = "e2e-maint-juki";
    static final String HOST = "e2e-maint-db1";
    static final String TARGET = "kurashiki/" + HOST;
    static final String VENDOR = "fujitsu-e2e";
    static final String VENDOR_TOTP = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
    static final Duration WAIT = Duration.ofSeconds(90);

    static Map<String, String> infra;
    static App alertService;
    static String alertReady;
    static App dashboard;
    static String dashboardUrl;
    static final List<App> started = new ArrayList<>();
    static KafkaProducer<String, byte[]> producer;
    static String token;
    long seq;

    @BeforeAll
    static void startEverything() throws Exception {
        Path repo = Path.of(System.getProperty("e2e.repo.dir", "..")).toAbsolutePath().normalize();
        Path logs = Path.of(System.getProperty("e2e.logs.dir", "target/e2e-logs"));
        infra = MihariInfra.serviceConfig();
        Path catalog = copy("/e2e-maint-catalog.yaml");
        Path users = copy("/e2e-maint-users.yaml");
        int alertPort = FreePorts.next();
        int dashboardPort = FreePorts.next();
        dashboardUrl = "http://127.0.0.1:" + dashboardPort;

        Map<String, String> alertConfig = new LinkedHashMap<>(infra);
        alertConfig.put("mihari.catalog.path", catalog.toString());
        alertConfig.put("quarkus.http.port", Integer.toString(alertPort));
        alertConfig.put("mihari.incidents.grouping-wait", "2s");
        alertConfig.put("mihari.mail.deliver-every", "1s");
        alertConfig.put("mihari.mail.dashboard-url", dashboardUrl);
        alertService = start(App.of("alert-service", repo, logs, "256m", alertConfig));
        alertReady = "http://127.0.0.1:" + alertPort + "/q/health/ready";

        Map<String, String> dashboardConfig = new LinkedHashMap<>();
        dashboardConfig.put("mihari.opensearch.url", infra.get("mihari.opensearch.url"));
        dashboardConfig.put("kafka.bootstrap.servers", infra.get("kafka.bootstrap.servers"));
        dashboardConfig.put("mihari.catalog.path", catalog.toString());
        dashboardConfig.put("mihari.auth.users-file", users.toString());
        dashboardConfig.put("mihari.auth.token-secret", "an-e2e-secret-of-at-least-32-bytes-length");
        dashboardConfig.put("quarkus.http.port", Integer.toString(dashboardPort));
        // the month's figure as it is now, not one computed a moment ago
        dashboardConfig.put("mihari.availability.cache-current", "0s");
        // last month is frozen 25 s after the start (the vendor's pre-emption comes first), then checked every 5 s
        dashboardConfig.put("mihari.availability.freeze-delay", "25s");
        dashboardConfig.put("mihari.availability.freeze-check-every", "5s");
        dashboardConfig.put("mihari.availability.freeze-after", "1s");
        dashboard = start(App.of("dashboard-api", repo, logs, "256m", dashboardConfig));

        dashboard.awaitReady(dashboardUrl + "/q/health/ready");
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                infra.get("kafka.bootstrap.servers"), ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(),
                new ByteArraySerializer());
    }

    static Path copy(String resource) throws Exception {
        Path file = Files.createTempFile("mihari-e2e-maint", ".yaml");
        try (var in = MaintenanceEndToEndTest.class.getResourceAsStream(resource)) {
            Files.write(file, in.readAllBytes());
        }
        return file;
    }

    static App start(App app) {
        started.add(app);
        return app.start();
    }

    @AfterAll
    static void stopEverything() throws InterruptedException {
        if (producer != null) {
            producer.close();
        }
        for (App app : started) {
            app.close();
        }
    }

    @Test
    void theVendorCanNeitherPlanItsOwnOutageAwayNorPreemptTheFreezeOfLastMonth() throws Exception {
        try {
            // ---- finding 2, first move: the vendor's writes carry the ids of last month's freeze as their keys ----
            YearMonth lastMonth = YearMonth.now(SYSTEM.withZone(JST)).minusMonths(1);
            Instant future = SYSTEM.instant().plus(Duration.ofDays(5)).truncatedTo(ChronoUnit.SECONDS);
            List<String> preempting = new ArrayList<>();
            for (String key : List.of("freeze-" + SERVICE + "-" + lastMonth, "sys-freeze-" + SERVICE + "-" + lastMonth)) {
                HttpResponse<String> write = api("POST", "/api/services/" + SERVICE + "/maintenance", key,
                        "{\"title\":\"定期パッチ\",\"start\":\"" + future + "\",\"end\":\""
                                + future.plus(Duration.ofHours(1)) + "\"}");
                assertThat(write.statusCode()).as(write.body()).isEqualTo(202);
                String commandId = JSON.readTree(write.body()).path("commandId").asText();
                assertThat(commandId).startsWith("u-").doesNotContain("freeze");
                preempting.add(commandId);
            }

            // ---- finding 1: an outage the vendor would like to plan away after the fact ----
            alertService.awaitReady(alertReady);
            send(EventType.HEARTBEAT, new Heartbeat(3600, "e2e"), SYSTEM.instant());
            awaitTarget("UP");
            Instant downAt = send(EventType.CHECK_RESULT, check(false), SYSTEM.instant());
            send(EventType.CHECK_RESULT, check(false), SYSTEM.instant());
            awaitTarget("DOWN");
            await("the first report of the outage").atMost(WAIT).until(() -> MihariInfra.mail().messages().stream()
                    .anyMatch(m -> m.subject().contains("初報") && m.subject().contains(HOST)));
            Instant upAt = send(EventType.CHECK_RESULT, check(true), SYSTEM.instant());
            send(EventType.CHECK_RESULT, check(true), SYSTEM.instant());
            awaitTarget("UP");
            YearMonth month = YearMonth.from(downAt.atZone(JST));

            // 1. through dashboard-api: refused, naming the rule
            String overOutage = "{\"id\":\"mw-retro-e2e\",\"title\":\"計画停止\",\"start\":\"" + downAt + "\",\"end\":\""
                    + upAt + "\"}";
            HttpResponse<String> refused = api("POST", "/api/services/" + SERVICE + "/maintenance", null, overOutage);
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
            assertThat(refused.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
            assertThat(JSON.readTree(refused.body()).path("detail").asText()).startsWith("start: " + downAt
                    + " is before the request (").contains("no maintenance window may start in the past");
            HttpResponse<String> urgent = api("POST", "/api/services/" + SERVICE + "/maintenance", null,
                    overOutage.replace("}", ",\"urgent\":true}"));
            assertThat(urgent.statusCode()).as(urgent.body()).isEqualTo(400);

            // 2. the same command put on Kafka by someone else, unsigned: dead-lettered, never applied nor recorded
            Actor vendor = new Actor(VENDOR, "vendor", "fujitsu-japan", "富士通 E2E");
            MaintenanceWindow window = MaintenanceWindow.asked("mw-retro-e2e", SERVICE, List.of(), "計画停止", downAt,
                    upAt, null, false);
            Command unsigned = new Command("u-e2e-unsigned-" + UUID.randomUUID(), CommandType.CREATE_MAINTENANCE,
                    SERVICE, null, vendor, SYSTEM.instant(), null, null, null, null, window, null);
            byte[] plain = CommandCodec.encode(unsigned);
            producer.send(new ProducerRecord<>(Topics.COMMANDS, SERVICE, plain)).get();
            ConsumerRecord<String, byte[]> deadLetter = awaitDeadLetter(plain);
            assertThat(header(deadLetter, Topics.DeadLetterHeaders.CODE)).isEqualTo("UNSIGNED_COMMAND");

            // 3. signed with the trusted key: alert-service rejects it by the same rule, and says so
            Command signed = new Command("u-e2e-signed-" + UUID.randomUUID(), CommandType.CREATE_MAINTENANCE, SERVICE,
                    null, vendor, SYSTEM.instant().truncatedTo(ChronoUnit.MILLIS), null, null, null, null, window, null);
            producer.send(TestCommands.record(signed)).get();
            JsonNode rejected = awaitGet("/api/commands/" + signed.commandId(), o -> true);
            assertThat(rejected.path("outcome").asText()).isEqualTo("REJECTED");
            assertThat(rejected.path("reason").asText()).startsWith("window.start: " + downAt + " is before the request ("
                    + signed.issuedAt() + "): no maintenance window may start in the past");
            assertThat(get("/api/commands/" + unsigned.commandId())).as("nothing recorded of the unsigned one").isNull();
            assertThat(get("/api/services/" + SERVICE + "/maintenance")).extracting(w -> w.path("id").asText())
                    .doesNotContain("mw-retro-e2e");

            // 4. the month's figure still counts the outage against the vendor
            JsonNode a = get("/api/availability/" + SERVICE + "?month=" + month).path("availability");
            List<JsonNode> down = new ArrayList<>();
            a.path("intervals").forEach(l -> {
                if ("DOWN".equals(l.path("kind").asText())) {
                    down.add(l);
                }
            });
            assertThat(down).singleElement().satisfies(l -> {
                assertThat(Retryable.instant(l.path("start"))).isEqualTo(downAt);
                assertThat(Retryable.instant(l.path("end"))).isEqualTo(upAt);
                assertThat(l.path("counted").asBoolean()).isTrue();
                assertThat(l.path("attribution").asText()).isEqualTo("VENDOR");
            });
            assertThat(a.path("contractualDowntimeMs").asLong()).isEqualTo(Duration.between(downAt, upAt).toMillis());
            assertThat(a.path("contractualAvailabilityPercent").decimalValue()).isLessThan(new java.math.BigDecimal("100"));
            assertThat(a.path("intervals").findValuesAsText("kind")).doesNotContain("MAINTENANCE");

            // ---- finding 2, the outcome: the vendor's writes were its own commands, and last month is frozen ----
            JsonNode revisions = awaitGet("/api/availability/" + SERVICE + "/revisions?month=" + lastMonth,
                    r -> r.path("revisions").size() > 0);
            JsonNode first = revisions.path("revisions").path(0);
            assertThat(first.path("revision").asInt()).isEqualTo(1);
            assertThat(first.path("frozenBy").asText()).isEqualTo("Mihari");
            assertThat(get("/api/commands/sys-freeze-" + SERVICE + "-" + lastMonth).path("outcome").asText())
                    .isEqualTo("APPLIED");
            for (String id : preempting) {
                JsonNode outcome = awaitGet("/api/commands/" + id, o -> true);
                assertThat(outcome.path("type").asText()).isEqualTo("CREATE_MAINTENANCE");
                assertThat(outcome.path("actor").path("userId").asText()).isEqualTo(VENDOR);
            }
            // and the city was asked about those requests (dashboard-api → Kafka → alert-service → mail)
            await("the city asked to approve").atMost(WAIT).until(() -> MihariInfra.mail().messages().stream()
                    .filter(m -> m.subject().contains("計画停止の承認依頼") && m.subject().contains("定期パッチ"))
                    .map(ReceivedMail::to).anyMatch(to -> to.contains("dx@city.kurashiki.example")));
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError(e.getMessage() + "\n--- alert-service log ---\n" + alertService.tail()
                    + "\n--- dashboard-api log ---\n" + dashboard.tail(), e);
        }
    }

    // ---- the API, as the vendor (password and one-time code) ----

    HttpResponse<String> api(String method, String path, String idempotencyKey, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(dashboardUrl + path))
                .header("Authorization", "Bearer " + token()).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** GET as the vendor: the body, or null on 404 (not there yet). */
    JsonNode get(String path) {
        HttpResponse<String> response = Retryable.io(() -> api("GET", path, null, null));
        if (response.statusCode() == 404) {
            return null;
        }
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return Retryable.io(() -> JSON.readTree(response.body()));
    }

    /** GET as the vendor until it answers 200 with what {@code wanted} accepts. */
    JsonNode awaitGet(String path, java.util.function.Predicate<JsonNode> wanted) {
        java.util.concurrent.atomic.AtomicReference<JsonNode> seen = new java.util.concurrent.atomic.AtomicReference<>();
        await(path).atMost(WAIT).untilAsserted(() -> {
            JsonNode body = get(path);
            assertThat(body).as(path + " not there yet").isNotNull();
            assertThat(wanted.test(body)).as(path + " → " + body).isTrue();
            seen.set(body);
        });
        return seen.get();
    }

    static synchronized String token() throws Exception {
        if (token == null) {
            HttpResponse<String> login = HTTP.send(HttpRequest.newBuilder(URI.create(dashboardUrl + "/api/auth/login"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                            "{\"username\":\"" + VENDOR + "\",\"password\":\"e2e-password\",\"code\":\""
                                    + totp(VENDOR_TOTP, SYSTEM.instant()) + "\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
            token = JSON.readTree(login.body()).path("token").asText();
        }
        return token;
    }

    /** RFC 6238 (6 digits, 30 s, HMAC-SHA1), as the vendor's authenticator app makes it. */
    static String totp(String base32Secret, Instant at) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(base32(base32Secret), "HmacSHA1"));
        byte[] hash = mac.doFinal(ByteBuffer.allocate(8).putLong(at.getEpochSecond() / 30).array());
        int offset = hash[hash.length - 1] & 0xf;
        int binary = ((hash[offset] & 0x7f) << 24) | ((hash[offset + 1] & 0xff) << 16)
                | ((hash[offset + 2] & 0xff) << 8) | (hash[offset + 3] & 0xff);
        return String.format("%06d", binary % 1_000_000);
    }

    static byte[] base32(String text) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int buffer = 0;
        int bits = 0;
        for (char c : text.replace("=", "").toUpperCase().toCharArray()) {
            buffer = (buffer << 5) | alphabet.indexOf(c);
            bits += 5;
            if (bits >= 8) {
                out.write((buffer >> (bits - 8)) & 0xff);
                bits -= 8;
            }
        }
        return out.toByteArray();
    }

    // ---- events and dead letters ----

    Instant send(EventType type, Payload payload, Instant at) throws Exception {
        Instant occurredAt = at.truncatedTo(ChronoUnit.MILLIS);
        Event event = new Event(UUID.randomUUID().toString(), 1, type, occurredAt, "kurashiki", "juki", HOST,
                "e2e-maint", ++seq, payload);
        producer.send(new ProducerRecord<>(Topics.eventsOf(event.targetId()), event.targetId(), EventCodec.encode(event))).get();
        return occurredAt;
    }

    static CheckResult check(boolean up) {
        return new CheckResult("portal", CheckResult.Kind.HTTP, up ? CheckResult.Status.UP : CheckResult.Status.DOWN,
                20, up ? "HTTP 200" : "HTTP 503", null);
    }

    void awaitTarget(String status) {
        await("target " + status).atMost(WAIT).untilAsserted(() -> {
            JsonNode target = get("/api/targets/" + TARGET);
            assertThat(target).isNotNull();
            assertThat(target.path("status").asText()).isEqualTo(status);
        });
    }


    /** The dead letter on the command dead-letter topic whose value is {@code value}. */
    static ConsumerRecord<String, byte[]> awaitDeadLetter(byte[] value) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.get("kafka.bootstrap.servers"),
                ConsumerConfig.GROUP_ID_CONFIG, "e2e-maint-dlq-" + UUID.randomUUID(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.COMMANDS_DLQ, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
            await("dead letter on " + Topics.COMMANDS_DLQ).atMost(WAIT).until(() -> {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    if (Arrays.equals(r.value(), value)) {
                        found.add(r);
                    }
                }
                return !found.isEmpty();
            });
            return found.get(0);
        }
    }

    static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
