package io.mihari.alert.ingest;

import io.mihari.alert.store.Indices;
import io.mihari.model.catalog.Catalog;
import io.mihari.model.catalog.CatalogLoader;
import io.mihari.model.event.Event;
import io.mihari.model.event.EventCodec;
import io.mihari.model.event.EventType;
import io.mihari.model.event.Heartbeat;
import io.mihari.model.event.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which records of the event topic Mihari believes: pure logic, exact instants, no Kafka. */
class AdmissionTest {

    static final int PARTITIONS = 6;
    static final Instant NOW = Instant.parse("2026-12-06T03:00:00Z");
    static final Admission ADMISSION = new Admission(Duration.ofMinutes(5), 90);
    static Catalog catalog;

    @BeforeAll
    static void catalog() throws Exception {
        try (InputStream in = AdmissionTest.class.getResourceAsStream("/test-catalog.yaml")) {
            catalog = CatalogLoader.load(in, "test-catalog.yaml");
        }
    }

    static Event heartbeat(String tenant, String system, String host, Instant at) {
        return new Event("e-" + host + "-" + at.toEpochMilli(), 1, EventType.HEARTBEAT, at, tenant, system, host,
                "agent-1", 1, new Heartbeat(10, "test"));
    }

    /** The record as a well-behaved producer sends it: keyed by the target, in the key's partition. */
    static ConsumerRecord<String, byte[]> record(Event event) {
        return record(Topics.events(event.tenant()), event.targetId(),
                Admission.partitionOf(event.targetId(), PARTITIONS), EventCodec.encode(event));
    }

    static ConsumerRecord<String, byte[]> record(String key, int partition, byte[] value) {
        return record(Topics.events("kurashiki"), key, partition, value);
    }

    static ConsumerRecord<String, byte[]> record(String topic, String key, int partition, byte[] value) {
        return new ConsumerRecord<>(topic, partition, 42, key, value);
    }

    Admission.Verdict judge(ConsumerRecord<String, byte[]> record) {
        return ADMISSION.judge(record, PARTITIONS, NOW, catalog);
    }

    @Test
    void aRegisteredHostsEventInItsOwnPartitionIsBelievedAndBelongsToItsService() {
        Admission.Verdict v = judge(record(heartbeat("kurashiki", "juki", "krs-juki-ap1", NOW)));

        assertThat(v.accepted()).isTrue();
        assertThat(v.registered()).isTrue();
        assertThat(v.serviceId()).isEqualTo("kurashiki-juki");
    }

    @Test
    void anEventOnAnotherCitysTopicIsRefusedWhateverItsKeyAndPartition() {
        // an agent whose Kafka principal may write only Takamatsu's topic speaks for a Kurashiki host
        Event event = heartbeat("kurashiki", "juki", "krs-juki-ap1", NOW);
        int partition = Admission.partitionOf(event.targetId(), PARTITIONS);
        Admission.Verdict v = judge(record(Topics.events("takamatsu"), event.targetId(), partition,
                EventCodec.encode(event)));

        assertThat(v.reason()).isEqualTo(DeadLetterReason.WRONG_TOPIC);
        assertThat(v.detail()).isEqualTo("'kurashiki/krs-juki-ap1' is a target of tenant 'kurashiki': its events "
                + "belong on mihari.events.v1.kurashiki, not 'mihari.events.v1.takamatsu' (a city's agents speak only "
                + "for that city)");
        // an unregistered host of the other city on that city's topic is still stored (as unregistered)
        assertThat(judge(record(heartbeat("takamatsu", "juki", "krs-juki-ap1", NOW))).accepted()).isTrue();
        // a topic that is not an event topic at all, and one with a case-changed tenant
        assertThat(judge(record("mihari.events.v1", event.targetId(), partition, EventCodec.encode(event))).reason())
                .isEqualTo(DeadLetterReason.WRONG_TOPIC);
        assertThat(judge(record("mihari.events.v1.Kurashiki", event.targetId(), partition, EventCodec.encode(event)))
                .reason()).isEqualTo(DeadLetterReason.WRONG_TOPIC);
    }

    @Test
    void aKeyThatIsNotTheEventsTargetIsRefused() {
        Event event = heartbeat("kurashiki", "juki", "krs-juki-ap1", NOW);
        byte[] value = EventCodec.encode(event);
        int partition = Admission.partitionOf(event.targetId(), PARTITIONS);

        assertThat(judge(record(null, partition, value)).reason()).isEqualTo(DeadLetterReason.KEY_MISMATCH);
        assertThat(judge(record("kurashiki/krs-juki-ap2", partition, value)).reason())
                .isEqualTo(DeadLetterReason.KEY_MISMATCH);
        Admission.Verdict caseOnly = judge(record("Kurashiki/krs-juki-ap1", partition, value));
        assertThat(caseOnly.reason()).isEqualTo(DeadLetterReason.KEY_MISMATCH);
        assertThat(caseOnly.detail()).contains("'Kurashiki/krs-juki-ap1'", "'kurashiki/krs-juki-ap1'");
    }

    @Test
    void aRecordOutsideItsKeysPartitionIsRefusedSoOnlyTheTargetsOwnerJudgesIt() {
        Event event = heartbeat("kurashiki", "juki", "krs-juki-ap1", NOW);
        int own = Admission.partitionOf(event.targetId(), PARTITIONS);
        for (int p = 0; p < PARTITIONS; p++) {
            Admission.Verdict v = judge(record(event.targetId(), p, EventCodec.encode(event)));
            if (p == own) {
                assertThat(v.accepted()).isTrue();
            } else {
                assertThat(v.reason()).as("partition " + p).isEqualTo(DeadLetterReason.WRONG_PARTITION);
                assertThat(v.detail()).contains("belongs in partition " + own + " of 6", "not " + p);
            }
        }
    }

    @Test
    void thePartitionIsKafkasDefaultPartitionersForTheKey() {
        // murmur2 of the UTF-8 key, as org.apache.kafka.clients.producer.internals.BuiltInPartitioner computes it
        assertThat(Admission.partitionOf("kurashiki/krs-juki-ap1", PARTITIONS)).isEqualTo(
                org.apache.kafka.clients.producer.internals.BuiltInPartitioner.partitionForKey(
                        "kurashiki/krs-juki-ap1".getBytes(StandardCharsets.UTF_8), PARTITIONS));
    }

    @Test
    void anEventDatedMoreThanTheSkewAheadIsStoredWithItsClockReportedAndOnlyHalfADayAheadIsRefused() {
        Admission.Verdict atSkew = judge(record(heartbeat("kurashiki", "juki", "krs-juki-ap1",
                NOW.plus(Duration.ofMinutes(5)))));
        Admission.Verdict beyondSkew = judge(record(heartbeat("kurashiki", "juki", "krs-juki-ap1",
                NOW.plus(Duration.ofMinutes(5)).plusMillis(1))));
        // an agent whose clock jumped 10 minutes ahead, or one set to JST as if it were UTC
        Admission.Verdict tenMinutes = judge(record(heartbeat("kurashiki", "juki", "krs-juki-ap1",
                NOW.plus(Duration.ofMinutes(10)))));
        Admission.Verdict nineHours = judge(record(heartbeat("kurashiki", "juki", "krs-juki-ap1",
                NOW.plus(Duration.ofHours(9)))));
        Admission.Verdict atLimit = judge(record(heartbeat("kurashiki", "juki", "krs-juki-ap1",
                NOW.plus(Duration.ofHours(12)))));
        Admission.Verdict beyondLimit = judge(record(heartbeat("kurashiki", "juki", "krs-juki-ap1",
                NOW.plus(Duration.ofHours(12)).plusMillis(1))));
        Admission.Verdict years = judge(record(heartbeat("kurashiki", "juki", "krs-juki-ap1",
                Instant.parse("2031-01-01T00:00:00Z"))));

        assertThat(atSkew.accepted()).isTrue();
        assertThat(atSkew.clockAhead()).isZero();
        assertThat(beyondSkew.accepted()).isTrue();
        assertThat(beyondSkew.clockAhead()).isEqualTo(Duration.ofMinutes(5).plusMillis(1));
        assertThat(tenMinutes.accepted()).isTrue();
        assertThat(tenMinutes.clockAhead()).isEqualTo(Duration.ofMinutes(10));
        assertThat(nineHours.clockAhead()).isEqualTo(Duration.ofHours(9));
        assertThat(atLimit.accepted()).isTrue();
        assertThat(beyondLimit.reason()).isEqualTo(DeadLetterReason.FUTURE_DATED);
        assertThat(beyondLimit.detail()).contains("PT12H", "is the agent's clock in sync?");
        assertThat(years.reason()).isEqualTo(DeadLetterReason.FUTURE_DATED);
    }

    @Test
    void aSkewSetBeyondHalfADayIsItsOwnLimit() {
        Admission lenient = new Admission(Duration.ofHours(20), 90);
        assertThat(lenient.judge(record(heartbeat("kurashiki", "juki", "krs-juki-ap1",
                NOW.plus(Duration.ofHours(20)))), PARTITIONS, NOW, catalog).clockAhead()).isZero();
        assertThat(lenient.judge(record(heartbeat("kurashiki", "juki", "krs-juki-ap1",
                NOW.plus(Duration.ofHours(20)).plusMillis(1))), PARTITIONS, NOW, catalog).reason())
                .isEqualTo(DeadLetterReason.FUTURE_DATED);
    }

    @Test
    void anEventOlderThanTheOldestDayKeptIsRefused() {
        // 90 days before 2026-12-06 is 2026-09-07: that day's index is kept, the day before is deleted
        Admission.Verdict oldestKept = judge(record(heartbeat("kurashiki", "juki", "krs-juki-ap1",
                Instant.parse("2026-09-07T00:00:00Z"))));
        Admission.Verdict tooOld = judge(record(heartbeat("kurashiki", "juki", "krs-juki-ap1",
                Instant.parse("2026-09-06T23:59:59.999Z"))));

        assertThat(oldestKept.accepted()).isTrue();
        assertThat(tooOld.reason()).isEqualTo(DeadLetterReason.TOO_OLD);
        assertThat(tooOld.detail()).contains("2026-09-07", "mihari.retention.event-days=90");
    }

    @Test
    void noAcceptedEventLandsInADailyIndexOutsideTheKeptWindow() {
        Random random = new Random(7);
        LocalDate today = LocalDate.ofInstant(NOW, ZoneOffset.UTC);
        int accepted = 0;
        for (int i = 0; i < 20_000; i++) {
            Instant at = NOW.plusSeconds(random.nextLong(-200L * 86_400, 200L * 86_400));
            Admission.Verdict v = judge(record(heartbeat("kurashiki", "juki", "krs-juki-ap1", at)));
            if (v.accepted()) {
                accepted++;
                LocalDate day = LocalDate.parse(Indices.events(at).substring(Indices.EVENTS_PREFIX.length())
                        .replace('.', '-'));
                assertThat(day).isBetween(today.minusDays(90), today.plusDays(1));
            }
        }
        assertThat(accepted).isGreaterThan(1000);
    }

    @Test
    void aRegisteredHostSentUnderAnotherSystemIsRefused() {
        Admission.Verdict v = judge(record(heartbeat("kurashiki", "hokenfukushi", "krs-juki-ap1", NOW)));

        assertThat(v.reason()).isEqualTo(DeadLetterReason.SYSTEM_MISMATCH);
        assertThat(v.detail()).contains("registered under system 'juki' (kurashiki-juki), not 'hokenfukushi'");
    }

    @Test
    void anotherCitysHostNameUnderThisCityIsUnregisteredAndBelongsToNoService() {
        // Kurashiki's host name sent as Takamatsu's: Takamatsu has no such host, so it is stored as unregistered
        // and attached to no service — never to takamatsu-juki, never shown in a city's or vendor's lists
        Admission.Verdict v = judge(record(heartbeat("takamatsu", "juki", "krs-juki-ap1", NOW)));

        assertThat(v.accepted()).isTrue();
        assertThat(v.registered()).isFalse();
        assertThat(v.serviceId()).isNull();
    }

    @Test
    void whatCannotBeDecodedIsRefusedWithItsKind() {
        String key = "kurashiki/krs-juki-ap1";
        int p = Admission.partitionOf(key, PARTITIONS);

        assertThat(judge(record(key, p, null)).reason()).isEqualTo(DeadLetterReason.NOT_JSON);
        assertThat(judge(record(key, p, new byte[] {(byte) 0xff, 0x00})).reason()).isEqualTo(DeadLetterReason.NOT_JSON);
        assertThat(judge(record(key, p, "{\"type\":\"HEARTBEAT\"}".getBytes(StandardCharsets.UTF_8))).reason())
                .isEqualTo(DeadLetterReason.INVALID_EVENT);
        assertThat(judge(record(key, p, new byte[700_000])).reason()).isEqualTo(DeadLetterReason.TOO_LARGE);
    }

    @Test
    void aReasonNeverEchoesAHugeKey() {
        Event event = heartbeat("kurashiki", "juki", "krs-juki-ap1", NOW);
        String hugeKey = "k".repeat(900_000);

        Admission.Verdict v = judge(record(hugeKey, Admission.partitionOf(event.targetId(), PARTITIONS),
                EventCodec.encode(event)));

        assertThat(v.reason()).isEqualTo(DeadLetterReason.KEY_MISMATCH);
        assertThat(v.detail()).hasSizeLessThan(300).contains("(900000 characters)");
    }

    @Test
    void aSkewSettingOfMoreThanADayStopsTheServiceNamingTheKey() {
        assertThatThrownBy(() -> new Admission(Duration.ofDays(2), 90))
                .hasMessageContaining("mihari.ingest.max-future-skew").hasMessageContaining("PT48H");
    }
}
