package io.mihari.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mihari.testsupport.FreePorts;
import io.mihari.testsupport.MihariInfra;
import io.mihari.testsupport.ReceivedMail;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole path with every part real: the packaged agent sends heartbeats through Kafka; the packaged
 * alert-service stores them in OpenSearch, notices when they stop, opens an incident and mails the
 * first report to the SMTP server; the packaged dashboard-api shows the server DOWN and the incident.
 */
class WalkingSkeletonTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final String TARGET = "kurashiki/krs-juki-db1";

    static Path repo;
    static Path logs;
    static Map<String, String> infra;
    static App alertService;
    static App dashboard;
    static App agent;
    static String dashboardUrl;
    static Map<String, String> alertConfig;
    static String alertReadyUrl;
    static final List<App> started = new ArrayList<>();

    @BeforeAll
    static void startEverything() throws Exception {
        repo = Path.of(System.getProperty("e2e.repo.dir", "..")).toAbsolutePath().normalize();
        logs = Path.of(System.getProperty("e2e.logs.dir", "target/e2e-logs"));
        infra = MihariInfra.serviceConfig();
        Path catalog = Files.createTempFile("mihari-e2e-catalog", ".yaml");
        try (var in = WalkingSkeletonTest.class.getResourceAsStream("/e2e-catalog.yaml")) {
            Files.write(catalog, in.readAllBytes());
        }

        int alertPort = FreePorts.next();
        int dashboardPort = FreePorts.next();
        dashboardUrl = "http://127.0.0.1:" + dashboardPort;
        alertConfig = new LinkedHashMap<>(infra);
        alertConfig.put("mihari.catalog.path", catalog.toString());
        alertConfig.put("quarkus.http.port", Integer.toString(alertPort));
        alertConfig.put("mihari.incidents.grouping-wait", "2s");
        // the second outage below must be a new incident, not the first one reopened
        alertConfig.put("mihari.incidents.reopen-within", "0s");
        alertConfig.put("mihari.mail.deliver-every", "1s");
        alertConfig.put("mihari.mail.dashboard-url", dashboardUrl);
        alertService = start(App.of("alert-service", repo, logs, "256m", alertConfig));

        Path users = Files.createTempFile("mihari-e2e-users", ".yaml");
        try (var in = WalkingSkeletonTest.class.getResourceAsStream("/e2e-users.yaml")) {
            Files.write(users, in.readAllBytes());
        }
        dashboard = start(App.of("dashboard-api", repo, logs, "256m", Map.of(
                "mihari.opensearch.url", infra.get("mihari.opensearch.url"),
                "kafka.bootstrap.servers", infra.get("kafka.bootstrap.servers"),
                "mihari.catalog.path", catalog.toString(),
                "mihari.auth.users-file", users.toString(),
                "mihari.auth.token-secret", "an-e2e-secret-of-at-least-32-bytes-length",
                "quarkus.http.port", Integer.toString(dashboardPort))));

        alertReadyUrl = "http://127.0.0.1:" + alertPort + "/q/health/ready";
        alertService.awaitReady(alertReadyUrl);
        dashboard.awaitReady(dashboardUrl + "/q/health/ready");
        agent = startAgent();
    }

    static App startAgent() {
        return start(App.of("monitor-agent", repo, logs, "128m", Map.of(
                "kafka.bootstrap.servers", infra.get("kafka.bootstrap.servers"),
                "mihari.agent.tenant", "kurashiki",
                "mihari.agent.system", "juki",
                "mihari.agent.host", "krs-juki-db1",
                "mihari.agent.heartbeat-interval", "1s",
                "mihari.agent.resources.enabled", "false",
                "mihari.agent.spool.dir", logs.resolve("agent-spool").toString()), "run")).awaitLog("mihari-agent running");
    }

    static App start(App app) {
        started.add(app);
        return app.start();
    }

    @AfterAll
    static void stopEverything() throws InterruptedException {
        for (App app : started) {
            app.close();
        }
    }

    static OperatorApi operator;

    /** GET on the dashboard API as Kurashiki's operator (e2e-users.yaml). */
    static JsonNode api(String path) throws IOException, InterruptedException {
        if (operator == null) {
            operator = new OperatorApi(HTTP, dashboardUrl);
        }
        return operator.get(path);
    }

    static long storedHeartbeats() throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(infra.get("mihari.opensearch.url")
                + "/mihari-events-*/_count?q=targetId:%22" + TARGET + "%22")).build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body()).path("count").asLong();
    }

    @Test
    void heartbeatsStopTheServerIsDownAnIncidentOpensAndTheFirstReportIsMailed(TestInfo info) throws Exception {
        try {
            // 1. the agent's heartbeats arrive: stored in OpenSearch, the server is UP on the dashboard
            await("heartbeats stored").atMost(Duration.ofSeconds(60)).until(() -> storedHeartbeats() >= 2);
            await("server UP").atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                    assertThat(api("/api/targets/" + TARGET).path("status").asText()).isEqualTo("UP"));

            // 2. the server dies without a word
            agent.kill();

            // 3. three missed 1 s heartbeats later it is DOWN; after the 2 s grouping wait the incident opens
            //    and the first report 初報 reaches the SMTP server
            await("first report mailed").atMost(Duration.ofSeconds(60)).until(() -> firstReports().size() >= 2);
            ReceivedMail ja = firstReports().stream().filter(m -> m.subject().contains("初報")).findFirst().orElseThrow();
            assertThat(ja.subject()).matches("\\[Mihari]\\[倉敷市/住記系]\\[INC-\\d{8}-\\d{4}] 初報: .*krs-juki-db1.*");
            assertThat(ja.to()).containsExactly("dx@city.kurashiki.example");
            assertThat(ja.text()).contains("障害番号", TARGET, "初報期限", dashboardUrl + "/#/incidents/INC-");
            ReceivedMail en = firstReports().stream().filter(m -> m.subject().contains("First report")).findFirst()
                    .orElseThrow();
            assertThat(en.to()).containsExactly("ops@fujitsu-japan.example");
            String incidentId = ja.subject().replaceAll(".*\\[(INC-[0-9-]+)].*", "$1");

            // 4. the dashboard shows the server and the service DOWN, and the incident with its first report sent
            await("dashboard shows the outage").atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(api("/api/targets/" + TARGET).path("status").asText()).isEqualTo("DOWN");
                assertThat(api("/api/services/kurashiki-juki").path("status").asText()).isEqualTo("DOWN");
                JsonNode incident = api("/api/incidents/" + incidentId);
                assertThat(incident.path("status").asText()).isEqualTo("OPEN");
                assertThat(incident.path("affectedTargets").path(0).asText()).isEqualTo(TARGET);
                assertThat(incident.path("firstReportSentAt").isTextual()).isTrue();
            });
            // the list is searched, so it shows the incident only after the index's next refresh
            await("incident listed").atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                    api("/api/incidents?service=kurashiki-juki").path("items").path(0).path("id").asText())
                    .isEqualTo(incidentId));

            // 5. the server comes back: UP again, and the incident is provisionally recovered (MITIGATED)
            agent = startAgent();
            await("recovery").atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                assertThat(api("/api/targets/" + TARGET).path("status").asText()).isEqualTo("UP");
                assertThat(api("/api/incidents/" + incidentId).path("status").asText()).isEqualTo("MITIGATED");
            });

            // 6. a second outage, during which alert-service itself crashes and restarts: the recovery
            //    mitigates the incident that was open, and no duplicate incident is opened
            agent.kill();
            await("second first report").atMost(Duration.ofSeconds(60)).until(() -> firstReports().size() >= 4);
            String secondId = firstReports().stream().filter(m -> m.subject().contains("初報"))
                    .map(m -> m.subject().replaceAll(".*\\[(INC-[0-9-]+)].*", "$1"))
                    .filter(id -> !id.equals(incidentId)).findFirst().orElseThrow();
            await("second first report recorded").atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(api("/api/incidents/" + secondId).path("firstReportSentAt").isTextual()).isTrue());
            alertService.kill();
            alertService = start(App.of("alert-service", repo, logs, "256m", alertConfig)).awaitReady(alertReadyUrl);
            agent = startAgent();
            await("recovery after the restart").atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                assertThat(api("/api/targets/" + TARGET).path("status").asText()).isEqualTo("UP");
                assertThat(api("/api/incidents/" + secondId).path("status").asText()).isEqualTo("MITIGATED");
            });
            assertThat(api("/api/incidents?service=kurashiki-juki").path("total").asLong()).isEqualTo(2);
            assertThat(firstReports()).as("no first report for a duplicate incident").hasSize(4);
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError(e.getMessage() + "\n--- alert-service log ---\n" + alertService.tail()
                    + "\n--- dashboard-api log ---\n" + dashboard.tail(), e);
        }
    }

    /**
     * Issue 20, 死活監視 by ping: the monitoring server's real agent pings a switch (an address this test adds to the
     * loopback interface and takes away again) as the switch's own target; when the address stops answering, the
     * switch is DOWN by its check policy (2 failing runs), and UP again once it answers. Needs root and {@code ip}
     * (as on the machines that run CI); skipped otherwise.
     */
    @Test
    void aSwitchThatStopsAnsweringPingIsDownByItsCheckPolicyAndUpWhenItAnswersAgain() throws Exception {
        String address = "198.18.0.7";
        org.junit.jupiter.api.Assumptions.assumeTrue(ip("addr", "add", address + "/32", "dev", "lo"),
                "needs root and iproute2 to add an address to lo");
        App pinger = null;
        try {
            pinger = App.of("monitor-agent", "monitor-agent-ping", repo, logs, "128m", List.of(), Map.ofEntries(
                    Map.entry("kafka.bootstrap.servers", infra.get("kafka.bootstrap.servers")),
                    Map.entry("mihari.agent.tenant", "kurashiki"),
                    Map.entry("mihari.agent.system", "network"),
                    Map.entry("mihari.agent.host", "krs-net-mon1"),
                    Map.entry("mihari.agent.heartbeat-interval", "1s"),
                    Map.entry("mihari.agent.resources.enabled", "false"),
                    Map.entry("mihari.agent.spool.dir", logs.resolve("agent-ping-spool").toString()),
                    Map.entry("mihari.agent.checks[0].name", "sw1-ping"),
                    Map.entry("mihari.agent.checks[0].kind", "PING"),
                    Map.entry("mihari.agent.checks[0].host", address),
                    Map.entry("mihari.agent.checks[0].interval", "1s"),
                    Map.entry("mihari.agent.checks[0].probes", "2"),
                    Map.entry("mihari.agent.checks[0].timeout", "300ms"),
                    Map.entry("mihari.agent.checks[0].target", "kurashiki/krs-net-sw1")), "run")
                    .start().awaitLog("mihari-agent running");
            await("switch UP").atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                    assertThat(api("/api/targets/kurashiki/krs-net-sw1").path("status").asText()).isEqualTo("UP"));

            assertThat(ip("addr", "del", address + "/32", "dev", "lo")).isTrue();
            await("switch DOWN").atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                JsonNode sw = api("/api/targets/kurashiki/krs-net-sw1");
                assertThat(sw.path("status").asText()).isEqualTo("DOWN");
            });
            assertThat(api("/api/targets/kurashiki/krs-net-mon1").path("status").asText())
                    .as("the pinging server itself is fine").isEqualTo("UP");

            assertThat(ip("addr", "add", address + "/32", "dev", "lo")).isTrue();
            await("switch UP again").atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                    assertThat(api("/api/targets/kurashiki/krs-net-sw1").path("status").asText()).isEqualTo("UP"));
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError(e.getMessage() + "\n--- ping agent log ---\n"
                    + (pinger == null ? "" : pinger.tail()) + "\n--- alert-service log ---\n" + alertService.tail(), e);
        } finally {
            ip("addr", "del", address + "/32", "dev", "lo");
            if (pinger != null) {
                pinger.close();
            }
        }
    }

    /** Runs {@code ip ARGS}; whether it succeeded (false when there is no ip command or no right to change). */
    static boolean ip(String... args) {
        List<String> command = new ArrayList<>(List.of("ip"));
        command.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** First reports about this test's server (other tests of the module mail about theirs). */
    static List<ReceivedMail> firstReports() {
        return MihariInfra.mail().messages().stream().filter(m -> m.subject().contains(TARGET))
                .filter(m -> m.subject().contains("初報") || m.subject().contains("First report")).toList();
    }
}
