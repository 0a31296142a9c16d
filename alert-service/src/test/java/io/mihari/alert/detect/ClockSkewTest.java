package io.mihari.alert.detect;

import io.mihari.alert.incident.ProblemWords;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Clock skew 時刻ずれ of agents ({@link ClockSkewMonitor}) through {@link TargetDetection}: heartbeats every 10 s,
 * 3 missed heartbeats, default settings (warning 2 s, major 30 s, 3 heartbeats). Every instant is fixed.
 */
class ClockSkewTest {

    static final Instant T0 = Instant.parse("2026-12-07T01:00:00Z");
    static final LivenessMonitor.TargetRef MON1 = new LivenessMonitor.TargetRef("kurashiki/krs-juki-mon1",
            "kurashiki-juki", "kurashiki", "juki", "krs-juki-mon1");
    static final String KEY = "kurashiki/krs-juki-mon1|CLOCK_SKEW|clock";
    static final Duration TEN_SECONDS = Duration.ofSeconds(10);
    static final String AGENT = "agent-mon1";

    final TargetDetection detection = new TargetDetection(3);
    long seq;

    static Instant t(double seconds) {
        return T0.plusMillis(Math.round(seconds * 1000));
    }

    /**
     * A heartbeat received at {@code second} whose agent dated it {@code aheadMillis} later (negative: earlier), as
     * Detection hands it on: liveness, then the clock.
     */
    TargetDetection.Output heartbeat(double second, long aheadMillis) {
        return heartbeat(second, t(second).plusMillis(aheadMillis), ++seq);
    }

    TargetDetection.Output heartbeat(double second, Instant occurredAt, long seq) {
        Instant receivedAt = t(second);
        return detection.onHeartbeat(MON1, TEN_SECONDS, receivedAt, receivedAt)
                .and(detection.onClock(MON1, AGENT, seq, occurredAt, receivedAt, TEN_SECONDS));
    }

    /** Every alert of heartbeats every 10 s from {@code from} (inclusive) to {@code to} (exclusive). */
    List<Alert> heartbeats(int from, int to, long aheadMillis) {
        List<Alert> alerts = new ArrayList<>();
        for (int s = from; s < to; s += 10) {
            TargetDetection.Output out = heartbeat(s, aheadMillis);
            alerts.addAll(out.alerts());
        }
        return alerts;
    }

    @Test
    void anAgent90SecondsAheadStaysUpAndRaisesTheMajorSkewAlert() {
        // sent at true time s, dated s + 92.5 s by the agent, received at s + 0.1 s (+ 0.4 s for the first)
        TargetDetection.Output first = heartbeat(0, 92_000);
        assertThat(first.transitions()).extracting(StatusTransition::to, StatusTransition::at,
                StatusTransition::cause).containsExactly(tuple(TargetStatus.UP, t(0), "HEARTBEAT_RECEIVED"));
        assertThat(first.alerts()).isEmpty();
        assertThat(heartbeat(10, 92_400).alerts()).isEmpty();
        TargetDetection.Output third = heartbeat(20, 92_400);
        assertThat(third.transitions()).isEmpty();
        assertThat(third.alerts()).singleElement().satisfies(a -> {
            assertThat(a.key()).isEqualTo(KEY);
            assertThat(a.kind()).isEqualTo(AlertKind.CLOCK_SKEW);
            assertThat(a.severity()).isEqualTo(Severity.MAJOR);
            assertThat(a.firing()).isTrue();
            assertThat(a.at()).isEqualTo(t(20));
            assertThat(a.cause()).isEqualTo("CLOCK_SKEW");
            assertThat(a.summary()).isEqualTo(
                    "kurashiki/krs-juki-mon1: agent clock 92.4 s ahead of Mihari (major at 30.0 s)");
            assertThat(a.facts()).isEqualTo(Map.of(Alert.OFFSET, "92.4", Alert.THRESHOLD, "30.0 s"));
        });
        // heartbeats keep coming every interval: UP throughout, nothing more raised
        for (int s = 30; s <= 120; s += 10) {
            assertThat(detection.evaluate(t(s - 0.001), List.of()).isEmpty()).isTrue();
            assertThat(heartbeat(s, 92_400).isEmpty()).isTrue();
        }
        assertThat(detection.status(MON1.targetId())).isEqualTo(TargetStatus.UP);
        assertThat(detection.clockOffset(MON1.targetId()))
                .contains(new ClockSkewMonitor.Offset(Duration.ofMillis(92_400), t(120)));
        // heartbeats count at receipt, not at the agent's clock: silent after 120 s, DOWN exactly 30 s later
        assertThat(detection.evaluate(t(149.999), List.of()).isEmpty()).isTrue();
        assertThat(detection.evaluate(t(150), List.of()).transitions())
                .extracting(StatusTransition::to, StatusTransition::at, StatusTransition::cause)
                .containsExactly(tuple(TargetStatus.DOWN, t(120), "HEARTBEAT_MISSING"));
    }

    @Test
    void anAgentBehindRaisesAWarningThatEndsOnceItsClockIsBackForThreeHeartbeats() {
        assertThat(heartbeats(0, 20, -3_100)).isEmpty();
        Alert warning = heartbeat(20, -3_100).alerts().get(0);
        assertThat(warning.severity()).isEqualTo(Severity.WARNING);
        assertThat(warning.at()).isEqualTo(t(20));
        assertThat(warning.summary()).isEqualTo(
                "kurashiki/krs-juki-mon1: agent clock 3.1 s behind Mihari (warning at 2.0 s)");
        assertThat(warning.facts()).containsEntry(Alert.OFFSET, "-3.1");
        assertThat(ProblemWords.alert(warning)).isEqualTo(new ProblemWords.Text(
                "kurashiki/krs-juki-mon1 のエージェントの時刻が Mihari より 3.1 秒遅れています（閾値 2.0 秒）",
                "agent clock on kurashiki/krs-juki-mon1 is 3.1 s behind Mihari (threshold 2.0 s)"));
        // NTP corrects it: the estimate (the largest of the window) is back at once, the alert ends after three
        assertThat(heartbeats(30, 50, -80)).isEmpty();
        Alert ok = heartbeat(50, -80).alerts().get(0);
        assertThat(ok).extracting(Alert::key, Alert::firing, Alert::severity, Alert::at, Alert::cause)
                .containsExactly(KEY, false, Severity.WARNING, t(50), "CLOCK_OK");
        assertThat(ok.summary()).isEqualTo("kurashiki/krs-juki-mon1: agent clock back within 2.0 s of Mihari"
                + " (0.1 s behind Mihari)");
        assertThat(ProblemWords.alert(ok).en())
                .isEqualTo("agent clock on kurashiki/krs-juki-mon1 back within 2.0 s of Mihari (0.1 s behind)");
    }

    @Test
    void aClockSetRightAfterRunningAheadEndsTheAlertOnceTheWindowHasForgottenIt() {
        assertThat(heartbeats(0, 30, 45_000)).extracting(Alert::severity, Alert::at)
                .containsExactly(tuple(Severity.MAJOR, t(20)));
        // the window (five heartbeats) still holds 45 s at 30–60 s, then three estimates within the threshold
        assertThat(heartbeats(30, 90, 50)).isEmpty();
        assertThat(heartbeat(90, 50).alerts()).extracting(Alert::firing, Alert::cause, Alert::at)
                .containsExactly(tuple(false, "CLOCK_OK", t(90)));
    }

    @Test
    void aWarningRisesToMajorAndFallsBackWithTheSameKey() {
        assertThat(heartbeats(0, 30, 5_000)).extracting(Alert::severity, Alert::at)
                .containsExactly(tuple(Severity.WARNING, t(20)));
        assertThat(heartbeats(30, 60, 40_000)).extracting(Alert::key, Alert::severity, Alert::firing, Alert::at)
                .containsExactly(tuple(KEY, Severity.MAJOR, true, t(50)));
        // a clock set forward is no replay burst; back to 5 s: the window holds 40 s at 60–90 s, then three below major
        assertThat(heartbeats(60, 130, 5_000)).extracting(Alert::key, Alert::severity, Alert::firing, Alert::at)
                .containsExactly(tuple(KEY, Severity.WARNING, true, t(120)));
    }

    @Test
    void oneHeartbeatDelayedOnItsWayIsOutvoted() {
        assertThat(heartbeats(0, 40, -100)).isEmpty();
        assertThat(heartbeat(40, -5_100).alerts()).isEmpty(); // 5 s in transit
        assertThat(detection.clockOffset(MON1.targetId())).contains(
                new ClockSkewMonitor.Offset(Duration.ofMillis(-100), t(40)));
        assertThat(heartbeats(50, 200, -100)).isEmpty();
    }

    @Test
    void justBelowTheWarningThresholdRaisesNothing() {
        assertThat(heartbeats(0, 200, 1_999)).isEmpty();
        assertThat(detection.clockOffset(MON1.targetId())).contains(
                new ClockSkewMonitor.Offset(Duration.ofMillis(1_999), t(190)));
    }

    @Test
    void aSpooledReplayAfterAnOutageDoesNotReadAsAClockBehind() {
        assertThat(heartbeats(0, 60, -100)).isEmpty(); // in sync, 0.1 s transit
        // the agent cannot reach Kafka from 60 s to 660 s: its 60 spooled heartbeats arrive in 2 s, oldest first
        List<Alert> alerts = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            alerts.addAll(heartbeat(660 + i / 30.0, t(60 + i * 10), ++seq).alerts());
        }
        alerts.addAll(heartbeats(670, 800, -100));
        assertThat(alerts).isEmpty();
        assertThat(detection.clockOffset(MON1.targetId())).contains(
                new ClockSkewMonitor.Offset(Duration.ofMillis(-100), t(790)));
    }

    @Test
    void heartbeatsIngestReadLateInOneBatchAreLeftOut() {
        assertThat(heartbeats(0, 60, -100)).isEmpty();
        // alert-service was behind: five heartbeats sent from 60 s to 100 s, all read at 130 s
        List<Alert> alerts = new ArrayList<>();
        for (int s = 60; s <= 100; s += 10) {
            alerts.addAll(heartbeat(130, t(s).minusMillis(100), ++seq).alerts());
        }
        assertThat(alerts).isEmpty();
        // the first of them counted (it looks late, and is outvoted); the four read with it are left out
        assertThat(detection.clockOffset(MON1.targetId())).contains(
                new ClockSkewMonitor.Offset(Duration.ofMillis(-100), t(130)));
    }

    @Test
    void aHeartbeatDeliveredTwiceIsIgnored() {
        heartbeats(0, 20, 0);
        Instant occurred = t(20);
        assertThat(heartbeat(20, occurred, 50).isEmpty()).isTrue();
        assertThat(heartbeat(25, occurred, 50).alerts()).isEmpty();
        assertThat(detection.clockOffset(MON1.targetId())).contains(
                new ClockSkewMonitor.Offset(Duration.ZERO, t(20)));
    }

    @Test
    void aRestoredSkewAlertEndsWhenTheClockIsFine() {
        detection.restoreAlert(KEY, MON1.targetId(), t(-600));
        assertThat(heartbeats(0, 20, 100)).isEmpty();
        assertThat(heartbeat(20, 100).alerts()).extracting(Alert::key, Alert::firing, Alert::cause, Alert::at)
                .containsExactly(tuple(KEY, false, "CLOCK_OK", t(20)));
    }

    @Test
    void forgottenTargetsLoseTheirEstimate() {
        heartbeats(0, 20, 3_000);
        detection.forgetIf(MON1.targetId()::equals);
        assertThat(detection.clockOffset(MON1.targetId())).isEqualTo(Optional.empty());
    }

    @Test
    void theOffsetIsHandedOutForTheStatusDocumentWhenNewChangedOrStale() {
        heartbeat(0, 300);
        assertThat(detection.clockOffsetsToStore()).isEqualTo(Map.of(MON1.targetId(),
                new ClockSkewMonitor.Offset(Duration.ofMillis(300), t(0))));
        heartbeats(10, 60, 450); // moved, but within a minute of the one stored
        assertThat(detection.clockOffsetsToStore()).isEmpty();
        heartbeat(60, 450); // a minute later and 150 ms further
        assertThat(detection.clockOffsetsToStore()).containsEntry(MON1.targetId(),
                new ClockSkewMonitor.Offset(Duration.ofMillis(450), t(60)));
        heartbeats(70, 960, 450);
        assertThat(detection.clockOffsetsToStore()).isEmpty();
        heartbeat(960, 450); // unchanged for 15 minutes: renewed
        assertThat(detection.clockOffsetsToStore()).containsEntry(MON1.targetId(),
                new ClockSkewMonitor.Offset(Duration.ofMillis(450), t(960)));
        // silent: DOWN rewrites the status document without the offset, so the next heartbeat stores it again
        assertThat(detection.evaluate(t(1_000), List.of()).transitions()).hasSize(1);
        heartbeat(1_000, 450);
        assertThat(detection.clockOffsetsToStore()).containsEntry(MON1.targetId(),
                new ClockSkewMonitor.Offset(Duration.ofMillis(450), t(1_000)));
        // a write that failed is stored again with the next estimate
        detection.storeClockOffsetsAgain(List.of(MON1.targetId()));
        heartbeat(1_010, 450);
        assertThat(detection.clockOffsetsToStore()).containsEntry(MON1.targetId(),
                new ClockSkewMonitor.Offset(Duration.ofMillis(450), t(1_010)));
    }

    @Test
    void anAlertChangeStoresTheOffsetAtOnce() {
        heartbeats(0, 20, 2_500);
        detection.clockOffsetsToStore();
        heartbeat(20, 2_500); // the WARNING fires
        assertThat(detection.clockOffsetsToStore()).containsEntry(MON1.targetId(),
                new ClockSkewMonitor.Offset(Duration.ofMillis(2_500), t(20)));
    }

    @Test
    void badSettingsAreRefusedWithTheKeysName() {
        assertThatThrownBy(() -> new ClockSkewMonitor.Settings(Duration.ZERO, Duration.ofSeconds(30), 3))
                .hasMessageStartingWith("mihari.clock-skew.warning must be more than 0");
        assertThatThrownBy(() -> new ClockSkewMonitor.Settings(Duration.ofSeconds(2), Duration.ofSeconds(2), 3))
                .hasMessageStartingWith("mihari.clock-skew.major must be more than mihari.clock-skew.warning");
        assertThatThrownBy(() -> new ClockSkewMonitor.Settings(Duration.ofSeconds(2), Duration.ofSeconds(30), 0))
                .hasMessageStartingWith("mihari.clock-skew.heartbeats must be between 1 and 100");
        assertThat(ClockSkewMonitor.Settings.DEFAULT).isEqualTo(
                new ClockSkewMonitor.Settings(Duration.ofSeconds(2), Duration.ofSeconds(30), 3));
    }

    @Test
    void oneHeartbeatSettingAlertsOnTheFirstEstimate() {
        TargetDetection oneBeat = new TargetDetection(3, Stalls.none(),
                new ClockSkewMonitor.Settings(Duration.ofSeconds(2), Duration.ofSeconds(30), 1));
        assertThat(oneBeat.onClock(MON1, AGENT, 1, t(2.5), t(0), TEN_SECONDS).alerts()).extracting(Alert::severity, Alert::at)
                .containsExactly(tuple(Severity.WARNING, t(0)));
        assertThat(oneBeat.status(MON1.targetId())).isEqualTo(TargetStatus.UNKNOWN); // the clock decides no status
    }
}
