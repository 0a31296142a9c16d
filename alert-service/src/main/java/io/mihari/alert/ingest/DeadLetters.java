package io.mihari.alert.ingest;

import io.mihari.model.event.Limits;
import io.mihari.model.event.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends records that cannot be believed, stored or applied to a dead-letter topic ({@link Topics#EVENTS_DLQ},
 * {@link Topics#COMMANDS_DLQ}) — Kafka Connect style: the original key and value with the reason and the origin
 * in headers — so that every record ends in exactly one place, whatever its bytes.
 *
 * <p>Every dead letter is <em>bounded</em>: the value keeps at most its first {@link #MAX_VALUE_BYTES}, the key
 * {@link #MAX_KEY_BYTES}, the reason {@link #MAX_REASON_CHARS} (a dead letter that echoed a 600 KB field was once
 * too big to send, and the loop retried it forever). Sending is <em>asynchronous and batched</em> ({@link #send}
 * returns at once, so junk does not slow valid events down); {@link #settle} waits for the broker's
 * acknowledgements before the consumer commits. A dead letter the topic refuses (unreachable, not allowed, …) is
 * written as a bounded marker to {@code mihari-deadletters} instead, and counted.
 */
public final class DeadLetters implements AutoCloseable {

    /** Most bytes of the original value a dead letter keeps: every record within the event contract whole. */
    public static final int MAX_VALUE_BYTES = Limits.EVENT_BYTES;
    /** Most bytes of the original key a dead letter keeps. */
    public static final int MAX_KEY_BYTES = 256;
    /** Most characters of the reason header. */
    public static final int MAX_REASON_CHARS = 1000;
    /** Most characters of the value a marker keeps (as text), for a first look. */
    public static final int MARKER_HEAD_CHARS = 1024;

    /** Where dead letters go that the topic refused. */
    public interface Markers {
        void write(List<Marker> markers) throws IOException;
    }

    /** A dead letter written to {@code mihari-deadletters} because the topic refused it: bounded, like the topic's. */
    public record Marker(@com.fasterxml.jackson.annotation.JsonIgnore String id, Instant at, String code, String reason, String topic, int partition, long offset,
            String key, int size, String head, String deadLetterError) {
    }

    private final Producer<String, byte[]> producer;
    private final String topic;
    private final Markers markers;
    private final IntakeMetrics metrics;
    private final Clock clock;
    private final RateLimitedLog log;
    private final List<Pending> pending = new ArrayList<>();
    private final List<Marker> unwritten = new ArrayList<>();

    private record Pending(Future<RecordMetadata> ack, Marker marker) {
    }

    public DeadLetters(String bootstrapServers, String topic, Markers markers, IntakeMetrics metrics, Clock clock) {
        this(new KafkaProducer<>(io.mihari.alert.config.KafkaClients.config(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.CLIENT_ID_CONFIG, "mihari-alert-dlq-" + topic,
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000)),
                new StringSerializer(), new ByteArraySerializer()), topic, markers, metrics, clock);
    }

    DeadLetters(Producer<String, byte[]> producer, String topic, Markers markers, IntakeMetrics metrics, Clock clock) {
        this.producer = producer;
        this.topic = topic;
        this.markers = markers;
        this.metrics = metrics;
        this.clock = clock;
        this.log = new RateLimitedLog(org.jboss.logging.Logger.getLogger(DeadLetters.class), clock,
                Duration.ofSeconds(10));
    }

    /**
     * Queues the record for the dead-letter topic and returns at once; {@link #settle} tells when it is safely
     * somewhere. Never throws for what the record contains.
     */
    public void send(ConsumerRecord<String, byte[]> record, DeadLetterReason reason, String detail) {
        Marker marker = marker(record, reason, detail);
        ProducerRecord<String, byte[]> dead = bounded(record, marker);
        Future<RecordMetadata> ack;
        try {
            ack = producer.send(dead);
        } catch (KafkaException | IllegalStateException e) {
            ack = CompletableFuture.failedFuture(e);
        }
        pending.add(new Pending(ack, marker));
        metrics.deadLettered(topic, reason);
        log.warn(reason.name(), "dead letter %s at %s-%d@%d: %s", reason, record.topic(), record.partition(),
                record.offset(), marker.reason());
    }

    /**
     * Waits until every dead letter queued so far is acknowledged by the topic or, when the topic refused it,
     * written as a marker. Call before committing the offsets of the records concerned.
     *
     * @return true when every dead letter is somewhere; false when some could be written nowhere yet (OpenSearch
     *         and the topic both unreachable): call again later, nothing is forgotten
     */
    public boolean settle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Pending p : pending) {
            try {
                p.ack().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (ExecutionException | TimeoutException e) {
                Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
                Marker m = p.marker();
                unwritten.add(new Marker(m.id(), m.at(), m.code(), m.reason(), m.topic(), m.partition(), m.offset(),
                        m.key(), m.size(), m.head(), abbreviate(String.valueOf(cause.getMessage()), MAX_REASON_CHARS)));
            }
        }
        pending.clear();
        if (unwritten.isEmpty()) {
            return true;
        }
        try {
            markers.write(List.copyOf(unwritten));
            for (Marker m : unwritten) {
                metrics.markerWritten(topic, m.code());
            }
            log.warn("marker", "%d dead letters refused by %s were written to mihari-deadletters instead (%s)",
                    unwritten.size(), topic, unwritten.get(0).deadLetterError());
            unwritten.clear();
            return true;
        } catch (IOException | RuntimeException e) {
            log.warn("marker-failed", "%d dead letters can be written neither to %s nor to mihari-deadletters yet "
                    + "(%s); retrying", unwritten.size(), topic, e.getMessage());
            return false;
        }
    }

    /** Dead letters not yet known to be somewhere. */
    public int unsettled() {
        return pending.size() + unwritten.size();
    }

    private Marker marker(ConsumerRecord<String, byte[]> record, DeadLetterReason reason, String detail) {
        byte[] value = record.value() == null ? new byte[0] : record.value();
        String key = record.key() == null ? null : abbreviateBytes(record.key(), MAX_KEY_BYTES);
        String head = new String(value, 0, Math.min(value.length, MARKER_HEAD_CHARS * 4), StandardCharsets.UTF_8);
        return new Marker(record.topic() + "-" + record.partition() + "-" + record.offset(), clock.instant(),
                reason.name(), abbreviate(reason.name() + ": " + (detail == null ? "" : detail), MAX_REASON_CHARS),
                record.topic(), record.partition(), record.offset(), key, value.length,
                abbreviate(head, MARKER_HEAD_CHARS), null);
    }

    private ProducerRecord<String, byte[]> bounded(ConsumerRecord<String, byte[]> record, Marker marker) {
        byte[] value = record.value();
        boolean truncated = false;
        if (value != null && value.length > MAX_VALUE_BYTES) {
            value = Arrays.copyOf(value, MAX_VALUE_BYTES);
            truncated = true;
        }
        if (record.key() != null && !record.key().equals(marker.key())) {
            truncated = true;
        }
        ProducerRecord<String, byte[]> dead = new ProducerRecord<>(topic, marker.key(), value);
        dead.headers()
                .add(Topics.DeadLetterHeaders.REASON, marker.reason().getBytes(StandardCharsets.UTF_8))
                .add(Topics.DeadLetterHeaders.CODE, marker.code().getBytes(StandardCharsets.UTF_8))
                .add(Topics.DeadLetterHeaders.TOPIC, abbreviate(record.topic(), 255).getBytes(StandardCharsets.UTF_8))
                .add(Topics.DeadLetterHeaders.PARTITION,
                        Integer.toString(record.partition()).getBytes(StandardCharsets.UTF_8))
                .add(Topics.DeadLetterHeaders.OFFSET, Long.toString(record.offset()).getBytes(StandardCharsets.UTF_8))
                .add(Topics.DeadLetterHeaders.SIZE, Integer.toString(marker.size()).getBytes(StandardCharsets.UTF_8));
        if (truncated) {
            dead.headers().add(Topics.DeadLetterHeaders.TRUNCATED, "true".getBytes(StandardCharsets.UTF_8));
        }
        return dead;
    }

    static String abbreviate(String text, int maxChars) {
        if (text.length() <= maxChars) {
            return text;
        }
        int end = Character.isHighSurrogate(text.charAt(maxChars - 2)) ? maxChars - 2 : maxChars - 1;
        return text.substring(0, end) + "…";
    }

    /** At most {@code maxBytes} of UTF-8, cut at a character boundary. */
    static String abbreviateBytes(String text, int maxBytes) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= maxBytes) {
            return text;
        }
        int end = maxBytes;
        while (end > 0 && (bytes[end] & 0xC0) == 0x80) {
            end--; // a continuation byte: back to the start of its character
        }
        return new String(bytes, 0, end, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
