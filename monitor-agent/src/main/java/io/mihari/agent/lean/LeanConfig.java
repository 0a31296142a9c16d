package io.mihari.agent.lean;

import io.mihari.agent.config.AgentConfig;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.PropertiesConfigSourceLoader;
import io.smallrye.config.RelocateConfigSourceInterceptor;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.eclipse.microprofile.config.spi.ConfigSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The agent's configuration read as the Quarkus form reads it, with SmallRye Config alone (the same library Quarkus
 * uses): system properties (ordinal 400), environment variables (300, e.g. {@code MIHARI_AGENT_TENANT}), the jar's
 * {@code application.properties} (250); the files named by {@code quarkus.config.locations} are loaded by SmallRye's
 * own location loaders (YAML or properties; files, folders, classpath), as Quarkus relocates that name to
 * {@code smallrye.config.locations}: so they take the ordinal of the source that named them, and a value in the file
 * wins over the same key in that source, exactly as in {@code java -jar quarkus-run.jar} (checked by LeanConfigTest);
 * the {@code prod} profile; durations as {@code 10s}; the same {@link AgentConfig} mapping with its defaults.
 */
record LeanConfig(AgentConfig agent, String bootstrapServers) {

    static final String LOCATIONS = "quarkus.config.locations";

    static LeanConfig load() {
        return load(List.of());
    }

    /** @param locations comma-separated files, as if given by {@code -Dquarkus.config.locations} (for tests) */
    static LeanConfig load(String locations) {
        return load(List.of(new PropertiesConfigSource(java.util.Map.of(LOCATIONS, locations), "test locations", 400)));
    }

    private static LeanConfig load(List<ConfigSource> extra) {
        List<ConfigSource> sources = new ArrayList<>(extra);
        sources.addAll(PropertiesConfigSourceLoader.inClassPath("application.properties", 250,
                LeanConfig.class.getClassLoader()));
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .addDefaultInterceptors() // ${java.io.tmpdir} and the %prod profile
                .addDefaultSources() // system properties, environment
                .addDiscoveredSources() // the location loaders (YAML, properties) of smallrye.config.locations
                .withInterceptors(new RelocateConfigSourceInterceptor(
                        name -> "smallrye.config.locations".equals(name) ? LOCATIONS : name))
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
