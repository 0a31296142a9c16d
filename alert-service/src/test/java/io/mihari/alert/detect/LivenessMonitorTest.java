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

    static LivenessMonitor.TargetRef ap1Of(String serviceId) {
        return new LivenessMonitor.TargetRef(AP1.targetId(), serviceId, AP1.tenant(), AP1.system(), AP1.host());
    }

    @Test
    void silenceIsReportedUnderTheIdentityOfTheLatestHeartbeat() {
        monitor.heartbeat(ap1Of(null), TEN_SECONDS, T0);
        monitor.heartbeat(ap1Of("s1"), TEN_SECONDS, T0.plusSeconds(10));

        assertThat(monitor.evaluate(T0.plusSeconds(40))).singleElement()
                .satisfies(t -> assertThat(t.serviceId()).isEqualTo("s1"));
    }

    @Test
    void updateRefAndRestoreChangeTheIdentityOfAWatchedTargetOnly() {
        monitor.heartbeat(ap1Of(null), TEN_SECONDS, T0);
        monitor.updateRef(ap1Of("s1"));
        monitor.updateRef(new LivenessMonitor.TargetRef("kurashiki/krs-juki-db1", "s1", "kurashiki", "juki",
                "krs-juki-db1"));
        assertThat(monitor.watched()).containsExactly(ap1Of("s1"));

        monitor.restore(ap1Of("s2"), TEN_SECONDS, TargetStatus.DOWN, T0.plusSeconds(5));

        assertThat(monitor.status(AP1.targetId())).as("the watch is kept").isEqualTo(TargetStatus.UP);
        assertThat(monitor.evaluate(T0.plusSeconds(30))).singleElement().satisfies(t -> {
            assertThat(t.serviceId()).isEqualTo("s2");
            assertThat(t.at()).isEqualTo(T0);
        });
    }

    @Test
    void forgetIfDropsEveryMatchingTarget() {
        monitor.heartbeat(AP1, TEN_SECONDS, T0);
        LivenessMonitor.TargetRef db1 = new LivenessMonitor.TargetRef("kurashiki/krs-juki-db1", "kurashiki-juki",
                "kurashiki", "juki", "krs-juki-db1");
        monitor.heartbeat(db1, TEN_SECONDS, T0);

        monitor.forgetIf(id -> id.endsWith("ap1"));

        assertThat(monitor.watched()).containsExactly(db1);
        assertThat(monitor.status(AP1.targetId())).isEqualTo(TargetStatus.UNKNOWN);
    }

    @Test
    void missedHeartbeatsMustBePositive() {
        assertThatThrownBy(() -> new LivenessMonitor(0)).hasMessageContaining("mihari.liveness.missed-heartbeats");
    }
}
