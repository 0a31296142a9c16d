package io.mihari.e2e;

import io.mihari.model.event.Event;
import io.mihari.model.event.EventCodec;
import io.mihari.model.event.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What agents under test wrote to a city's event topic, read from the beginning by a consumer group of its own (a
 * test's agents are told apart by their host): for tests that run the packaged agent against the real Kafka.
 */
final class TopicEvents implements AutoCloseable {

    private final KafkaConsumer<String, byte[]> consumer;
    private final List<Event> seen = new CopyOnWriteArrayList<>();

    TopicEvents(String bootstrapServers, String tenant, String group) {
        consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, group + "-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(List.of(Topics.events(tenant)));
    }

    /** Adds whatever reached the topic since the last poll; a record that is not an event is skipped, not fatal. */
    void poll() {
        for (var record : consumer.poll(Duration.ofMillis(300))) {
            try {
                seen.add(EventCodec.decode(record.value()));
            } catch (Exception e) {
                // another test's record that is not an event: the others of this poll are kept
            }
        }
    }

    /** Every event read so far, in the order read. */
    List<Event> seen() {
        return seen;
    }

    /** Those of one host. */
    List<Event> of(String host) {
        return seen.stream().filter(e -> e.host().equals(host)).toList();
    }

    @Override
    public void close() {
        consumer.close();
    }
}
