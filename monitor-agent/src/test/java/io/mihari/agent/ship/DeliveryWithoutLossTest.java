package io.mihari.agent.ship;

import io.mihari.agent.config.Identity;
import io.mihari.agent.spool.Spool;
import io.mihari.agent.spool.SpoolEncryption;
import io.mihari.agent.spool.SpoolKeyFile;
import io.mihari.agent.spool.SpoolSettings;
import io.mihari.model.event.Event;
import io.mihari.model.event.EventCodec;
import io.mihari.model.event.EventType;
import io.mihari.model.event.Heartbeat;
import io.mihari.model.event.Samples;
import io.mihari.model.event.Topics;
import io.mihari.testsupport.KafkaProcess;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The agent's delivery path (spool → shipping loop → Kafka) against a real broker that is stopped
 * and started again: every event arrives, in order, once. The outage cases run with the spool encrypted (a key file
 * made by {@link SpoolKeyFile#generate}), as a production agent's is: what waits on disk during the outage holds no
 * plaintext, and everything still arrives.
 */
class DeliveryWithoutLossTest {

    static KafkaProcess kafka;

    @TempDir
    Path spoolDir;

    @TempDir
    Path keyDir;

    @BeforeAll
    static void startKafka() {
        kafka = KafkaProcess.start();
    }

    @AfterAll
    static void stopKafka() {
        kafka.close();
    }

    /** One running agent: spool, shipper and its loop, as `mihari-agent run` builds them. */
    final class Agent implements AutoCloseable {
        final Identity identity;
        final Spool spool;
        final Shipper shipper;
        final ShippingLoop loop;
        final EventSink sink;

        Agent(Identity identity) throws Exception {
            this(identity, SpoolEncryption.OFF);
        }

        Agent(Identity identity, SpoolEncryption encryption) throws Exception {
            this.identity = identity;
            spool = Spool.open(spoolDir, SpoolSettings.of(64L << 20, Spool.WhenFull.DROP_OLDEST).withEncryption(encryption));
            shipper = new Shipper(spool, identity.targetId(), kafka.bootstrapServers(), Map.of());
            loop = new ShippingLoop(spool, shipper, Duration.ofMillis(200), Duration.ofSeconds(2)).start();
            sink = new EventSink(identity, Clock.systemUTC(), spool, loop::wake);
        }

        void heartbeats(int n) {
            for (int i = 0; i < n; i++) {
                sink.emit(new Heartbeat(10, "test"));
            }
        }

        @Override
        public void close() throws Exception {
            loop.close();
            shipper.close();
            spool.close();
        }
    }

    /** The encryption of an agent whose key file is made once per test. */
    SpoolEncryption encrypted() throws IOException {
        Path file = keyDir.resolve("agent-spool.jwks.json");
        if (!Files.exists(file)) {
            SpoolKeyFile.generate(file, "test-key");
        }
        return SpoolEncryption.with(SpoolKeyFile.load(file));
    }

    /** Whether any file of the spool holds {@code text} as it is. */
    boolean spoolFilesHold(String text) throws IOException {
        byte[] needle = text.getBytes(StandardCharsets.UTF_8);
        try (Stream<Path> files = Files.list(spoolDir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith("segment-")).toList()) {
                String bytes = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                if (bytes.contains(new String(needle, StandardCharsets.ISO_8859_1))) {
                    return true;
                }
            }
        }
        return false;
    }

    static Identity identity() {
        return Identity.of("kurashiki", "juki", Optional.of("krs-juki-ap1"), Optional.of("agent-" + UUID.randomUUID()));
    }

    /** Everything this agent id put on the topic, in topic order. */
    static List<Event> received(String agentId, int expected) {
        List<Event> events = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "verify-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.events("kurashiki")));
            await("events of " + agentId).atMost(Duration.ofSeconds(120)).until(() -> {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    Event event = EventCodec.decode(record.value());
                    if (event.agentId().equals(agentId)) {
                        assertThat(record.key()).isEqualTo(event.targetId());
                        events.add(event);
                    }
                }
                return events.size() >= expected;
            });
            consumer.poll(Duration.ofSeconds(1)).forEach(record -> {
                try {
                    Event event = EventCodec.decode(record.value());
                    if (event.agentId().equals(agentId)) {
                        events.add(event);
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
        }
        return events;
    }

    static void assertInOrderWithoutDuplicates(List<Event> events, int expected) {
        assertThat(events).hasSize(expected);
        Set<String> ids = new HashSet<>();
        long previous = -1;
        for (Event event : events) {
            assertThat(ids.add(event.eventId())).as("duplicate " + event.eventId()).isTrue();
            assertThat(event.seq()).as("order").isGreaterThan(previous);
            previous = event.seq();
        }
    }

    @Test
    void everyEventTypeRoundTripsThroughKafkaAndValidates() throws Exception {
        Identity identity = identity();
        try (Agent agent = new Agent(identity)) {
            for (EventType type : EventType.values()) {
                agent.sink.emit(Samples.PAYLOADS.get(type));
            }
            List<Event> events = received(identity.agentId(), EventType.values().length);
            assertThat(events).extracting(Event::type).containsExactly(EventType.values());
            assertThat(events).extracting(Event::payload)
                    .containsExactlyElementsOf(List.of(EventType.values()).stream().map(Samples.PAYLOADS::get).toList());
        }
    }

    @Test
    void eventsProducedWhileKafkaIsDownArriveInOrderOnceItIsBack() throws Exception {
        Identity identity = identity();
        try (Agent agent = new Agent(identity, encrypted())) {
            agent.heartbeats(20);
            await().atMost(Duration.ofSeconds(60)).until(() -> agent.spool.pendingRecords() == 0);

            kafka.stop();
            agent.heartbeats(200);
            await().atMost(Duration.ofSeconds(60)).until(agent.loop::inOutage);
            assertThat(agent.spool.pendingRecords()).isEqualTo(200);
            assertThat(agent.spool.backlog().byKey()).isEqualTo(Map.of("test-key", 200L));
            assertThat(spoolFilesHold(identity.agentId())).as("the spool on disk holds no event in clear").isFalse();

            kafka.startAgain();
            agent.heartbeats(30);

            assertInOrderWithoutDuplicates(received(identity.agentId(), 250), 250);
            await().atMost(Duration.ofSeconds(30)).until(() -> agent.spool.pendingRecords() == 0);
        }
    }

    @Test
    void agentRestartDuringAnOutageLosesNothing() throws Exception {
        Identity identity = identity();
        try (Agent before = new Agent(identity, encrypted())) {
            before.heartbeats(10);
            await().atMost(Duration.ofSeconds(60)).until(() -> before.spool.pendingRecords() == 0);
            kafka.stop();
            before.heartbeats(100);
        }
        try (Agent after = new Agent(identity, encrypted())) {
            assertThat(after.spool.pendingRecords()).isEqualTo(100);
            assertThat(spoolFilesHold("krs-juki-ap1")).isFalse();
            after.heartbeats(40);
            kafka.startAgain();

            List<Event> events = received(identity.agentId(), 150);
            assertInOrderWithoutDuplicates(events, 150);
        }
    }
}
