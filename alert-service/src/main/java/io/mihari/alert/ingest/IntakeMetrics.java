package io.mihari.alert.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What ingest tells about itself on {@code /q/metrics} (Prometheus names in docs/intake.md): events indexed, dead
 * letters by reason and topic, markers written because the dead-letter topic refused, restarts of the ingest loop,
 * and the consumer lag of every owned partition.
 */
@ApplicationScoped
public class IntakeMetrics {

    private final MeterRegistry registry;
    private final Counter indexed;
    private final Counter restarts;
    private final io.micrometer.core.instrument.Timer detect;
    private final Map<String, Counter> deadLetters = new ConcurrentHashMap<>();
    private final Map<String, Counter> markers = new ConcurrentHashMap<>();
    private final Map<String, Counter> clockAhead = new ConcurrentHashMap<>();
    private final Map<org.apache.kafka.common.TopicPartition, AtomicLong> lag = new ConcurrentHashMap<>();

    public IntakeMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.indexed = Counter.builder("mihari.ingest.indexed")
                .description("Events stored in OpenSearch (a replay of a stored event counts again)").register(registry);
        this.restarts = Counter.builder("mihari.ingest.restarts")
                .description("Times the ingest loop failed and started over").register(registry);
        this.detect = io.micrometer.core.instrument.Timer.builder("mihari.stage.detect")
                .description("From a batch of events received (polled) to detection having run on it (stored first)")
                .publishPercentiles(0.5, 0.95).register(registry);
    }

    /** Detection ran on a batch this long after it was received. */
    void detected(java.time.Duration sinceReceived) {
        if (!sinceReceived.isNegative()) {
            detect.record(sinceReceived);
        }
    }

    void indexed(long events) {
        indexed.increment(events);
    }

    void restarted() {
        restarts.increment();
    }

    /** A record dead-lettered (queued for the dead-letter topic). */
    public void deadLettered(String topic, DeadLetterReason reason) {
        deadLetters.computeIfAbsent(topic + "|" + reason, k -> Counter.builder("mihari.ingest.dead.letters")
                .description("Records dead-lettered, by reason").tags(Tags.of("topic", topic, "reason", reason.name()))
                .register(registry)).increment();
    }

    /**
     * An event stored although dated more than {@code mihari.ingest.max-future-skew} ahead of its receipt: the clock of
     * the server that sent it runs ahead.
     */
    void clockAhead(String tenant) {
        clockAhead.computeIfAbsent(tenant, t -> Counter.builder("mihari.ingest.clock.ahead")
                .description("Events stored although dated more than mihari.ingest.max-future-skew ahead of their"
                        + " receipt (the sender's clock runs ahead), by tenant")
                .tags(Tags.of("tenant", t)).register(registry)).increment();
    }

    public double clockAheadCount() {
        return clockAhead.values().stream().mapToDouble(Counter::count).sum();
    }

    /** A dead letter the topic refused, written as a marker in {@code mihari-deadletters}. */
    public void markerWritten(String topic, String reason) {
        markers.computeIfAbsent(topic + "|" + reason, k -> Counter.builder("mihari.ingest.dead.letter.markers")
                .description("Dead letters the dead-letter topic refused, kept as markers in mihari-deadletters")
                .tags(Tags.of("topic", topic, "reason", reason)).register(registry)).increment();
    }

    /** Records not yet read in an owned partition of an event topic. */
    void lag(org.apache.kafka.common.TopicPartition partition, long records) {
        lag.computeIfAbsent(partition, p -> {
            AtomicLong value = new AtomicLong();
            Gauge.builder("mihari.ingest.lag", value, AtomicLong::get).baseUnit("records")
                    .description("Records of the event topics not yet read, per owned partition")
                    .tags(Tags.of("topic", p.topic(), "partition", Integer.toString(p.partition()))).register(registry);
            return value;
        }).set(records);
    }

    /** A partition is no longer owned: its lag is another instance's to tell. */
    void forget(org.apache.kafka.common.TopicPartition partition) {
        AtomicLong value = lag.remove(partition);
        if (value != null) {
            registry.find("mihari.ingest.lag").tags("topic", partition.topic(), "partition",
                    Integer.toString(partition.partition())).meters().forEach(registry::remove);
        }
    }

    public double deadLetterCount(DeadLetterReason reason) {
        return deadLetters.entrySet().stream().filter(e -> e.getKey().endsWith("|" + reason.name()))
                .mapToDouble(e -> e.getValue().count()).sum();
    }
}
