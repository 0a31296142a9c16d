package io.mihari.agent.ship;

import io.mihari.agent.spool.Spool;
import io.mihari.kafka.KafkaProblems;
import io.mihari.model.event.Topics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * Moves spooled events to Kafka in spool order: sends a batch with an idempotent, {@code acks=all}
 * producer, waits for the acknowledgements and commits the spool up to the last event acknowledged
 * without a gap. A failed batch is sent again from the first unacknowledged event, so nothing is
 * lost and order is kept. Only one shipper per spool sends at a time (the spool's sender lock).
 */
public final class Shipper implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Shipper.class);
    private static final int BATCH = 500;

    private final Spool spool;
    private final String key;
    private final boolean perEventKeys;
    /** The city's own event topic: the only one an agent's Kafka principal may write. */
    private final String topic;
    private final Map<String, Object> producerConfig;
    private final String bootstrapServers;
    /** Where the agent's configuration keeps extra Kafka settings (named in error messages). */
    static final String SETTINGS_PREFIX = "mihari.agent.kafka.";
    private KafkaProducer<String, byte[]> producer;
    private long shipped;

    /**
     * @param key the Kafka key of every event (the target id), so they stay in one partition, in order
     * @param extra additional producer settings (TLS, SASL) from the configuration
     */
    public Shipper(Spool spool, String key, String bootstrapServers, Map<String, String> extra) {
        this(spool, key, bootstrapServers, extra, false);
    }

    /**
     * @param perEventKeys true when some events speak for another target of the city (checks with a {@code target},
     *        e.g. a line): each event is then keyed by its own target id, read from the event, so it lands in that
     *        target's partition as alert-service requires; false: every event is keyed {@code key}
     */
    public Shipper(Spool spool, String key, String bootstrapServers, Map<String, String> extra, boolean perEventKeys) {
        this.perEventKeys = perEventKeys;
        this.spool = spool;
        this.key = key;
        this.topic = Topics.eventsOf(key);
        this.bootstrapServers = bootstrapServers;
        this.producerConfig = producerConfig("mihari-agent-" + key.replace('/', '-'), bootstrapServers, extra);
    }

    /**
     * The settings of every producer that sends events ({@code run}'s shipper, {@code simulate}'s fleet): idempotent,
     * {@code acks=all}, a small buffer and bounded waits, over {@code extra} (TLS, SASL: {@code mihari.agent.kafka.*}).
     */
    public static Map<String, Object> producerConfig(String clientId, String bootstrapServers,
            Map<String, String> extra) {
        Map<String, Object> config = new HashMap<>(extra);
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        // The spool is the buffer; the producer only holds the batch in flight (keeps the heap small).
        config.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 4L << 20);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        return Map.copyOf(config);
    }

    /** The outcome of one {@link #drain(Duration)}. */
    public record Drained(long sent, boolean complete, String error) {
    }

    /**
     * Sends pending events until the spool is empty, Kafka fails, or {@code budget} is used up.
     * Never throws for Kafka trouble: the events stay spooled and the error is reported.
     */
    public Drained drain(Duration budget) throws IOException {
        long deadline = System.nanoTime() + budget.toNanos();
        long sent = 0;
        while (System.nanoTime() < deadline) {
            List<Spool.Entry> batch = spool.peek(BATCH);
            if (batch.isEmpty()) {
                return new Drained(sent, true, null);
            }
            SendResult result = send(batch, deadline);
            if (result.acknowledged() != null) {
                spool.commit(result.acknowledged());
                sent += result.count();
                shipped += result.count();
            }
            if (result.error() != null) {
                return new Drained(sent, false, result.error());
            }
        }
        return new Drained(sent, spool.pendingRecords() == 0, null);
    }

    /** The event's own target id when events are keyed per event and it is of this city; else the agent's key. */
    String keyOf(byte[] record) {
        if (!perEventKeys) {
            return key;
        }
        try {
            io.mihari.model.event.Event event = io.mihari.model.event.EventCodec.decode(record);
            String id = event.targetId();
            return topic.equals(Topics.eventsOf(id)) ? id : key;
        } catch (io.mihari.model.event.InvalidEventException | RuntimeException e) {
            return key; // not an event this agent wrote: alert-service dead-letters it, as before
        }
    }

    public long shippedCount() {
        return shipped;
    }

    private record SendResult(Spool.Entry acknowledged, int count, String error) {
    }

    private SendResult send(List<Spool.Entry> batch, long deadline) {
        List<Future<RecordMetadata>> futures = new ArrayList<>(batch.size());
        String error = null;
        try {
            KafkaProducer<String, byte[]> p = producer();
            for (Spool.Entry entry : batch) {
                Future<RecordMetadata> future = p.send(new ProducerRecord<>(topic, keyOf(entry.record()), entry.record()));
                futures.add(future);
                // Without metadata every send blocks up to max.block.ms and fails: stop at the first one,
                // and never run past the caller's budget.
                if (future.isDone() && failed(future) || System.nanoTime() > deadline) {
                    break;
                }
            }
            p.flush();
        } catch (KafkaException e) {
            error = describe(e);
        }
        Spool.Entry last = null;
        int count = 0;
        for (int i = 0; i < futures.size(); i++) {
            try {
                futures.get(i).get();
                last = batch.get(i);
                count++;
            } catch (ExecutionException e) {
                error = describe(e.getCause() == null ? e : e.getCause());
                break;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                error = "interrupted";
                break;
            }
        }
        if (error != null) {
            LOG.debugf("Kafka send failed after %d of %d events: %s", count, batch.size(), error);
            resetProducer(); // a fresh producer after a failure: no half-failed state carries over
        }
        return new SendResult(last, count, error);
    }

    /**
     * What went wrong, for {@code mihari-agent status} and the log: a TLS, SASL or ACL problem names the setting to
     * fix (e.g. an agent whose ACL was withdrawn keeps spooling and says so); anything else is Kafka's message.
     */
    private String describe(Throwable error) {
        String explained = KafkaProblems.explain(error, bootstrapServers, SETTINGS_PREFIX);
        return explained != null ? explained : error.getMessage();
    }

    private static boolean failed(Future<RecordMetadata> future) {
        try {
            future.get();
            return false;
        } catch (ExecutionException e) {
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    private KafkaProducer<String, byte[]> producer() {
        if (producer == null) {
            producer = new KafkaProducer<>(producerConfig, new StringSerializer(), new ByteArraySerializer());
        }
        return producer;
    }

    private void resetProducer() {
        if (producer != null) {
            producer.close(Duration.ZERO);
            producer = null;
        }
    }

    @Override
    public void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
            producer = null;
        }
    }
}
