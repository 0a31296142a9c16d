package io.mihari.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mihari.kafka.KafkaAccess;
import io.mihari.kafka.KafkaAccessTool;
import io.mihari.model.event.Event;
import io.mihari.model.event.EventCodec;
import io.mihari.model.event.EventType;
import io.mihari.model.event.Heartbeat;
import io.mihari.model.event.Topics;
import io.mihari.model.index.IndexTemplates;
import io.mihari.testsupport.FreePorts;
import io.mihari.testsupport.MailServer;
import io.mihari.testsupport.ReceivedMail;
import io.mihari.testsupport.SecureKafka;
import io.mihari.testsupport.SecureOpenSearch;
import io.mihari.testsupport.TestCertificates;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static io.mihari.testsupport.SecureOpenSearch.ADMIN;
import static io.mihari.testsupport.SecureOpenSearch.ALERT;
import static io.mihari.testsupport.SecureOpenSearch.DASHBOARD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The whole pipeline with every link encrypted and every party logged in, as docs/deploy.md sets it up: the
 * packaged agent logs in to Kafka (TLS + SCRAM) as its own principal and may write only its city's topic;
 * alert-service reads the events as {@code mihari-alert}, stores them in OpenSearch over HTTPS as the security
 * plugin's {@code mihari-alert} user, and mails the first report over SMTPS with a login; dashboard-api serves HTTPS
 * only, reads OpenSearch as {@code mihari-dashboard} (which can change no measurement) and publishes commands as its
 * own Kafka principal. The agent's spool is encrypted at rest with a key made by {@code mihari-agent spool-key}.
 * Users and ACLs come from the operator's tools and files (KafkaAccessTool,
 * deploy/opensearch/security); every password is random.
 */
class SecurePipelineTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String HOST = "krs-juki-db1";
    static final String TARGET = "kurashiki/" + HOST;
    static final String OTHER_HOST = "tkm-juki-db1";
    static final String AGENT = KafkaAccess.agentPrincipal("kurashiki", HOST);
    static final String MAIL_ACCOUNT = "mihari@city.example";

    @TempDir
    static Path dir;

    static Path repo;
    static Path logs;
    static SecureKafka kafka;
    static SecureOpenSearch openSearch;
    static MailServer mail;
    static TestCertificates site;
    static HttpClient https;
    static final Map<String, String> kafkaPasswords = new HashMap<>();
    static final List<App> started = new ArrayList<>();
    static String dashboardUrl;
    static String alertUrl;
    static App alertService;
    static App dashboard;
    static App agent;

    @BeforeAll
    static void startEverything() throws Exception {
        repo = Path.of(System.getProperty("e2e.repo.dir", "..")).toAbsolutePath().normalize();
        logs = Path.of(System.getProperty("e2e.logs.dir", "target/e2e-logs")).resolve("secure");
        kafka = SecureKafka.start();
        openSearch = SecureOpenSearch.start();
        site = TestCertificates.create(dir.resolve("site-tls"), "localhost");
        String mailPassword = UUID.randomUUID().toString();
        mail = MailServer.startSecure(site, MAIL_ACCOUNT, mailPassword);
        https = HttpClient.newBuilder().sslContext(site.clientSslContext()).connectTimeout(Duration.ofSeconds(5)).build();

        Path catalog = resource("/e2e-secure-catalog.yaml", "catalog.yaml");
        Path admin = kafka.adminConfigFile(dir.resolve("kafka-admin.properties"));
        for (String principal : List.of(KafkaAccess.Principals.DEFAULT.alertService(),
                KafkaAccess.Principals.DEFAULT.dashboard(), AGENT, KafkaAccess.agentPrincipal("takamatsu", OTHER_HOST))) {
            String password = UUID.randomUUID().toString();
            kafkaPasswords.put(principal, password);
            Path file = Files.writeString(dir.resolve(principal + ".password"), password);
            tool("add-user", principal, "--password-file", file.toString(), "--admin-config", admin.toString());
        }
        tool("apply", catalog.toString(), "--admin-config", admin.toString());

        int alertPort = FreePorts.next();
        alertUrl = "https://localhost:" + alertPort;
        int dashboardPort = FreePorts.next();
        dashboardUrl = "https://localhost:" + dashboardPort;

        Map<String, String> alertConfig = new LinkedHashMap<>();
        alertConfig.putAll(kafkaClient(KafkaAccess.Principals.DEFAULT.alertService()));
        alertConfig.putAll(openSearch.serviceConfig(ALERT));
        alertConfig.putAll(httpsOnly(alertPort));
        alertConfig.put("mihari.catalog.path", catalog.toString());
        alertConfig.put("mihari.incidents.grouping-wait", "2s");
        alertConfig.put("mihari.mail.deliver-every", "1s");
        alertConfig.put("mihari.mail.dashboard-url", dashboardUrl);
        alertConfig.put("quarkus.mailer.host", "localhost");
        alertConfig.put("quarkus.mailer.port", Integer.toString(mail.smtpPort()));
        alertConfig.put("quarkus.mailer.tls", "true");
        alertConfig.put("quarkus.mailer.tls-configuration-name", "mail");
        alertConfig.put("quarkus.tls.mail.trust-store.p12.path", site.truststore().toString());
        alertConfig.put("quarkus.tls.mail.trust-store.p12.password", site.password());
        alertConfig.put("quarkus.mailer.login", "REQUIRED");
        alertConfig.put("quarkus.mailer.username", MAIL_ACCOUNT);
        alertConfig.put("quarkus.mailer.password", mailPassword);
        alertConfig.put("quarkus.mailer.from", "Mihari <" + MAIL_ACCOUNT + ">");
        alertService = start(App.of("alert-service", repo, logs, "256m", alertConfig));

        Map<String, String> dashboardConfig = new LinkedHashMap<>();
        dashboardConfig.putAll(kafkaClient(KafkaAccess.Principals.DEFAULT.dashboard()));
        dashboardConfig.putAll(openSearch.serviceConfig(DASHBOARD));
        dashboardConfig.putAll(httpsOnly(dashboardPort));
        dashboardConfig.put("mihari.catalog.path", catalog.toString());
        dashboardConfig.put("mihari.auth.users-file", resource("/e2e-users.yaml", "users.yaml").toString());
        dashboardConfig.put("mihari.auth.token-secret", "a-secure-e2e-secret-of-at-least-32-bytes");
        dashboard = start(App.of("dashboard-api", repo, logs, "256m", dashboardConfig));

        alertService.awaitReady(alertUrl + "/q/health/ready", https);
        dashboard.awaitReady(dashboardUrl + "/q/health/ready", https);
        spoolKey = makeSpoolKey();
        agent = startAgent();
    }

    /** The Kafka client settings of {@code principal} as a service's {@code kafka.*} keys. */
    static Map<String, String> kafkaClient(String principal) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("kafka.bootstrap.servers", kafka.bootstrapServers());
        SecureKafka.connection(kafka.certificates(), principal, kafkaPasswords.get(principal))
                .forEach((k, v) -> config.put("kafka." + k, v));
        return config;
    }

    /** HTTPS with the site certificate, and no plain HTTP port at all. */
    static Map<String, String> httpsOnly(int port) {
        return Map.of("quarkus.http.ssl-port", Integer.toString(port),
                "quarkus.http.insecure-requests", "disabled",
                "quarkus.tls.key-store.p12.path", site.serverKeystore().toString(),
                "quarkus.tls.key-store.p12.password", site.password());
    }

    static Path spoolKey;

    /** The agent's spool key, made as an operator makes it ({@code mihari-agent spool-key generate}). */
    static Path makeSpoolKey() throws Exception {
        Path key = dir.resolve("agent-spool-key.jwks.json");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dmihari.agent.tenant=kurashiki", "-Dmihari.agent.system=juki", "-jar",
                repo.resolve("monitor-agent/target/quarkus-app/quarkus-run.jar").toString(),
                "spool-key", "generate", "--out", key.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return key;
    }

    static App startAgent() {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("kafka.bootstrap.servers", kafka.bootstrapServers());
        SecureKafka.connection(kafka.certificates(), AGENT, kafkaPasswords.get(AGENT))
                .forEach((k, v) -> config.put("mihari.agent.kafka." + k, v));
        config.put("mihari.agent.tenant", "kurashiki");
        config.put("mihari.agent.system", "juki");
        config.put("mihari.agent.host", HOST);
        config.put("mihari.agent.heartbeat-interval", "1s");
        config.put("mihari.agent.resources.enabled", "false");
        config.put("mihari.agent.spool.dir", dir.resolve("agent-spool").toString());
        config.put("mihari.agent.spool.encryption.key-file", spoolKey.toString()); // the spool encrypted at rest
        return start(App.of("monitor-agent", repo, logs, "128m", config, "run")).awaitLog("mihari-agent running");
    }

    static App start(App app) {
        started.add(app);
        return app.start();
    }

    static Path resource(String name, String file) throws IOException {
        try (InputStream in = SecurePipelineTest.class.getResourceAsStream(name)) {
            return Files.write(dir.resolve(file), in.readAllBytes());
        }
    }

    static void tool(String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = new KafkaAccessTool(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)).run(args);
        assertThat(exit).as(String.join(" ", args) + ": " + err.toString(StandardCharsets.UTF_8)).isZero();
    }

    @AfterAll
    static void stopEverything() throws InterruptedException {
        for (App app : started) {
            app.close();
        }
        if (mail != null) {
            mail.close();
        }
        if (openSearch != null) {
            openSearch.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    static OperatorApi operator;

    /** GET on the dashboard API over HTTPS as Kurashiki's operator (e2e-users.yaml); every answer carries HSTS. */
    static JsonNode api(String path) throws IOException, InterruptedException {
        if (operator == null) {
            operator = new OperatorApi(https, dashboardUrl);
        }
        HttpResponse<String> response = operator.getResponse(path);
        assertThat(response.headers().firstValue("Strict-Transport-Security")).isPresent();
        return JSON.readTree(response.body());
    }

    /** Heartbeats of {@code target} stored in OpenSearch (read as the administrator). */
    static long stored(String target) throws IOException {
        HttpResponse<String> response = openSearch.send(ADMIN, "GET",
                "/mihari-events-*/_count?q=targetId:%22" + target.replace("/", "%2F") + "%22", null);
        return response.statusCode() == 200 ? JSON.readTree(response.body()).path("count").asLong() : 0;
    }

    static List<ReceivedMail> firstReports() {
        return mail.messages().stream().filter(m -> m.subject().contains(TARGET))
                .filter(m -> m.subject().contains("初報") || m.subject().contains("First report")).toList();
    }

    @Test
    void anOutageTravelsTheEncryptedPipelineFromTheAgentToTheMailAndTheDashboard() throws Exception {
        try {
            await("heartbeats stored").atMost(Duration.ofSeconds(90)).until(() -> stored(TARGET) >= 2);
            await("server UP").atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                    assertThat(api("/api/targets/" + TARGET).path("status").asText()).isEqualTo("UP"));

            agent.kill();

            await("first report mailed over SMTPS").atMost(Duration.ofSeconds(60))
                    .until(() -> firstReports().size() >= 2);
            ReceivedMail ja = firstReports().stream().filter(m -> m.subject().contains("初報")).findFirst()
                    .orElseThrow();
            assertThat(ja.to()).containsExactly("dx@city.kurashiki.example");
            assertThat(ja.text()).contains(TARGET, dashboardUrl + "/#/incidents/INC-");
            String incidentId = ja.subject().replaceAll(".*\\[(INC-[0-9-]+)].*", "$1");

            await("the dashboard shows the outage").atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(api("/api/targets/" + TARGET).path("status").asText()).isEqualTo("DOWN");
                JsonNode incident = api("/api/incidents/" + incidentId);
                assertThat(incident.path("status").asText()).isEqualTo("OPEN");
                assertThat(incident.path("firstReportSentAt").isTextual()).isTrue();
            });
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError(e.getMessage() + "\n--- alert-service log ---\n" + alertService.tail()
                    + "\n--- dashboard-api log ---\n" + dashboard.tail(), e);
        }
    }

    @Test
    void anAgentsLoginWritesOnlyItsCitysEventsAndReadsNothing() throws Exception {
        Map<String, Object> producer = new HashMap<>(kafka.client(AGENT, kafkaPasswords.get(AGENT)));
        producer.put("enable.idempotence", "false");
        producer.put("max.block.ms", "20000");
        producer.put("delivery.timeout.ms", "20000");
        producer.put("request.timeout.ms", "10000");
        try (KafkaProducer<String, byte[]> p = new KafkaProducer<>(producer, new StringSerializer(),
                new ByteArraySerializer())) {
            byte[] command = "{\"type\":\"SET_ATTRIBUTION\"}".getBytes(StandardCharsets.UTF_8);
            for (String topic : List.of(Topics.COMMANDS, Topics.events("takamatsu"), Topics.EVENTS_DLQ,
                    Topics.INCIDENTS)) {
                assertThatThrownBy(() -> p.send(new ProducerRecord<>(topic, "x", command)).get(30, TimeUnit.SECONDS))
                        .as("the agent writes to " + topic).isInstanceOf(ExecutionException.class)
                        .hasCauseInstanceOf(TopicAuthorizationException.class);
            }

            // on its own city's topic it may write, but a record speaking for another city's host is dead-lettered
            String foreign = "takamatsu/" + OTHER_HOST;
            Event lie = new Event("e-" + UUID.randomUUID(), Event.SCHEMA_VERSION, EventType.HEARTBEAT, Instant.now(),
                    "takamatsu", "juki", OTHER_HOST, "agent-lie", 1, new Heartbeat(1, "0.1.0"));
            p.send(new ProducerRecord<>(Topics.events("kurashiki"), foreign, EventCodec.encode(lie)))
                    .get(30, TimeUnit.SECONDS);
            await("the lie dead-lettered as WRONG_TOPIC").atMost(Duration.ofSeconds(60))
                    .until(() -> deadLetterCodes(lie.eventId()).contains("WRONG_TOPIC"));
            assertThat(stored(foreign)).as("nothing stored for the other city's host").isZero();
        }

        Map<String, Object> consumer = new HashMap<>(kafka.client(AGENT, kafkaPasswords.get(AGENT)));
        consumer.put("default.api.timeout.ms", "20000");
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(consumer, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            c.assign(List.of(new TopicPartition(Topics.events("kurashiki"), 0)));
            c.seekToBeginning(c.assignment());
            assertThatThrownBy(() -> c.poll(Duration.ofSeconds(10))).as("the agent reads its own topic")
                    .isInstanceOf(TopicAuthorizationException.class);
        }
    }

    /** The dead-letter codes of records on the event DLQ whose value mentions {@code marker} (read as admin). */
    static List<String> deadLetterCodes(String marker) {
        Map<String, Object> c = new HashMap<>(kafka.admin());
        c.put("group.id", "verify-" + UUID.randomUUID());
        c.put("auto.offset.reset", "earliest");
        List<String> codes = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(c, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.EVENTS_DLQ));
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (System.nanoTime() < end) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    if (new String(r.value(), StandardCharsets.UTF_8).contains(marker)) {
                        var code = r.headers().lastHeader(Topics.DeadLetterHeaders.CODE);
                        codes.add(code == null ? "?" : new String(code.value(), StandardCharsets.UTF_8));
                    }
                }
            }
        }
        return codes;
    }

    @Test
    void dashboardApisOpenSearchUserChangesNoMeasurement() throws Exception {
        // the services installed and wrote what they own with their own users
        await("an incident index written by alert-service").atMost(Duration.ofSeconds(60))
                .until(() -> openSearch.send(ADMIN, "HEAD", "/" + IndexTemplates.INCIDENTS, null).statusCode() == 200);
        assertThat(openSearch.send(ADMIN, "HEAD", "/" + IndexTemplates.AUTH, null).statusCode())
                .as("dashboard-api created its login state").isEqualTo(200);
        assertThat(openSearch.send(ALERT, "PUT", "/mihari-incidents/_doc/roles-probe?refresh=true",
                "{\"id\":\"roles-probe\"}").statusCode()).isIn(200, 201);
        assertThat(openSearch.send(DASHBOARD, "GET", "/mihari-incidents/_doc/roles-probe", null).statusCode())
                .isEqualTo(200);

        // every way of changing a measurement: refused with 403
        assertForbidden("PUT", "/mihari-incidents/_doc/roles-probe", "{\"id\":\"erased\"}");
        assertForbidden("POST", "/mihari-incidents/_update/roles-probe", "{\"doc\":{\"id\":\"erased\"}}");
        assertForbidden("DELETE", "/mihari-incidents/_doc/roles-probe", null);
        assertForbidden("DELETE", "/mihari-incidents", null);
        assertForbidden("PUT", "/mihari-incidents/_mapping", "{\"properties\":{\"x\":{\"type\":\"keyword\"}}}");
        assertForbidden("PUT", "/mihari-incidents/_settings", "{\"index\":{\"blocks\":{\"write\":true}}}");
        assertForbidden("PUT", "/_index_template/mihari-incidents", "{\"index_patterns\":[\"mihari-x\"]}");
        assertForbidden("PUT", "/mihari-events-2020.01.01", "{}");
        assertForbidden("PUT", "/_cluster/settings", "{\"persistent\":{\"action.auto_create_index\":false}}");
        HttpResponse<String> bulk = openSearch.send(DASHBOARD, "POST", "/_bulk",
                "{\"index\":{\"_index\":\"mihari-incidents\",\"_id\":\"roles-probe\"}}\n{\"id\":\"erased\"}\n");
        assertThat(bulk.body()).as("a bulk write is refused item by item").contains("\"status\":403")
                .doesNotContain("\"result\":\"updated\"");
        assertThat(openSearch.send(ADMIN, "GET", "/mihari-incidents/_doc/roles-probe", null).body())
                .contains("\"id\":\"roles-probe\"");

        // alert-service has no business in the login state
        assertThat(openSearch.send(ALERT, "GET", "/" + IndexTemplates.AUTH + "/_search", null).statusCode())
                .isEqualTo(403);
        assertThat(openSearch.send(ALERT, "PUT", "/" + IndexTemplates.AUTH + "/_doc/x", "{}").statusCode())
                .isEqualTo(403);
    }

    static void assertForbidden(String method, String path, String json) {
        HttpResponse<String> response = openSearch.send(DASHBOARD, method, path, json);
        assertThat(response.statusCode()).as(method + " " + path + " as dashboard-api: " + response.body())
                .isEqualTo(403);
    }

    @Test
    void theRolesFileCoversEveryIndexMihariHas() throws IOException {
        String yaml = Files.readString(repo.resolve("deploy/opensearch/security/roles.yml"));
        String alert = yaml.substring(yaml.indexOf("mihari_alert:"), yaml.indexOf("mihari_dashboard:"));
        String reader = yaml.substring(yaml.indexOf("mihari_dashboard:"));
        for (IndexTemplates.Template template : IndexTemplates.ALL) {
            String index = template.fixedIndex() != null ? template.fixedIndex() : IndexTemplates.EVENTS_PREFIX + "*";
            assertThat(alert).as("alert-service writes " + index).contains("\"" + index + "\"");
            assertThat(reader).as("dashboard-api reads " + index).contains("\"" + index + "\"");
        }
        assertThat(alert).doesNotContain(IndexTemplates.AUTH);
    }

    @Test
    void plainConnectionsAndMissingLoginsGetNothing() throws Exception {
        HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        for (String url : List.of(openSearch.url(), dashboardUrl, alertUrl)) {
            String http = url.replace("https://", "http://") + "/q/health/ready";
            assertThatThrownBy(() -> plain.send(HttpRequest.newBuilder(URI.create(http))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()))
                    .as("plain HTTP to " + url).isInstanceOf(IOException.class);
        }
        assertThat(openSearch.send(null, "GET", "/mihari-incidents/_search", null).statusCode()).isEqualTo(401);

        Map<String, Object> plaintext = Map.of("bootstrap.servers", kafka.bootstrapServers(),
                "security.protocol", "PLAINTEXT", "request.timeout.ms", "3000", "default.api.timeout.ms", "6000");
        try (Admin a = Admin.create(plaintext)) {
            assertThatThrownBy(() -> a.listTopics().names().get(20, TimeUnit.SECONDS))
                    .as("Kafka without TLS and a login").isInstanceOf(ExecutionException.class);
        }
        Map<String, Object> wrongPassword = new HashMap<>(kafka.client(AGENT, "not-the-password"));
        wrongPassword.put("request.timeout.ms", "5000");
        wrongPassword.put("default.api.timeout.ms", "10000");
        try (Admin a = Admin.create(wrongPassword)) {
            assertThatThrownBy(() -> a.listTopics().names().get(20, TimeUnit.SECONDS))
                    .hasRootCauseInstanceOf(org.apache.kafka.common.errors.SaslAuthenticationException.class);
        }
    }
}
