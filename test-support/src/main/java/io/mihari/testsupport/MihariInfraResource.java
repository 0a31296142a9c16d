package io.mihari.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/**
 * Quarkus test resource giving the application the real Kafka, OpenSearch and SMTP server of
 * {@link MihariInfra}. Stopping is left to the JVM's exit, so every test class of a module shares
 * one set of servers even when Quarkus restarts the application between them.
 */
public class MihariInfraResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new java.util.LinkedHashMap<>(MihariInfra.serviceConfig());
        config.putAll(TestCommands.configFor(TestCommands.moduleOnClasspath())); // the command-signing test keys
        return config;
    }

    @Override
    public void stop() {
        // the servers outlive this application instance; MihariInfra stops them at JVM exit
    }
}
