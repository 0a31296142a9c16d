package io.mihari.alert.detect;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/** Sends signals to {@link Signal#TOPIC}, keyed by service, idempotently and acknowledged by all replicas. */
@ApplicationScoped
public class SignalPublisher {

    private final KafkaProducer<String, byte[]> producer;

    SignalPublisher(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        this.producer = new KafkaProducer<>(io.mihari.alert.config.KafkaClients.config(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.CLIENT_ID_CONFIG, "mihari-alert-signals",
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000)),
                new StringSerializer(), new ByteArraySerializer());
    }

    /**
     * Sends every signal in order and waits for the acknowledgements.
     *
     * @return how many signals, from the first, were acknowledged (all of them unless Kafka failed)
     */
    public int publish(List<Signal> signals) {
        List<Future<RecordMetadata>> sent = new ArrayList<>(signals.size());
        try {
            for (Signal s : signals) {
                sent.add(producer.send(new ProducerRecord<>(Signal.TOPIC, s.serviceId(), SignalCodec.encode(s))));
            }
        } catch (RuntimeException e) {
            // not even queued (e.g. metadata unavailable): what was queued is still awaited below
        }
        producer.flush();
        int acknowledged = 0;
        for (Future<RecordMetadata> f : sent) {
            try {
                f.get();
                acknowledged++;
            } catch (ExecutionException e) {
                return acknowledged;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return acknowledged;
            }
        }
        return acknowledged;
    }

    @PreDestroy
    void close() {
        producer.close(java.time.Duration.ofSeconds(5));
    }
}
