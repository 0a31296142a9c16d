package io.mihari.kafka;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The connection settings every Kafka client of a Mihari component shares, besides the bootstrap servers: TLS and
 * SASL ({@code security.protocol}, {@code ssl.*}, {@code sasl.*}) and {@code client.dns.lookup}, read from the
 * component's own configuration under a prefix ({@code kafka.} for alert-service and dashboard-api,
 * {@code mihari.agent.kafka.} for the agent). Every producer, consumer and admin client of a component gets the
 * same ones, so no client of it can talk to Kafka in plaintext when the others use TLS.
 */
public final class KafkaSettings {

    private KafkaSettings() {
    }

    /** Whether a Kafka client setting is part of how the component connects (rather than what a client does). */
    public static boolean isConnectionSetting(String key) {
        return key.equals("security.protocol") || key.startsWith("ssl.") || key.startsWith("sasl.")
                || key.equals("client.dns.lookup");
    }

    /**
     * @param names every configuration property name of the component
     * @param value a property's value, if set
     * @param prefix the prefix under which the component keeps Kafka settings, e.g. {@code kafka.}
     * @return the connection settings, without the prefix
     */
    public static Map<String, Object> connection(Iterable<String> names, Function<String, Optional<String>> value,
            String prefix) {
        Map<String, Object> all = new HashMap<>();
        for (String name : names) {
            if (!name.startsWith(prefix)) {
                continue;
            }
            String key = name.substring(prefix.length());
            if (isConnectionSetting(key)) {
                value.apply(name).ifPresent(v -> all.put(key, v));
            }
        }
        return all;
    }

    /** {@code own} on top of the connection settings (a client's own settings win). */
    public static Map<String, Object> with(Map<String, Object> connection, Map<String, Object> own) {
        Map<String, Object> all = new HashMap<>(connection);
        all.putAll(own);
        return all;
    }
}
