package io.mihari.agent.publish;

import io.mihari.model.event.Event;
import io.mihari.model.event.EventCodec;
import io.mihari.model.event.Topics;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Map;

/**
 * Sends events to {@link Topics#EVENTS} keyed by target id, with an idempotent producer and
 * {@code acks=all}. (The on-disk spool for Kafka outages comes with the agent issue.)
 */
@ApplicationScoped
public class EventPublisher {

    private static final Logger LOG = Logger.getLogger(EventPublisher.class);

    private final KafkaProducer<String, byte[]> producer;

    EventPublisher(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.CLIENT_ID_CONFIG, "mihari-agent",
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000),
                new StringSerializer(), new ByteArraySerializer());
    }

    public void publish(Event event) {
        producer.send(new ProducerRecord<>(Topics.EVENTS, event.targetId(), EventCodec.encode(event)), (meta, error) -> {
            if (error != null) {
                LOG.warnf("event %s (seq %d) not delivered: %s", event.eventId(), event.seq(), error.getMessage());
            }
        });
    }

    @PreDestroy
    void close() {
        producer.close(Duration.ofSeconds(10));
    }
}
