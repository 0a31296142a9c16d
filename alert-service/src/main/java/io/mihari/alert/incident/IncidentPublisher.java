package io.mihari.alert.incident;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
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
 * Publishes every stored incident change to {@link Topics#INCIDENTS} (key = incident id, value = the whole
 * incident as stored, with its revision), for other systems (C.4.5.1) and the dashboard to follow.
 */
@ApplicationScoped
public class IncidentPublisher {

    private static final Logger LOG = Logger.getLogger(IncidentPublisher.class);

    private final KafkaProducer<String, byte[]> producer;
    private final ObjectMapper json;

    IncidentPublisher(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers, ObjectMapper json) {
        this.json = json;
        this.producer = new KafkaProducer<>(io.mihari.alert.config.KafkaClients.config(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.CLIENT_ID_CONFIG, "mihari-alert-incidents-out",
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000)),
                new StringSerializer(), new ByteArraySerializer());
    }

    /** Sends the change; delivery is retried by the producer, a final failure is logged (the store has it). */
    public void publish(Incident incident) {
        try {
            producer.send(new ProducerRecord<>(Topics.INCIDENTS, incident.id(), json.writeValueAsBytes(incident)),
                    (meta, e) -> {
                        if (e != null) {
                            LOG.errorf("incident %s revision %d not published to %s: %s", incident.id(),
                                    incident.revision(), Topics.INCIDENTS, e.getMessage());
                        }
                    });
        } catch (JsonProcessingException | RuntimeException e) {
            LOG.errorf(e, "incident %s revision %d not published", incident.id(), incident.revision());
        }
    }

    @PreDestroy
    void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
