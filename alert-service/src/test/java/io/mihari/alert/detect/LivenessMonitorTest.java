package io.mihari.alert.detect;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LivenessMonitorTest {

    static final Instant T0 = Instant.parse("2026-11-25T01:00:00Z");
    static final LivenessMonitor.TargetRef AP1 =
            new LivenessMonitor.TargetRef("kurashiki/krs-juki-ap1", "kurashiki-juki", "kurashiki", "juki", "krs-juki-ap1");
    static final Duration TEN_SECONDS = Duration.ofSeconds(10);

    final LivenessMonitor monitor = new LivenessMonitor(3);

    @Test
    void firstHeartbeatTurnsAnUnknownTargetUp() {
        assertThat(monitor.status(AP1.targetId())).isEqualTo(TargetStatus.UNKNOWN);

        assertThat(monitor.heartbeat(AP1, TEN_SECONDS, T0)).singleElement().satisfies(t -> {
            assertThat(t.from()).isEqualTo(TargetStatus.UNKNOWN);
            assertThat(t.to()).isEqualTo(TargetStatus.UP);
            assertThat(t.at()).isEqualTo(T0);
        });
        assertThat(monitor.heartbeat(AP1, TEN_SECONDS, T0.plusSeconds(10))).isEmpty();
    }

    @Test
    void targetIsDownExactlyAfterThreeMissedIntervalsStartingAtTheLastHeartbeat() {
        monitor.heartbeat(AP1, TEN_SECONDS, T0);
        monitor.heartbeat(AP1, TEN_SECONDS, T0.plusSeconds(10));

        assertThat(monitor.evaluate(T0.plusSeconds(39).plusMillis(999))).isEmpty();
        assertThat(monitor.evaluate(T0.plusSeconds(40))).singleElement().satisfies(t -> {
            assertThat(t.to()).isEqualTo(TargetStatus.DOWN);
            assertThat(t.at()).isEqualTo(T0.plusSeconds(10));
            assertThat(t.detectedAt()).isEqualTo(T0.plusSeconds(40));
            assertThat(t.cause()).isEqualTo("HEARTBEAT_MISSING");
        });
        assertThat(monitor.evaluate(T0.plusSeconds(80))).as("reported once").isEmpty();
    }

    @Test
    void heartbeatAfterAnOutageIsAnUpTransitionAtItsReceipt() {
        monitor.heartbeat(AP1, TEN_SECONDS, T0);
        monitor.evaluate(T0.plusSeconds(30));

        assertThat(monitor.heartbeat(AP1, TEN_SECONDS, T0.plusSeconds(95))).singleElement().satisfies(t -> {
            assertThat(t.from()).isEqualTo(TargetStatus.DOWN);
            assertThat(t.to()).isEqualTo(TargetStatus.UP);
            assertThat(t.at()).isEqualTo(T0.plusSeconds(95));
        });
    }

    @Test
    void lateDeliveredOldHeartbeatDoesNotMoveLastHeardBackwards() {
        monitor.heartbeat(AP1, TEN_SECONDS, T0.plusSeconds(20));
        monitor.heartbeat(AP1, TEN_SECONDS, T0);

        assertThat(monitor.evaluate(T0.plusSeconds(49))).isEmpty();
        assertThat(monitor.evaluate(T0.plusSeconds(50))).hasSize(1);
    }

    @Test
    void targetRestoredUpAfterARestartGetsItsFullAllowanceFromTheRestart() {
        monitor.restore(AP1, TEN_SECONDS, TargetStatus.UP, T0);

        assertThat(monitor.status(AP1.targetId())).isEqualTo(TargetStatus.UP);
        assertThat(monitor.evaluate(T0.plusSeconds(29))).isEmpty();
        assertThat(monitor.evaluate(T0.plusSeconds(30))).singleElement()
                .satisfies(t -> assertThat(t.at()).isEqualTo(T0));
    }

    @Test
    void targetRestoredDownStaysDownUntilHeardWithoutASecondDownTransition() {
        monitor.restore(AP1, TEN_SECONDS, TargetStatus.DOWN, T0);

        assertThat(monitor.evaluate(T0.plusSeconds(600))).isEmpty();
        assertThat(monitor.heartbeat(AP1, TEN_SECONDS, T0.plusSeconds(601))).singleElement()
                .satisfies(t -> assertThat(t.from()).isEqualTo(TargetStatus.DOWN));
    }

    @Test
    void restoringAnUnknownTargetWatchesNothing() {
        monitor.restore(AP1, TEN_SECONDS, TargetStatus.UNKNOWN, T0);

        assertThat(monitor.evaluate(T0.plusSeconds(600))).isEmpty();
        assertThat(monitor.status(AP1.targetId())).isEqualTo(TargetStatus.UNKNOWN);
    }

    @Test
    void missedHeartbeatsMustBePositive() {
        assertThatThrownBy(() -> new LivenessMonitor(0)).hasMessageContaining("mihari.liveness.missed-heartbeats");
    }
}
