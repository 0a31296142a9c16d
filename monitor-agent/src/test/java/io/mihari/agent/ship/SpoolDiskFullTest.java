package io.mihari.agent.ship;

import io.mihari.agent.config.Identity;
import io.mihari.agent.spool.Spool;
import io.mihari.agent.spool.SpoolSettings;
import io.mihari.model.event.Event;
import io.mihari.model.event.EventCodec;
import io.mihari.model.event.Gap;
import io.mihari.model.event.Heartbeat;
import io.mihari.model.event.Topics;
import io.mihari.testsupport.KafkaProcess;
import io.mihari.testsupport.MutableClock;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * The spool's file system itself is full (not the spool's own {@code maxBytes}): the spool lives on a 64 KiB tmpfs
 * mounted for the test, so every write past it fails with ENOSPC as on a real full disk. Mounting needs root (the
 * tests' usual user here, see docs/testing.md); elsewhere the test is skipped, saying why.
 *
 * <p>What must hold: appends that fail are counted and announced by a GAP event once there is room again (the loss
 * is visible centrally, never only in a log); the agent can still deliver and commit what it spooled before (which
 * frees the room) although the disk is full; and every event spooled before comes out exactly once, in order.
 */
class SpoolDiskFullTest {

    @TempDir
    Path base;

    Path mount;
    final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T02:00:00Z"));
    final Identity identity = Identity.of("kurashiki", "juki", Optional.of("krs-juki-ap1"), Optional.empty());
    final Heartbeat heartbeat = new Heartbeat(10, "0.1.0");

    @BeforeEach
    void mountTinyDisk() throws Exception {
        assumeThat(System.getProperty("os.name")).as("tmpfs needs Linux").startsWith("Linux");
        assumeThat(new com.sun.security.auth.module.UnixSystem().getUid()).as("mounting a tmpfs needs root")
                .isZero();
        mount = Files.createDirectory(base.resolve("disk"));
        Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", mount.toString())
                .redirectErrorStream(true).start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes());
        assumeThat(p.exitValue()).as("mount -t tmpfs failed: " + out).isZero();
    }

    @AfterEach
    void unmount() throws Exception {
        if (mount != null) {
            new ProcessBuilder("umount", "-l", mount.toString()).inheritIO().start().waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void appendsFailingOnAFullDiskAreCountedAnnouncedAndTheSpoolStaysWhole() throws Exception {
        // the spool's own limit is far above the disk: the file system fills first
        SpoolSettings settings = SpoolSettings.of(16L << 20, Spool.WhenFull.DROP_OLDEST);
        try (Spool spool = Spool.open(mount.resolve("spool"), settings)) {
            EventSink sink = new EventSink(identity, clock, spool, () -> { });
            List<Long> stored = new ArrayList<>();
            int failed = 0;
            // Kafka is down: heartbeats pile up until the disk is full, then a few more fail
            for (int i = 0; i < 10_000 && failed < 5; i++) {
                clock.advance(Duration.ofSeconds(10));
                long seq = sink.emit(heartbeat); // never throws: a refused event is counted (-1)
                if (seq > 0) {
                    stored.add(seq);
                } else {
                    failed++;
                }
            }
            assertThat(failed).as("the disk filled up").isEqualTo(5);
            assertThat(sink.rejectedCount()).isEqualTo(5);
            assertThat(stored).isNotEmpty();

            // Kafka is back: everything spooled before goes out and is committed, although the disk is still full
            List<Event> delivered = new ArrayList<>();
            for (List<Spool.Entry> batch = spool.peek(100); !batch.isEmpty(); batch = spool.peek(100)) {
                for (Spool.Entry e : batch) {
                    delivered.add(EventCodec.decode(e.record()));
                }
                spool.commit(batch.get(batch.size() - 1));
            }
            assertThat(delivered).extracting(Event::seq).containsExactlyElementsOf(stored);

            // room again: the next heartbeat is stored, and the failed appends are announced by a GAP event
            clock.advance(Duration.ofSeconds(10));
            long next = sink.emit(heartbeat);
            assertThat(next).isGreaterThan(stored.get(stored.size() - 1));
            List<Event> after = new ArrayList<>();
            for (Spool.Entry e : spool.peek(100)) {
                after.add(EventCodec.decode(e.record()));
            }
            assertThat(after).extracting(Event::seq).isSorted().doesNotHaveDuplicates();
            assertThat(after).extracting(ev -> ev.payload().getClass().getSimpleName())
                    .containsExactly("Heartbeat", "Gap");
            Gap gap = (Gap) after.get(1).payload();
            assertThat(gap.droppedEvents()).isEqualTo(5);
            assertThat(gap.reason()).contains("could not be written", "disk full");
            assertThat(delivered).extracting(Event::seq).doesNotContainAnyElementsOf(
                    after.stream().map(Event::seq).toList());

            // Kafka stays up: far more heartbeats than the disk holds are each stored and delivered, although the
            // spool's segment (4 MiB) is larger than the disk: the delivered records make room
            spool.commit(spool.peek(100).get(1));
            long last = after.get(1).seq();
            for (int i = 0; i < 3 * stored.size(); i++) {
                clock.advance(Duration.ofSeconds(10));
                long seq = sink.emit(heartbeat);
                assertThat(seq).as("heartbeat %d after the outage", i).isEqualTo(last + 1);
                List<Spool.Entry> sent = spool.peek(100);
                assertThat(sent).extracting(Spool.Entry::seq).containsExactly(seq);
                spool.commit(sent.get(0));
                last = seq;
            }
            assertThat(sink.rejectedCount()).isEqualTo(5);
        }
    }

    /**
     * The whole delivery path (spool, shipping loop, a real Kafka stopped and started again) on the full disk: once
     * Kafka is back, the backlog goes out although the disk is still full, heartbeats are stored and delivered again,
     * and Kafka receives every event spooled exactly once, in order, with the GAP event telling the ones the disk
     * refused. Before, the loop could not commit what it delivered: it sent the same records again and again and no
     * new heartbeat was ever stored.
     */
    @Test
    void withKafkaBackTheBacklogArrivesOnceAndHeartbeatsGoOnAlthoughTheDiskIsFull() throws Exception {
        Identity agent = Identity.of("kurashiki", "juki", Optional.of("krs-juki-ap1"),
                Optional.of("agent-" + UUID.randomUUID()));
        try (KafkaProcess kafka = KafkaProcess.start();
                Spool spool = Spool.open(mount.resolve("spool"), SpoolSettings.of(16L << 20, Spool.WhenFull.DROP_OLDEST));
                Shipper shipper = new Shipper(spool, agent.targetId(), kafka.bootstrapServers(), Map.of())) {
            kafka.stop();
            ShippingLoop loop = new ShippingLoop(spool, shipper, Duration.ofMillis(200), Duration.ofSeconds(2)).start();
            try {
                EventSink sink = new EventSink(agent, clock, spool, loop::wake);
                int stored = 0;
                int failed = 0;
                for (int i = 0; i < 10_000 && failed < 5; i++) {
                    clock.advance(Duration.ofSeconds(10));
                    if (sink.emit(heartbeat) > 0) {
                        stored++;
                    } else {
                        failed++;
                    }
                }
                assertThat(failed).as("the disk filled up").isEqualTo(5);

                kafka.startAgain();
                await("the backlog delivered on the full disk").atMost(Duration.ofSeconds(120))
                        .until(() -> spool.pendingRecords() == 0);
                int after = 2 * stored;
                for (int i = 0; i < after; i++) {
                    clock.advance(Duration.ofSeconds(10));
                    assertThat(sink.emit(heartbeat)).as("heartbeat %d after the outage stored", i).isPositive();
                    await().atMost(Duration.ofSeconds(60)).until(() -> spool.pendingRecords() == 0);
                }

                List<Event> events = received(kafka, agent.agentId(), stored + 1 + after);
                assertThat(events).extracting(Event::eventId).doesNotHaveDuplicates();
                assertThat(events).extracting(Event::seq).isSorted().doesNotHaveDuplicates();
                assertThat(events).hasSize(stored + 1 + after);
                List<Gap> gaps = events.stream().filter(e -> e.payload() instanceof Gap).map(e -> (Gap) e.payload())
                        .toList();
                assertThat(gaps).singleElement().satisfies(g -> assertThat(g.droppedEvents()).isEqualTo(5));
            } finally {
                loop.close();
            }
        }
    }

    /** The events of {@code agentId} on Kafka once there are {@code expected}, and whatever follows within 1 s. */
    static List<Event> received(KafkaProcess kafka, String agentId, int expected) {
        List<Event> events = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "verify-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.events("kurashiki")));
            java.util.function.Consumer<ConsumerRecord<String, byte[]>> take = record -> {
                try {
                    Event event = EventCodec.decode(record.value());
                    if (event.agentId().equals(agentId)) {
                        events.add(event);
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            };
            await("events of " + agentId).atMost(Duration.ofSeconds(120)).until(() -> {
                consumer.poll(Duration.ofMillis(500)).forEach(take);
                return events.size() >= expected;
            });
            consumer.poll(Duration.ofSeconds(1)).forEach(take);
        }
        return events;
    }
}
