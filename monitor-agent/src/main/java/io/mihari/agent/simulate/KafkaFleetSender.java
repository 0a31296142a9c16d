package io.mihari.agent.simulate;

import io.mihari.agent.ship.Shipper;
import io.mihari.kafka.KafkaProblems;
import io.mihari.model.event.Event;
import io.mihari.model.event.EventCodec;
import io.mihari.model.event.Topics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Sends simulated events as the agent does — the same producer settings ({@link Shipper#producerConfig}), each event
 * encoded by {@link EventCodec} to its city's topic, keyed by its target id — with one producer per city, since a
 * secured cluster lets an agent's login write its own city's topic only. Events are not spooled: a simulated event
 * Kafka refuses is dropped and the problem logged by the caller.
 */
public final class KafkaFleetSender implements FleetSender {

    /** Where a failure's message says the settings are. */
    private static final String SETTINGS = "mihari.agent.kafka.";

    private final String bootstrapServers;
    private final Map<String, String> extra;
    private final Optional<Path> perCity;
    private final Map<String, KafkaProducer<String, byte[]>> producers = new HashMap<>();
    private final AtomicReference<String> failure = new AtomicReference<>();

    /**
     * @param extra the agent's Kafka settings ({@code mihari.agent.kafka.*}), for every city
     * @param perCity a folder whose {@code <tenant>.properties} (if present) adds settings for that city's producer,
     *        e.g. the login of {@code agent.<tenant>.mihari-simulator} on a secured cluster
     */
    public KafkaFleetSender(String bootstrapServers, Map<String, String> extra, Optional<Path> perCity) {
        this.bootstrapServers = bootstrapServers;
        this.extra = Map.copyOf(extra);
        this.perCity = perCity;
    }

    @Override
    public boolean send(Event event) {
        String key = event.targetId();
        try {
            producer(event.tenant()).send(new ProducerRecord<>(Topics.eventsOf(key), key, EventCodec.encode(event)),
                    (metadata, error) -> {
                        if (error != null) {
                            failure.compareAndSet(null, explain(error));
                        }
                    });
        } catch (KafkaException e) {
            failure.compareAndSet(null, explain(e));
        }
        return failure.get() == null;
    }

    @Override
    public String flush() {
        producers.values().forEach(KafkaProducer::flush);
        return failure.getAndSet(null);
    }

    private KafkaProducer<String, byte[]> producer(String tenant) {
        return producers.computeIfAbsent(tenant, t -> {
            Map<String, String> settings = new HashMap<>(extra);
            settings.putAll(cityProperties(t));
            return new KafkaProducer<>(Shipper.producerConfig("mihari-simulator-" + t, bootstrapServers, settings),
                    new StringSerializer(), new ByteArraySerializer());
        });
    }

    private Map<String, String> cityProperties(String tenant) {
        if (perCity.isEmpty()) {
            return Map.of();
        }
        Path file = perCity.get().resolve(tenant + ".properties");
        if (!Files.isRegularFile(file)) {
            return Map.of();
        }
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + " (--kafka-config-dir)", e);
        }
        Map<String, String> settings = new HashMap<>();
        properties.stringPropertyNames().forEach(name -> settings.put(name, properties.getProperty(name)));
        return settings;
    }

    private String explain(Throwable error) {
        String explained = KafkaProblems.explain(error, bootstrapServers, SETTINGS);
        return explained != null ? explained : error.getMessage();
    }

    @Override
    public void close() {
        producers.values().forEach(p -> p.close(Duration.ofSeconds(5)));
        producers.clear();
    }
}
