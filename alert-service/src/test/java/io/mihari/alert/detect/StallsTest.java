package io.mihari.alert.detect;

import io.mihari.model.catalog.BatchJob;
import io.mihari.model.event.BatchRun;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 18: after ingest saw nothing for a while (Kafka killed for 40 s), agents deliver their spools on their own
 * backoff; a silence or schedule deadline that fell in that stall is judged later, so Mihari does not invent an
 * outage, yet the problem is dated exactly as before.
 */
class StallsTest {

    static final Instant T0 = Instant.parse("2026-12-07T01:00:00Z");
    static final Duration GRACE = Duration.ofSeconds(15);
    static final Duration TEN_SECONDS = Duration.ofSeconds(10);

    static LivenessMonitor.TargetRef ref(String host) {
        return new LivenessMonitor.TargetRef("kurashiki/" + host, "kurashiki-juki", "kurashiki", "juki", host);
    }

    @Test
    void aDeadlineInAStallMovesByItsLengthAndNotBeforeTheGraceEnded() {
        Stalls stalls = new Stalls(GRACE);
        stalls.add(T0.plusSeconds(5), T0.plusSeconds(45)); // 40 s

        assertThat(stalls.judgeAt(T0.plusSeconds(5))).as("due when the stall began: judged before it").isEqualTo(
                T0.plusSeconds(5));
        assertThat(stalls.judgeAt(T0.plusSeconds(30))).isEqualTo(T0.plusSeconds(70));
        assertThat(stalls.judgeAt(T0.plusSeconds(6))).as("not before the grace ended").isEqualTo(T0.plusSeconds(60));
        assertThat(stalls.judgeAt(T0.plusSeconds(60))).as("due within the grace").isEqualTo(T0.plusSeconds(100));
        assertThat(stalls.judgeAt(T0.plusSeconds(60).plusMillis(1))).as("after the grace: as it comes")
                .isEqualTo(T0.plusSeconds(60).plusMillis(1));
    }

    @Test
    void aDeadlineMovedIntoALaterStallMovesAgain() {
        Stalls stalls = new Stalls(GRACE);
        stalls.add(T0, T0.plusSeconds(10));
        stalls.add(T0.plusSeconds(20), T0.plusSeconds(30));

        // due at +5: +15 after the first stall, which is in the second one: +25, and not before its grace (+45)
        assertThat(stalls.judgeAt(T0.plusSeconds(5))).isEqualTo(T0.plusSeconds(45));
    }

    @Test
    void aKafkaFlappingForMinutesIsOneStallSoNoDeadlineInItIsJudgedInsideTheLastGrace() {
        Stalls stalls = new Stalls(GRACE);
        Instant t = T0;
        for (int i = 0; i < 30; i++) { // 6 s gone, 5 s back, for 5.5 minutes: more stalls than were once kept
            stalls.add(t, t.plusSeconds(6));
            t = t.plusSeconds(11);
        }
        Instant lastGraceEnd = t.minusSeconds(5).plus(GRACE);

        // due 1 s into the first: moved by all 30 x 6 s (to +181 s), and not before the grace after the last one
        assertThat(stalls.judgeAt(T0.plusSeconds(1))).isEqualTo(lastGraceEnd);
        // due in the last: moved by the whole flapping's 180 s (generous, never early)
        assertThat(stalls.judgeAt(t.minusSeconds(8))).isEqualTo(t.minusSeconds(8).plusSeconds(180));
    }

    @Test
    void noStallAndAnEmptyStallChangeNothing() {
        Stalls stalls = Stalls.none();
        assertThat(stalls.judgeAt(T0)).isEqualTo(T0);
        stalls.add(T0, T0);
        assertThat(stalls.judgeAt(T0.plusSeconds(1))).isEqualTo(T0.plusSeconds(1));
    }

    @Test
    void aTargetSilentAcrossAStallIsJudgedLaterButDownFromItsLastHeartbeat() {
        Stalls stalls = new Stalls(GRACE);
        LivenessMonitor monitor = new LivenessMonitor(3, stalls);
        monitor.heartbeat(ref("ap1"), TEN_SECONDS, T0); // deadline +30
        monitor.heartbeat(ref("ap2"), TEN_SECONDS, T0.plusSeconds(4)); // deadline +34
        assertThat(monitor.evaluate(T0.plusSeconds(5))).isEmpty();

        stalls.add(T0.plusSeconds(5), T0.plusSeconds(45)); // Kafka gone 40 s; ingest sees again at +45
        assertThat(monitor.evaluate(T0.plusSeconds(45))).as("not judged as soon as ingest sees again").isEmpty();

        // ap2's spool arrives 8 s after Kafka is back (the agent's backoff): it stays UP
        monitor.heartbeat(ref("ap2"), TEN_SECONDS, T0.plusSeconds(53));
        assertThat(monitor.evaluate(T0.plusSeconds(70)).stream().map(StatusTransition::targetId).toList())
                .as("ap1, never heard again, is DOWN at its deadline moved by the stall (30 + 40 s)")
                .containsExactly("kurashiki/ap1");
        assertThat(monitor.status("kurashiki/ap2")).isEqualTo(TargetStatus.UP);
    }

    @Test
    void theDownTransitionOfASilentTargetIsDatedAtItsLastHeartbeatWhateverTheStall() {
        Stalls stalls = new Stalls(GRACE);
        LivenessMonitor monitor = new LivenessMonitor(3, stalls);
        monitor.heartbeat(ref("ap1"), TEN_SECONDS, T0);
        stalls.add(T0.plusSeconds(5), T0.plusSeconds(45));

        assertThat(monitor.evaluate(T0.plusSeconds(70).minusMillis(1))).isEmpty();
        assertThat(monitor.evaluate(T0.plusSeconds(70))).singleElement().satisfies(t -> {
            assertThat(t.at()).isEqualTo(T0);
            assertThat(t.detectedAt()).isEqualTo(T0.plusSeconds(70));
        });
    }

    @Test
    void aTargetWhoseDeadlineComesWellAfterTheStallIsJudgedAsBefore() {
        Stalls stalls = new Stalls(GRACE);
        LivenessMonitor monitor = new LivenessMonitor(3, stalls);
        monitor.heartbeat(ref("db1"), Duration.ofMinutes(1), T0); // deadline +180
        stalls.add(T0.plusSeconds(5), T0.plusSeconds(45));

        assertThat(monitor.evaluate(T0.plusSeconds(180).minusMillis(1))).isEmpty();
        assertThat(monitor.evaluate(T0.plusSeconds(180))).hasSize(1);
    }

    @Test
    void aBatchStartDeliveredAfterTheStallKeepsItsScheduledInstant() {
        Stalls stalls = new Stalls(GRACE);
        BatchMonitor monitor = new BatchMonitor(stalls);
        // every minute, must start within 10 s: 01:01:00 is due by 01:01:10
        BatchJob job = new BatchJob("minutely", "kurashiki/db1", "* * * * *", ZoneId.of("UTC"),
                Duration.ofSeconds(10), Duration.ofMinutes(5));
        monitor.evaluate(T0.plusSeconds(30), List.of(job));
        stalls.add(T0.plusSeconds(50), T0.plusSeconds(90)); // ingest saw nothing from 01:00:50 to 01:01:30

        assertThat(monitor.evaluate(T0.plusSeconds(90), List.of(job))).as("not judged when ingest sees again")
                .isEmpty();
        // the start, made at 01:01:02 and kept in the agent's spool, arrives at 01:01:36
        assertThat(monitor.onRun(job.targetId(), Optional.of(job),
                new BatchRun("minutely", "r-1", BatchRun.State.STARTED, null, null, null), T0.plusSeconds(62)))
                .isEmpty();
        assertThat(monitor.evaluate(T0.plusSeconds(115), List.of(job))).as("kept: no missed run").isEmpty();
    }

    @Test
    void aBatchThatNeverStartedIsMissedAtItsDeadlineJudgedAfterTheStall() {
        Stalls stalls = new Stalls(GRACE);
        BatchMonitor monitor = new BatchMonitor(stalls);
        BatchJob job = new BatchJob("minutely", "kurashiki/db1", "* * * * *", ZoneId.of("UTC"),
                Duration.ofSeconds(10), Duration.ofMinutes(5));
        monitor.evaluate(T0.plusSeconds(30), List.of(job));
        stalls.add(T0.plusSeconds(50), T0.plusSeconds(90));

        // 01:01:10 + 40 s = 01:01:50 (after the grace, 01:01:45)
        assertThat(monitor.evaluate(T0.plusSeconds(110).minusMillis(1), List.of(job))).isEmpty();
        assertThat(monitor.evaluate(T0.plusSeconds(110), List.of(job))).singleElement().satisfies(a -> {
            assertThat(a.cause()).isEqualTo("BATCH_MISSED");
            assertThat(a.at()).as("dated at its deadline as ever").isEqualTo(T0.plusSeconds(70));
        });
    }

    @Test
    void detectionToldOfAStallJudgesSilenceAfterIt() {
        TargetDetection detection = new TargetDetection(3, new Stalls(GRACE));
        detection.onHeartbeat(ref("ap1"), TEN_SECONDS, T0);
        detection.stalled(T0.plusSeconds(5), T0.plusSeconds(45));

        assertThat(detection.evaluate(T0.plusSeconds(69), List.of()).transitions()).isEmpty();
        assertThat(detection.evaluate(T0.plusSeconds(70), List.of()).transitions()).singleElement()
                .satisfies(t -> assertThat(t.at()).isEqualTo(T0));
    }
}
