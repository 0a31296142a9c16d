package io.mihari.alert.config;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

import java.util.HashMap;
import java.util.Map;

/**
 * The connection settings every Kafka client of alert-service shares, besides the bootstrap servers: TLS and
 * SASL ({@code kafka.security.protocol}, {@code kafka.ssl.*}, {@code kafka.sasl.*}, {@code kafka.client.dns.lookup})
 * as configured for the service, so traffic to a production cluster can be encrypted and authenticated.
 */
public final class KafkaClients {

    private KafkaClients() {
    }

    /** {@code own} plus the shared connection settings (own settings win). */
    public static Map<String, Object> config(Map<String, Object> own) {
        return config(ConfigProvider.getConfig(), own);
    }

    static Map<String, Object> config(Config config, Map<String, Object> own) {
        Map<String, Object> all = new HashMap<>();
        for (String name : config.getPropertyNames()) {
            if (!name.startsWith("kafka.")) {
                continue;
            }
            String key = name.substring("kafka.".length());
            if (key.equals("security.protocol") || key.startsWith("ssl.") || key.startsWith("sasl.")
                    || key.equals("client.dns.lookup")) {
                config.getOptionalValue(name, String.class).ifPresent(v -> all.put(key, v));
            }
        }
        all.putAll(own);
        return all;
    }
}
