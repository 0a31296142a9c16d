package io.mihari.agent.lean;

import io.mihari.agent.config.AgentConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The lean daemon reads agent.yaml as the Quarkus form does (issue 16): durations, lists, maps, defaults, errors. */
class LeanConfigTest {

    @TempDir
    Path dir;

    @Test
    void readsTheAgentFileAsQuarkusDoes() throws Exception {
        Path yaml = dir.resolve("agent.yaml");
        Files.writeString(yaml, """
                kafka:
                  bootstrap:
                    servers: kafka-1.example:9093
                mihari:
                  agent:
                    tenant: kurashiki
                    system: juki
                    host: krs-juki-ap1
                    heartbeat-interval: 15s
                    spool:
                      dir: %s
                    kafka:
                      security.protocol: SASL_SSL
                      sasl.mechanism: SCRAM-SHA-512
                    checks:
                      - name: juki-web
                        kind: HTTP
                        url: https://juki.example/health
                        interval: 30s
                      - {name: db-port, kind: TCP, host: 10.0.0.5, port: 1521}
                """.formatted(dir.resolve("spool")));

        LeanConfig config = LeanConfig.load(yaml.toString());
        AgentConfig agent = config.agent();

        assertThat(config.bootstrapServers()).isEqualTo("kafka-1.example:9093");
        assertThat(agent.tenant()).isEqualTo("kurashiki");
        assertThat(agent.host()).contains("krs-juki-ap1");
        assertThat(agent.heartbeatInterval()).isEqualTo(Duration.ofSeconds(15));
        assertThat(agent.spool().dir()).isEqualTo(dir.resolve("spool"));
        assertThat(agent.kafka()).containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512");
        assertThat(agent.checks()).hasSize(2);
        assertThat(agent.checks().get(0).interval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(agent.checks().get(0).url()).contains("https://juki.example/health");
        assertThat(agent.checks().get(1).port()).contains(1521);
        // defaults of the mapping, as in the Quarkus form
        assertThat(agent.checks().get(1).interval()).isEqualTo(Duration.ofSeconds(20));
        assertThat(agent.resources().interval()).isEqualTo(Duration.ofSeconds(60));
        assertThat(agent.spool().whenFull()).isEqualTo("DROP_OLDEST");
    }

    @Test
    void aMissingOrBadKeyIsNamed() throws Exception {
        Path noTenant = dir.resolve("no-tenant.yaml");
        Files.writeString(noTenant, "mihari:\n  agent:\n    system: juki\n");
        assertThatThrownBy(() -> LeanConfig.load(noTenant.toString()))
                .satisfies(e -> assertThat(LeanConfig.explain(e)).contains("mihari.agent.tenant"));

        Path badDuration = dir.resolve("bad-duration.yaml");
        Files.writeString(badDuration, "mihari:\n  agent:\n    tenant: t\n    system: s\n    heartbeat-interval: often\n");
        assertThatThrownBy(() -> LeanConfig.load(badDuration.toString()))
                .satisfies(e -> assertThat(LeanConfig.explain(e)).contains("mihari.agent.heartbeat-interval"));

        // a location that is not there is passed over, as Quarkus does: the required keys then say what is missing
        assertThatThrownBy(() -> LeanConfig.load(dir.resolve("missing.yaml").toString()))
                .satisfies(e -> assertThat(LeanConfig.explain(e)).contains("mihari.agent.tenant"));
    }

    @Test
    void theFileWinsOverTheSourceThatNamedItAndOthersFillTheRest() throws Exception {
        // java -jar quarkus-run.jar with -Dquarkus.config.locations=FILE -Dmihari.agent.host=… keeps the file's host
        // (measured on Quarkus 3.33): the lean daemon must resolve the same identity and spool as exec and report
        Path yaml = dir.resolve("agent.yaml");
        Files.writeString(yaml, "mihari:\n  agent:\n    tenant: kurashiki\n    system: juki\n    host: from-file\n");
        System.setProperty("mihari.agent.host", "from-property");
        System.setProperty("mihari.agent.agent-id", "id-from-property");
        try {
            AgentConfig agent = LeanConfig.load(yaml.toString()).agent();
            assertThat(agent.host()).contains("from-file");
            assertThat(agent.agentId()).contains("id-from-property");
        } finally {
            System.clearProperty("mihari.agent.host");
            System.clearProperty("mihari.agent.agent-id");
        }
    }
}
