package io.mihari.agent.lean;

import io.mihari.agent.config.AgentConfig;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.source.yaml.YamlConfigSource;
import org.eclipse.microprofile.config.spi.ConfigSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The agent's configuration read as the Quarkus form reads it, with SmallRye Config alone: system properties
 * (ordinal 400), environment variables (300, e.g. {@code MIHARI_AGENT_TENANT}), the YAML files named by
 * {@code quarkus.config.locations} (260), the jar's {@code application.properties} (250); the {@code prod} profile;
 * durations as {@code 10s}; the same {@link AgentConfig} mapping with its defaults and its checks.
 */
record LeanConfig(AgentConfig agent, String bootstrapServers) {

    static final String LOCATIONS = "quarkus.config.locations";

    static LeanConfig load() {
        return load(System.getProperty(LOCATIONS, System.getenv().getOrDefault("QUARKUS_CONFIG_LOCATIONS", "")));
    }

    /** @param locations comma-separated YAML files (as {@code quarkus.config.locations}) */
    static LeanConfig load(String locations) {
        List<ConfigSource> sources = new ArrayList<>();
        ClassLoader loader = LeanConfig.class.getClassLoader();
        try {
            for (URL url : java.util.Collections.list(loader.getResources("application.properties"))) {
                sources.add(new PropertiesConfigSource(url, 250));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read application.properties", e);
        }
        for (String location : locations.split(",")) {
            if (location.isBlank()) {
                continue;
            }
            Path file = Path.of(location.trim().replaceFirst("^file:", ""));
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException(LOCATIONS + ": " + file + " is not a readable file");
            }
            try {
                sources.add(new YamlConfigSource(file.toUri().toURL(), 260));
            } catch (IOException e) {
                throw new IllegalArgumentException(LOCATIONS + ": cannot read " + file + " (" + e.getMessage() + ")", e);
            }
        }
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .addDefaultInterceptors() // ${java.io.tmpdir} and the %prod profile
                .addDefaultSources() // system properties, environment
                .withSources(sources)
                .withProfile("prod")
                .withConverter(Duration.class, 200, new DurationConverter())
                .withMapping(AgentConfig.class)
                .build();
        return new LeanConfig(config.getConfigMapping(AgentConfig.class),
                config.getValue("kafka.bootstrap.servers", String.class));
    }

    /** The message of a configuration error (SmallRye's names the key), without the exception's class. */
    static String explain(Throwable e) {
        StringBuilder why = new StringBuilder(String.valueOf(e.getMessage()));
        for (Throwable cause = e.getCause(); cause != null && cause != e; cause = cause.getCause()) {
            if (cause.getMessage() != null && !why.toString().contains(cause.getMessage())) {
                why.append(": ").append(cause.getMessage());
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return why.toString();
    }
}
