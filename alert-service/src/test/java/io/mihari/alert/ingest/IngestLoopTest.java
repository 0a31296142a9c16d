package io.mihari.alert.ingest;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ingest loop's pacing (issue 15): a batch is handed on as soon as its bulk answered and nothing new came, not
 * after another 500 ms poll; one bulk stays in flight while records keep coming; an idle loop waits, it does not spin.
 */
class IngestLoopTest {

    static final TopicPartition TP = new TopicPartition("mihari.events.v1.kurashiki", 0);
    static final ConsumerRecords<String, byte[]> NOTHING = ConsumerRecords.empty();
    static final ConsumerRecords<String, byte[]> SOME = new ConsumerRecords<>(
            Map.of(TP, List.of(new ConsumerRecord<>(TP.topic(), 0, 7L, "kurashiki/krs-juki-ap1", new byte[0]))),
            Map.of());

    static IngestWorker.Batch inFlight(boolean answered) {
        IngestWorker.Batch batch = new IngestWorker.Batch(SOME, Instant.EPOCH, List.of(), List.of(), new byte[0]);
        batch.result = answered ? CompletableFuture.completedFuture(null) : new CompletableFuture<>();
        return batch;
    }

    @Test
    void nothingInFlightWaitsForRecordsAsBefore() {
        assertThat(IngestWorker.pollTimeout(null)).isEqualTo(Duration.ofMillis(500));
        assertThat(IngestWorker.keptInFlight(NOTHING, null)).isZero();
    }

    @Test
    void aBulkStillWritingIsKeptWhileTheLoopLooksBrieflyForMore() {
        IngestWorker.Batch writing = inFlight(false);

        assertThat(IngestWorker.pollTimeout(writing)).isEqualTo(Duration.ofMillis(5));
        assertThat(IngestWorker.keptInFlight(NOTHING, writing)).isEqualTo(1);
    }

    @Test
    void aBulkThatAnsweredIsCompletedAtOnceWhenNothingNewCame() {
        IngestWorker.Batch written = inFlight(true);

        assertThat(IngestWorker.pollTimeout(written)).as("no wait").isEqualTo(Duration.ZERO);
        assertThat(IngestWorker.keptInFlight(NOTHING, written)).as("handed on now").isZero();
    }

    @Test
    void whileRecordsKeepComingOneBulkStaysInFlight() {
        assertThat(IngestWorker.keptInFlight(SOME, inFlight(true))).isEqualTo(1);
        assertThat(IngestWorker.keptInFlight(SOME, inFlight(false))).isEqualTo(1);
    }

    @Test
    void anIdlePollEndsAtTheNextSilenceDeadlineToTheMillisecond() {
        Instant now = Instant.parse("2026-12-07T00:00:00Z");

        assertThat(IngestWorker.pollTimeout(null, null, now)).as("no deadline").isEqualTo(Duration.ofMillis(500));
        assertThat(IngestWorker.pollTimeout(null, now.plusMillis(120), now)).isEqualTo(Duration.ofMillis(120));
        assertThat(IngestWorker.pollTimeout(null, now.plusNanos(120_000_001), now)).as("never before it is due")
                .isEqualTo(Duration.ofMillis(121));
        assertThat(IngestWorker.pollTimeout(null, now.plusSeconds(3), now)).as("a far one: the usual wait")
                .isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void aDeadlineThatHasComeIsConfirmedWithoutSpinning() {
        Instant now = Instant.parse("2026-12-07T00:00:00Z");

        assertThat(IngestWorker.pollTimeout(null, now, now)).isEqualTo(Duration.ofMillis(10));
        assertThat(IngestWorker.pollTimeout(null, now.minusSeconds(5), now)).isEqualTo(Duration.ofMillis(10));
        assertThat(IngestWorker.pollTimeout(null, now.plusMillis(3), now)).isEqualTo(Duration.ofMillis(10));
    }

    @Test
    void aBulkInFlightIsNotKeptWaitingByADeadline() {
        Instant now = Instant.parse("2026-12-07T00:00:00Z");

        assertThat(IngestWorker.pollTimeout(inFlight(false), now.plusMillis(1), now)).isEqualTo(Duration.ofMillis(5));
        assertThat(IngestWorker.pollTimeout(inFlight(true), now.minusSeconds(1), now)).isEqualTo(Duration.ZERO);
    }
}
