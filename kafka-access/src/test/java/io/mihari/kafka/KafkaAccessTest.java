package io.mihari.kafka;

import io.mihari.model.catalog.Catalog;
import io.mihari.model.catalog.CatalogLoader;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KafkaAccessTest {

    static final Catalog SAMPLE = CatalogLoader.load(Path.of("../deploy/catalog/sample-catalog.yaml"));

    static List<String> plan(Catalog catalog) {
        return KafkaAccess.plan(catalog, KafkaAccess.Principals.DEFAULT).stream().map(KafkaAccess::asCommand).toList();
    }

    @Test
    void everyRegisteredServerMayWriteOnlyItsOwnCitysEventTopic() {
        List<String> plan = plan(SAMPLE);
        assertThat(plan).contains(
                "--add --allow-principal User:agent.kurashiki.krs-juki-db1 --operation Write "
                        + "--topic mihari.events.v1.kurashiki",
                "--add --allow-principal User:agent.takamatsu.tkm-juki-ap1 --operation Write "
                        + "--topic mihari.events.v1.takamatsu");
        List<String> agents = plan.stream().filter(l -> l.contains("User:agent.")).toList();
        assertThat(agents).hasSize(SAMPLE.targets().size()).allSatisfy(l -> {
            String tenant = l.substring(l.indexOf("User:agent.") + 11, l.indexOf('.', l.indexOf("User:agent.") + 11));
            assertThat(l).endsWith("--operation Write --topic mihari.events.v1." + tenant);
        });
    }

    @Test
    void dashboardApiOnlyWritesCommandsAndOnlyAlertServiceReads() {
        List<String> plan = plan(SAMPLE);
        assertThat(plan.stream().filter(l -> l.contains("User:mihari-dashboard")))
                .containsExactly("--add --allow-principal User:mihari-dashboard --operation Write --topic mihari.commands.v1");
        assertThat(plan.stream().filter(l -> l.contains("--operation Read"))).allSatisfy(l ->
                assertThat(l).contains("User:mihari-alert "));
        assertThat(plan.stream().filter(l -> l.contains("User:mihari-alert "))).containsExactlyInAnyOrder(
                "--add --allow-principal User:mihari-alert --operation Read --topic mihari.events.v1. "
                        + "--resource-pattern-type prefixed",
                "--add --allow-principal User:mihari-alert --operation DescribeConfigs --topic mihari.events.v1. "
                        + "--resource-pattern-type prefixed",
                "--add --allow-principal User:mihari-alert --operation AlterConfigs --topic mihari.events.v1. "
                        + "--resource-pattern-type prefixed",
                "--add --allow-principal User:mihari-alert --operation Create --topic mihari. "
                        + "--resource-pattern-type prefixed",
                "--add --allow-principal User:mihari-alert --operation Write --topic mihari.events.dlq.v1",
                "--add --allow-principal User:mihari-alert --operation Write --topic mihari.signals.v1",
                "--add --allow-principal User:mihari-alert --operation Write --topic mihari.incidents.v1",
                "--add --allow-principal User:mihari-alert --operation Write --topic mihari.commands.dlq.v1",
                "--add --allow-principal User:mihari-alert --operation Read --topic mihari.signals.v1",
                "--add --allow-principal User:mihari-alert --operation Read --topic mihari.commands.v1",
                "--add --allow-principal User:mihari-alert --operation Read --group mihari-alert-service "
                        + "--resource-pattern-type prefixed");
        // nobody is given anything on the cluster or on every topic
        assertThat(plan).noneMatch(l -> l.contains("--cluster") || l.contains("--operation All")
                || l.contains("User:*"));
    }

    @Test
    void twoServersThatWouldShareAPrincipalAreRefused() {
        String yaml = """
                tenants:
                  - {id: a.b, name: {ja: A, en: A}}
                  - {id: a, name: {ja: A2, en: A2}}
                systems:
                  - {id: juki, name: {ja: 住基, en: Resident}}
                vendors:
                  - {id: v, name: {ja: V, en: V}, contacts: [{email: v@v.example, language: en}]}
                services:
                  - id: s1
                    tenant: a.b
                    system: juki
                    vendor: v
                    targets:
                      - {host: c}
                  - id: s2
                    tenant: a
                    system: juki
                    vendor: v
                    targets:
                      - {host: b.c}
                """;
        Catalog catalog = CatalogLoader.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "t");
        assertThatThrownBy(() -> KafkaAccess.plan(catalog, KafkaAccess.Principals.DEFAULT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("targets 'a.b/c' and 'a/b.c' would share the agent principal 'agent.a.b.c': rename one "
                        + "of them");
    }

    @Test
    void theToolPrintsThePlanAndExplainsAWrongCommandLine() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        KafkaAccessTool tool = new KafkaAccessTool(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(tool.run(new String[] {"plan", "../deploy/catalog/sample-catalog.yaml", "--alert-principal",
                "alert-prod"})).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("User:alert-prod --operation Read --topic "
                + "mihari.events.v1. --resource-pattern-type prefixed\n");
        assertThat(tool.run(new String[] {"apply", "../deploy/catalog/sample-catalog.yaml"})).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("kafka access: --admin-config is required");
        assertThat(tool.run(new String[] {"grant"})).isEqualTo(2);
        assertThat(tool.run(new String[] {"plan", "/no/such/catalog.yaml"})).isEqualTo(1);
    }

    @Test
    void connectionProblemsNameTheSettingToFix() {
        String at = "kafka-1:9093";
        assertThat(KafkaProblems.explain(new ExecutionException(new SaslAuthenticationException("bad")), at, "kafka."))
                .isEqualTo("Kafka at kafka-1:9093 refused this client's credentials (bad): check "
                        + "kafka.sasl.jaas.config (user name and password) and kafka.sasl.mechanism");
        assertThat(KafkaProblems.explain(new SslAuthenticationException("handshake",
                new javax.net.ssl.SSLHandshakeException("PKIX path building failed")), at, "kafka."))
                .contains("the broker's certificate is not trusted: check kafka.ssl.truststore.location");
        SslAuthenticationException expired = new SslAuthenticationException("handshake");
        expired.initCause(new CertificateExpiredException("NotAfter: Sat Dec 05 2026"));
        assertThat(KafkaProblems.explain(expired, at, "mihari.agent.kafka.")).isEqualTo("TLS with Kafka at "
                + "kafka-1:9093 failed: a certificate has expired (NotAfter: Sat Dec 05 2026): renew the broker's "
                + "certificate, or this client's (mihari.agent.kafka.ssl.keystore.location)");
        SslAuthenticationException early = new SslAuthenticationException("handshake");
        early.initCause(new CertificateNotYetValidException("NotBefore: 2027"));
        assertThat(KafkaProblems.explain(early, at, "kafka.")).endsWith("is this machine's clock right?");
        assertThat(KafkaProblems.explain(new TopicAuthorizationException(Set.of("b", "a")), at, "kafka."))
                .startsWith("Kafka at kafka-1:9093 does not allow this client's principal on topic(s) [a, b]");
        assertThat(KafkaProblems.explain(new IllegalStateException("other"), at, "kafka.")).isNull();
    }

    @Test
    void onlyConnectionSettingsAreShared() {
        assertThat(KafkaSettings.connection(List.of("kafka.security.protocol", "kafka.ssl.truststore.location",
                        "kafka.sasl.jaas.config", "kafka.bootstrap.servers", "kafka.acks", "other.ssl.x",
                        "kafka.client.dns.lookup"),
                name -> java.util.Optional.of("v-" + name), "kafka.")).containsOnlyKeys("security.protocol",
                "ssl.truststore.location", "sasl.jaas.config", "client.dns.lookup");
        AclBinding any = KafkaAccess.plan(SAMPLE, KafkaAccess.Principals.DEFAULT).get(0);
        assertThat(any.entry().host()).isEqualTo("*");
    }
}
