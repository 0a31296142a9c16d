package io.mihari.alert.ingest;

import io.mihari.model.event.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends records that cannot be stored or applied to a dead-letter topic ({@link Topics#EVENTS_DLQ},
 * {@link Topics#COMMANDS_DLQ}): the original key and value, plus the reason and origin as headers (Kafka Connect
 * style). Waits for the broker's acknowledgement, so the consumer commits only what is safely somewhere.
 */
public final class DeadLetters implements AutoCloseable {

    private final KafkaProducer<String, byte[]> producer;
    private final String topic;

    DeadLetters(String bootstrapServers) {
        this(bootstrapServers, Topics.EVENTS_DLQ);
    }

    public DeadLetters(String bootstrapServers, String topic) {
        this.topic = topic;
        this.producer = new KafkaProducer<>(io.mihari.alert.config.KafkaClients.config(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.CLIENT_ID_CONFIG, "mihari-alert-dlq",
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000)),
                new StringSerializer(), new ByteArraySerializer());
    }

    public void send(ConsumerRecord<String, byte[]> record, String reason) throws InterruptedException {
        ProducerRecord<String, byte[]> dead = new ProducerRecord<>(topic, record.key(), record.value());
        dead.headers()
                .add(Topics.DeadLetterHeaders.REASON, reason.getBytes(StandardCharsets.UTF_8))
                .add(Topics.DeadLetterHeaders.TOPIC, record.topic().getBytes(StandardCharsets.UTF_8))
                .add(Topics.DeadLetterHeaders.PARTITION,
                        Integer.toString(record.partition()).getBytes(StandardCharsets.UTF_8))
                .add(Topics.DeadLetterHeaders.OFFSET, Long.toString(record.offset()).getBytes(StandardCharsets.UTF_8));
        try {
            producer.send(dead).get(35, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot write to " + topic + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
