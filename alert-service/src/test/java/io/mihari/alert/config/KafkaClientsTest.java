package io.mihari.alert.config;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.eclipse.microprofile.config.Config;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class KafkaClientsTest {

    @Test
    void tlsAndSaslSettingsReachEveryClientAndTheClientsOwnSettingsWin() {
        Config config = new SmallRyeConfigBuilder().withSources(new PropertiesConfigSource(Map.of(
                "kafka.bootstrap.servers", "broker:9093",
                "kafka.security.protocol", "SASL_SSL",
                "kafka.sasl.mechanism", "SCRAM-SHA-512",
                "kafka.ssl.truststore.location", "/etc/mihari/truststore.p12",
                "kafka.max.poll.records", "5",
                "mihari.opensearch.url", "http://x"), "test", 100)).build();

        Map<String, Object> merged = KafkaClients.config(config, Map.of("bootstrap.servers", "own:9092",
                "sasl.mechanism", "PLAIN"));

        assertThat(merged).containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("ssl.truststore.location", "/etc/mihari/truststore.p12")
                .containsEntry("sasl.mechanism", "PLAIN")
                .containsEntry("bootstrap.servers", "own:9092")
                .doesNotContainKey("max.poll.records")
                .doesNotContainKey("opensearch.url");
    }
}
