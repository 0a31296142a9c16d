package io.mihari.alert.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mihari.model.event.Event;
import io.mihari.model.event.EventCodec;
import io.mihari.model.event.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Future;

/**
 * What the Quarkus tests of alert-service do with the real Kafka and OpenSearch: produce records exactly as given
 * (key, partition, bytes), read OpenSearch over HTTP, read a topic from its start.
 */
public final class Stack implements AutoCloseable {

    public static final ObjectMapper JSON = new ObjectMapper();

    private final String openSearchUrl;
    private final String bootstrapServers;
    private final KafkaProducer<String, byte[]> producer;
    private final HttpClient http = HttpClient.newHttpClient();

    public Stack(String bootstrapServers, String openSearchUrl) {
        this.bootstrapServers = bootstrapServers;
        this.openSearchUrl = openSearchUrl;
        this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 1_000_000), new StringSerializer(), new ByteArraySerializer());
    }

    /** As a well-behaved producer sends it: keyed by its target, Kafka's partitioner choosing the partition. */
    public Future<RecordMetadata> send(Event event) {
        return producer.send(new ProducerRecord<>(Topics.eventsOf(event.targetId()), event.targetId(), EventCodec.encode(event)));
    }

    /** Kurashiki's event topic, where the raw records of {@link #send(Integer, String, byte[])} go. */
    public static final String TOPIC = Topics.events("kurashiki");

    /** Exactly these bytes, key and partition (null: the partitioner chooses) on Kurashiki's event topic. */
    public Future<RecordMetadata> send(Integer partition, String key, byte[] value) {
        return send(TOPIC, partition, key, value);
    }

    /** Exactly these bytes, key and partition (null: the partitioner chooses) on this topic. */
    public Future<RecordMetadata> send(String topic, Integer partition, String key, byte[] value) {
        return producer.send(new ProducerRecord<>(topic, partition, key, value));
    }

    public void flush() {
        producer.flush();
    }

    public int partitions() {
        return producer.partitionsFor(TOPIC).size();
    }

    public JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(openSearchUrl + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body());
    }

    /** Documents matching a Lucene query string in an index pattern (after a refresh). */
    public long count(String index, String query) throws IOException, InterruptedException {
        get("/" + index + "/_refresh");
        return get("/" + index + "/_count?q=" + URLEncoder.encode(query, StandardCharsets.UTF_8)).path("count")
                .asLong();
    }

    public List<JsonNode> search(String index, String query, int size) throws IOException, InterruptedException {
        get("/" + index + "/_refresh");
        List<JsonNode> hits = new ArrayList<>();
        get("/" + index + "/_search?size=" + size + "&q=" + URLEncoder.encode(query, StandardCharsets.UTF_8))
                .path("hits").path("hits").forEach(h -> hits.add(h.path("_source")));
        return hits;
    }

    /** A reader of a topic from its beginning, in its own group. */
    public KafkaConsumer<String, byte[]> reader(String topic) {
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "test-reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 2_000_000),
                new StringDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(List.of(topic));
        return consumer;
    }

    /** Every record a reader gets in one poll. */
    public static List<ConsumerRecord<String, byte[]>> poll(KafkaConsumer<String, byte[]> reader) {
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        reader.poll(Duration.ofMillis(200)).forEach(records::add);
        return records;
    }

    public static String header(ConsumerRecord<String, byte[]> record, String name) {
        return record.headers().lastHeader(name) == null ? null
                : new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        producer.close();
    }

    /**
     * Every record of a dead-letter topic read so far, found by the partition and offset of its original (the
     * {@code mihari.dlq.partition}/{@code offset} headers), for records of {@code origin} only.
     */
    public static final class DeadLetterReader implements AutoCloseable {
        private final KafkaConsumer<String, byte[]> consumer;
        private final java.util.function.Predicate<String> origin;
        private final Map<String, ConsumerRecord<String, byte[]>> byOrigin = new java.util.concurrent.ConcurrentHashMap<>();

        /** @param origin the topic whose dead letters are wanted */
        public DeadLetterReader(Stack stack, String deadLetterTopic, String origin) {
            this(stack, deadLetterTopic, origin::equals);
        }

        /** @param origin which topics' dead letters are wanted */
        public DeadLetterReader(Stack stack, String deadLetterTopic, java.util.function.Predicate<String> origin) {
            this.consumer = stack.reader(deadLetterTopic);
            this.origin = origin;
        }

        /** Where a record was sent: {@code topic:partition@offset}. */
        public static String at(RecordMetadata m) {
            return m.topic() + ":" + m.partition() + "@" + m.offset();
        }

        /** Reads what has arrived since the last call. */
        public synchronized void read() {
            for (ConsumerRecord<String, byte[]> r : poll(consumer)) {
                String topic = header(r, Topics.DeadLetterHeaders.TOPIC);
                if (topic != null && origin.test(topic)) {
                    byOrigin.put(topic + ":" + header(r, Topics.DeadLetterHeaders.PARTITION) + "@"
                            + header(r, Topics.DeadLetterHeaders.OFFSET), r);
                }
            }
        }

        /** The dead letter of the record sent as {@code m}, once it has arrived (within {@code wait}). */
        public ConsumerRecord<String, byte[]> of(RecordMetadata m, Duration wait) {
            return org.awaitility.Awaitility.await().pollDelay(Duration.ZERO).atMost(wait).until(() -> {
                read();
                return byOrigin.get(at(m));
            }, r -> r != null);
        }

        /** Whether the dead letters of all these origins ({@link #at}) have arrived. */
        public boolean hasAll(java.util.Collection<String> origins) {
            read();
            return byOrigin.keySet().containsAll(origins);
        }

        public ConsumerRecord<String, byte[]> get(String at) {
            return byOrigin.get(at);
        }

        @Override
        public synchronized void close() {
            consumer.close();
        }
    }
}
