package io.mihari.alert.ingest;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.mihari.model.event.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Dead letters are bounded, asynchronous, and always end somewhere: unit tests against Kafka's MockProducer. */
class DeadLettersTest {

    final Clock clock = Clock.fixed(Instant.parse("2026-12-06T03:00:00Z"), ZoneOffset.UTC);
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final IntakeMetrics metrics = new IntakeMetrics(registry);
    final List<DeadLetters.Marker> marked = new ArrayList<>();

    static ConsumerRecord<String, byte[]> record(String key, byte[] value) {
        return new ConsumerRecord<>(Topics.events("kurashiki"), 3, 1234, key, value);
    }

    static String header(ProducerRecord<String, byte[]> r, String name) {
        return r.headers().lastHeader(name) == null ? null
                : new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    DeadLetters deadLetters(MockProducer<String, byte[]> producer) {
        return new DeadLetters(producer, Topics.EVENTS_DLQ, marked::addAll, metrics, clock);
    }

    @Test
    void aHugeRecordBecomesABoundedDeadLetterWithItsOriginInHeaders() throws Exception {
        MockProducer<String, byte[]> producer = new MockProducer<>(true, null, new StringSerializer(),
                new ByteArraySerializer());
        byte[] value = new byte[600_000];
        java.util.Arrays.fill(value, (byte) 'x');
        String key = "k".repeat(900_000);
        String reason = "agentId '" + "a".repeat(600_000) + "' is not a valid name";

        try (DeadLetters dead = deadLetters(producer)) {
            dead.send(record(key, value), DeadLetterReason.INVALID_EVENT, reason);
            assertThat(dead.settle(Duration.ofSeconds(1))).isTrue();
        }

        ProducerRecord<String, byte[]> r = producer.history().get(0);
        assertThat(r.topic()).isEqualTo(Topics.EVENTS_DLQ);
        assertThat(r.value()).hasSize(DeadLetters.MAX_VALUE_BYTES);
        assertThat(r.key().getBytes(StandardCharsets.UTF_8)).hasSize(DeadLetters.MAX_KEY_BYTES);
        assertThat(header(r, Topics.DeadLetterHeaders.REASON)).hasSize(DeadLetters.MAX_REASON_CHARS)
                .startsWith("INVALID_EVENT: agentId 'aaa").endsWith("…");
        assertThat(header(r, Topics.DeadLetterHeaders.CODE)).isEqualTo("INVALID_EVENT");
        assertThat(header(r, Topics.DeadLetterHeaders.SIZE)).isEqualTo("600000");
        assertThat(header(r, Topics.DeadLetterHeaders.TRUNCATED)).isEqualTo("true");
        assertThat(header(r, Topics.DeadLetterHeaders.TOPIC)).isEqualTo(Topics.events("kurashiki"));
        assertThat(header(r, Topics.DeadLetterHeaders.PARTITION)).isEqualTo("3");
        assertThat(header(r, Topics.DeadLetterHeaders.OFFSET)).isEqualTo("1234");
        int total = r.value().length + r.key().length() + r.headers().toArray().length * 64
                + header(r, Topics.DeadLetterHeaders.REASON).getBytes(StandardCharsets.UTF_8).length;
        assertThat(total).as("far below the producer's 1 MB request limit").isLessThan(80_000);
        assertThat(registry.get("mihari.ingest.dead.letters").tag("reason", "INVALID_EVENT").counter().count())
                .isEqualTo(1);
    }

    @Test
    void aRecordWithinTheBoundIsKeptWholeAndUnmarked() throws Exception {
        MockProducer<String, byte[]> producer = new MockProducer<>(true, null, new StringSerializer(),
                new ByteArraySerializer());
        byte[] value = "{oops".getBytes(StandardCharsets.UTF_8);

        try (DeadLetters dead = deadLetters(producer)) {
            dead.send(record("kurashiki/x", value), DeadLetterReason.NOT_JSON, "not JSON: …");
            assertThat(dead.settle(Duration.ofSeconds(1))).isTrue();
        }

        ProducerRecord<String, byte[]> r = producer.history().get(0);
        assertThat(r.value()).isEqualTo(value);
        assertThat(r.key()).isEqualTo("kurashiki/x");
        assertThat(header(r, Topics.DeadLetterHeaders.TRUNCATED)).isNull();
    }

    @Test
    void sendingDoesNotWaitForTheBrokerAndSettlingDoes() throws Exception {
        MockProducer<String, byte[]> producer = new MockProducer<>(false, null, new StringSerializer(),
                new ByteArraySerializer()); // acknowledges only when told

        try (DeadLetters dead = deadLetters(producer)) {
            for (int i = 0; i < 1000; i++) {
                dead.send(record("k", new byte[] {1}), DeadLetterReason.NOT_JSON, "x");
            }
            assertThat(dead.unsettled()).isEqualTo(1000); // none acknowledged, none waited for

            while (producer.completeNext()) {
                // the broker acknowledges each
            }
            assertThat(dead.settle(Duration.ofSeconds(1))).isTrue();
            assertThat(dead.unsettled()).isZero();
        }
        assertThat(producer.history()).hasSize(1000);
        assertThat(marked).isEmpty();
    }

    @Test
    void deadLettersTheTopicRefusesAreWrittenAsMarkersAndCounted() throws Exception {
        MockProducer<String, byte[]> producer = new MockProducer<>(false, null, new StringSerializer(),
                new ByteArraySerializer());

        try (DeadLetters dead = deadLetters(producer)) {
            dead.send(record("kurashiki/a", "{oops".getBytes(StandardCharsets.UTF_8)), DeadLetterReason.NOT_JSON,
                    "not JSON: oops");
            dead.send(record("kurashiki/b", "{}".getBytes(StandardCharsets.UTF_8)), DeadLetterReason.INVALID_EVENT,
                    "type is missing");
            producer.errorNext(new TopicAuthorizationException("not allowed to write mihari.events.dlq.v1"));
            producer.completeNext();

            assertThat(dead.settle(Duration.ofSeconds(1))).isTrue();
            assertThat(dead.unsettled()).isZero();
        }

        assertThat(marked).singleElement().satisfies(m -> {
            assertThat(m.id()).isEqualTo(Topics.events("kurashiki") + "-3-1234");
            assertThat(m.code()).isEqualTo("NOT_JSON");
            assertThat(m.key()).isEqualTo("kurashiki/a");
            assertThat(m.head()).isEqualTo("{oops");
            assertThat(m.deadLetterError()).contains("not allowed");
            assertThat(m.at()).isEqualTo(clock.instant());
        });
        assertThat(registry.get("mihari.ingest.dead.letter.markers").tag("reason", "NOT_JSON").counter().count())
                .isEqualTo(1);
    }

    @Test
    void whenNeitherTheTopicNorTheMarkerIndexTakesThemNothingIsForgottenAndTheNextSettleTriesAgain()
            throws Exception {
        MockProducer<String, byte[]> producer = new MockProducer<>(false, null, new StringSerializer(),
                new ByteArraySerializer());
        List<Integer> attempts = new ArrayList<>();
        DeadLetters.Markers flaky = markers -> {
            attempts.add(markers.size());
            if (attempts.size() == 1) {
                throw new IOException("OpenSearch unreachable");
            }
            marked.addAll(markers);
        };

        try (DeadLetters dead = new DeadLetters(producer, Topics.EVENTS_DLQ, flaky, metrics, clock)) {
            dead.send(record("kurashiki/a", new byte[] {1}), DeadLetterReason.NOT_JSON, "x");
            producer.errorNext(new org.apache.kafka.common.errors.TimeoutException("broker unreachable"));

            assertThat(dead.settle(Duration.ofSeconds(1))).isFalse();
            assertThat(dead.unsettled()).isEqualTo(1);
            assertThat(dead.settle(Duration.ofSeconds(1))).isTrue();
        }
        assertThat(attempts).containsExactly(1, 1);
        assertThat(marked).hasSize(1);
    }

    @Test
    void aSendTheProducerRefusesAtOnceIsMarkedNotThrown() throws Exception {
        MockProducer<String, byte[]> producer = new MockProducer<>(true, null, new StringSerializer(),
                new ByteArraySerializer());
        producer.close(); // a closed producer throws from send()

        DeadLetters dead = deadLetters(producer);
        dead.send(record("kurashiki/a", new byte[] {1}), DeadLetterReason.NOT_JSON, "x");

        assertThat(dead.settle(Duration.ofSeconds(1))).isTrue();
        assertThat(marked).hasSize(1);
    }
}
