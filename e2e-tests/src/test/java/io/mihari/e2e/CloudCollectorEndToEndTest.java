package io.mihari.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mihari.testsupport.AwsApiDouble;
import io.mihari.testsupport.FreePorts;
import io.mihari.testsupport.MihariInfra;
import io.mihari.testsupport.ReceivedMail;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Agentless monitoring end to end: the packaged {@code mihari-agent cloud-collect}, pointed at a local double of the
 * AWS APIs ({@link AwsApiDouble}), reports Kurashiki's managed database (RDS for SQL Server, {@code krs-hf-rds1});
 * the double turns it {@code unavailable}; the packaged alert-service opens an incident on {@code kurashiki-cloud},
 * whose party is the cloud provider {@code gov-cloud}, and the 初報 reaches the provider's contacts and the city.
 */
class CloudCollectorEndToEndTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final String TARGET = "kurashiki/krs-hf-rds1";

    @Test
    void aManagedDatabaseGoingUnavailableIsAnIncidentOfTheCloudProviderWithItsFirstReport() throws Exception {
        Path repo = Path.of(System.getProperty("e2e.repo.dir", "..")).toAbsolutePath().normalize();
        Path logs = Path.of(System.getProperty("e2e.logs.dir", "target/e2e-logs"));
        Map<String, String> infra = MihariInfra.serviceConfig();
        String opensearch = infra.get("mihari.opensearch.url");
        Path catalog = Files.createTempFile("mihari-e2e-cloud-catalog", ".yaml");
        try (var in = CloudCollectorEndToEndTest.class.getResourceAsStream("/e2e-cloud-catalog.yaml")) {
            Files.write(catalog, in.readAllBytes());
        }
        int port = FreePorts.next();
        Map<String, String> config = new LinkedHashMap<>(infra);
        config.put("mihari.catalog.path", catalog.toString());
        config.put("quarkus.http.port", Integer.toString(port));
        config.put("mihari.incidents.grouping-wait", "2s");
        config.put("mihari.mail.deliver-every", "1s");

        try (AwsApiDouble aws = AwsApiDouble.start().rdsInstance("krs-hf-rds1", "available");
             App alertService = App.of("alert-service", repo, logs, "256m", config)) {
            alertService.start().awaitReady("http://127.0.0.1:" + port + "/q/health/ready");
            Path collectorConfig = Files.writeString(Files.createTempFile("mihari-e2e-collector", ".yaml"), """
                    tenant: kurashiki
                    region: ap-northeast-1
                    endpointOverride: %s
                    interval: 1s
                    health: false
                    targets:
                      - {host: krs-hf-rds1, rds: {dbInstanceIdentifier: krs-hf-rds1}}
                    """.formatted(aws.url()));
            Map<String, String> collectorSettings = new LinkedHashMap<>();
            collectorSettings.put("kafka.bootstrap.servers", infra.get("kafka.bootstrap.servers"));
            collectorSettings.put("mihari.agent.tenant", "kurashiki"); // required by the agent's configuration
            collectorSettings.put("mihari.agent.system", "cloud");
            // static test keys through the SDK's default chain (system properties); the double does not check them
            collectorSettings.put("aws.accessKeyId", "AKIDTESTONLY");
            collectorSettings.put("aws.secretAccessKey", "test-secret-only");
            try (App collector = App.of("monitor-agent", repo, logs, "128m", collectorSettings, "cloud-collect",
                    "--config", collectorConfig.toString(), "--catalog", catalog.toString())) {
                try {
                    collector.start().awaitLog("mihari-cloud-collector running");

                    // 1. the database is available: heartbeats and passing checks arrive, the target is UP
                    await("krs-hf-rds1 UP").atMost(Duration.ofSeconds(60)).until(() -> "UP".equals(targetStatus(opensearch)));
                    assertThat(incident(opensearch)).isNull();

                    // 2. the provider's database becomes unavailable: three failing checks later it is DOWN, and
                    //    after the grouping wait an incident of the cloud provider opens and its 初報 is mailed
                    aws.rdsInstance("krs-hf-rds1", "unavailable");
                    JsonNode incident = await("incident opened").atMost(Duration.ofSeconds(30))
                            .until(() -> incident(opensearch), i -> i != null && i.path("id").isTextual());
                    assertThat(incident.path("serviceId").asText()).isEqualTo("kurashiki-cloud");
                    assertThat(incident.path("vendor").asText()).isEqualTo("gov-cloud");
                    assertThat(incident.path("affectedTargets").path(0).asText()).isEqualTo(TARGET);
                    String id = incident.path("id").asText();

                    // GreenMail keeps one copy per recipient: the Japanese mail (to the city and the provider's
                    // Japanese desk) twice, the English one (the provider's English desk) once
                    await("first report mailed").atMost(Duration.ofSeconds(30))
                            .until(() -> mails(id, "初報").size() == 2 && mails(id, "First report").size() == 1);
                    ReceivedMail ja = mails(id, "初報").get(0);
                    assertThat(mails(id, "初報")).extracting(ReceivedMail::subject).containsOnly(ja.subject());
                    assertThat(ja.to()).containsExactlyInAnyOrder("dx@city.kurashiki.example", "ops@gov-cloud.example");
                    assertThat(ja.subject()).contains("初報", "krs-hf-rds1");
                    assertThat(ja.text()).contains(TARGET, "RDS status 'unavailable'");
                    ReceivedMail en = mails(id, "First report").get(0);
                    assertThat(en.to()).containsExactly("support-en@gov-cloud.example");
                    await("first report recorded").atMost(Duration.ofSeconds(30)).until(() ->
                            incident(opensearch).path("sla").path("firstReport").path("sentAt").isTextual());
                } catch (AssertionError | RuntimeException e) {
                    throw new AssertionError(e.getMessage() + "\n--- mail subjects ---\n" + MihariInfra.mail().messages()
                            .stream().map(ReceivedMail::subject).toList() + "\n--- alert-service log ---\n" + alertService.tail()
                            + "\n--- collector log ---\n" + collector.tail(), e);
                }
            }
        }
    }

    static String targetStatus(String opensearch) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(opensearch
                + "/mihari-targets/_doc/" + URLEncoder.encode(TARGET, StandardCharsets.UTF_8))).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode doc = JSON.readTree(response.body());
        return doc.path("found").asBoolean() ? doc.path("_source").path("status").asText(null) : null;
    }

    static JsonNode incident(String opensearch) throws Exception {
        HTTP.send(HttpRequest.newBuilder(URI.create(opensearch + "/mihari-incidents/_refresh"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(opensearch
                + "/mihari-incidents/_search?q=" + URLEncoder.encode("serviceId:\"kurashiki-cloud\"",
                StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode hits = JSON.readTree(response.body()).path("hits").path("hits");
        return hits.isEmpty() ? null : hits.get(0).path("_source");
    }

    static List<ReceivedMail> mails(String incidentId, String marker) {
        return MihariInfra.mail().messages().stream().filter(m -> m.subject().contains("[" + incidentId + "]"))
                .filter(m -> m.subject().contains(marker)).toList();
    }
}
