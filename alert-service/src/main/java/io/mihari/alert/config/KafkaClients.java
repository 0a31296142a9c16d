package io.mihari.alert.config;

import io.mihari.kafka.KafkaSettings;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

import java.util.Map;

/**
 * The connection settings every Kafka client of alert-service shares, besides the bootstrap servers: TLS and
 * SASL ({@code kafka.security.protocol}, {@code kafka.ssl.*}, {@code kafka.sasl.*}, {@code kafka.client.dns.lookup})
 * as configured for the service, so traffic to a production cluster can be encrypted and authenticated.
 */
public final class KafkaClients {

    private KafkaClients() {
    }

    /**
     * A consumer of alert-service's groups: offsets committed by hand after the work is done, from the
     * earliest record of a new group, cooperative rebalancing (only partitions that really move are revoked:
     * a member joining does not restart everybody's work) and the configured session timeout.
     */
    public static Map<String, Object> consumer(String bootstrapServers, String groupId, String clientId,
            int maxPollRecords, java.time.Duration sessionTimeout) {
        return config(Map.of(
                "bootstrap.servers", bootstrapServers,
                "group.id", groupId,
                "client.id", clientId,
                "enable.auto.commit", false,
                "auto.offset.reset", "earliest",
                "max.poll.records", maxPollRecords,
                "partition.assignment.strategy",
                org.apache.kafka.clients.consumer.CooperativeStickyAssignor.class.getName(),
                "session.timeout.ms", (int) sessionTimeout.toMillis(),
                "heartbeat.interval.ms", (int) Math.max(500, sessionTimeout.toMillis() / 4)));
    }

    /** {@code own} plus the shared connection settings (own settings win). */
    public static Map<String, Object> config(Map<String, Object> own) {
        return config(ConfigProvider.getConfig(), own);
    }

    static Map<String, Object> config(Config config, Map<String, Object> own) {
        return KafkaSettings.with(connection(config), own);
    }

    /** The TLS and SASL settings of the service ({@code kafka.security.protocol}, {@code kafka.ssl.*}, …). */
    public static Map<String, Object> connection(Config config) {
        return KafkaSettings.connection(config.getPropertyNames(), name -> config.getOptionalValue(name, String.class),
                PREFIX);
    }

    /** Where alert-service keeps its Kafka settings (named in error messages). */
    public static final String PREFIX = "kafka.";
}
