package io.mihari.alert.detect;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link LivenessMonitor}'s deadline queue: silence is found at the exact instant, whatever the heartbeats did to
 * the queue in between, and the queue holds about one entry per target however many heartbeats came.
 */
class LivenessDeadlineQueueTest {

    static final Instant T0 = Instant.parse("2026-11-25T01:00:00Z");
    static final Duration TEN_SECONDS = Duration.ofSeconds(10);

    final LivenessMonitor monitor = new LivenessMonitor(3);

    static LivenessMonitor.TargetRef ref(int n) {
        String host = "krs-juki-ap" + n;
        return new LivenessMonitor.TargetRef("kurashiki/" + host, "kurashiki-juki", "kurashiki", "juki", host);
    }

    @Test
    void aTargetHeardManyTimesIsDownExactlyThreeIntervalsAfterItsLastHeartbeatWithOneQueueEntry() {
        for (int i = 0; i <= 100; i++) {
            monitor.heartbeat(ref(1), TEN_SECONDS, T0.plusSeconds(10L * i));
        }
        Instant last = T0.plusSeconds(1_000);
        assertThat(monitor.queued()).isEqualTo(1);

        // evaluated every second as Detection does: the early entry is put back, never reported early
        for (Instant now = T0; now.isBefore(last.plusSeconds(30)); now = now.plusSeconds(1)) {
            assertThat(monitor.evaluate(now)).as("at %s", now).isEmpty();
        }
        assertThat(monitor.evaluate(last.plusSeconds(30).minusMillis(1))).isEmpty();
        assertThat(monitor.evaluate(last.plusSeconds(30))).singleElement().satisfies(t -> {
            assertThat(t.at()).isEqualTo(last);
            assertThat(t.detectedAt()).isEqualTo(last.plusSeconds(30));
        });
        assertThat(monitor.queued()).as("a DOWN target has no entry").isZero();
    }

    @Test
    void anEvaluationLongAfterTheDeadlineFindsTheTargetDownAtItsLastHeartbeatOnce() {
        monitor.heartbeat(ref(1), TEN_SECONDS, T0);
        monitor.heartbeat(ref(1), TEN_SECONDS, T0.plusSeconds(25));

        assertThat(monitor.evaluate(T0.plusSeconds(54).plusMillis(999))).isEmpty();
        assertThat(monitor.evaluate(T0.plusSeconds(500))).singleElement().satisfies(t -> {
            assertThat(t.at()).isEqualTo(T0.plusSeconds(25));
            assertThat(t.detectedAt()).isEqualTo(T0.plusSeconds(500));
        });
        assertThat(monitor.evaluate(T0.plusSeconds(600))).isEmpty();
    }

    @Test
    void silentTargetsComeOutEarliestDeadlineFirst() {
        monitor.heartbeat(ref(1), TEN_SECONDS, T0.plusSeconds(7));
        monitor.heartbeat(ref(2), TEN_SECONDS, T0.plusSeconds(3));
        monitor.heartbeat(ref(3), TEN_SECONDS, T0.plusSeconds(5));

        List<String> order = new ArrayList<>();
        monitor.evaluate(T0.plusSeconds(60)).forEach(t -> order.add(t.host()));

        assertThat(order).containsExactly("krs-juki-ap2", "krs-juki-ap3", "krs-juki-ap1");
    }

    @Test
    void aShorterIntervalMakesTheDeadlineEarlierAndTheOldEntryIsDropped() {
        monitor.heartbeat(ref(1), Duration.ofSeconds(60), T0); // deadline T0 + 180 s
        monitor.heartbeat(ref(1), TEN_SECONDS, T0.plusSeconds(5)); // deadline T0 + 35 s

        assertThat(monitor.evaluate(T0.plusSeconds(34).plusMillis(999))).isEmpty();
        assertThat(monitor.evaluate(T0.plusSeconds(35))).singleElement()
                .satisfies(t -> assertThat(t.at()).isEqualTo(T0.plusSeconds(5)));
        assertThat(monitor.evaluate(T0.plusSeconds(180))).as("the stale entry reports nothing").isEmpty();
        assertThat(monitor.queued()).isZero();
    }

    @Test
    void aTargetBackUpAfterAnOutageIsWatchedFromItsNewHeartbeat() {
        monitor.heartbeat(ref(1), TEN_SECONDS, T0);
        assertThat(monitor.evaluate(T0.plusSeconds(30))).hasSize(1);

        monitor.heartbeat(ref(1), TEN_SECONDS, T0.plusSeconds(100));

        assertThat(monitor.evaluate(T0.plusSeconds(129))).isEmpty();
        assertThat(monitor.evaluate(T0.plusSeconds(130))).singleElement().satisfies(t -> {
            assertThat(t.at()).isEqualTo(T0.plusSeconds(100));
            assertThat(t.detectedAt()).isEqualTo(T0.plusSeconds(130));
        });
    }

    @Test
    void aForgottenTargetIsNotReportedAndOneWatchedAgainKeepsItsOwnDeadline() {
        monitor.heartbeat(ref(1), TEN_SECONDS, T0);
        monitor.heartbeat(ref(2), TEN_SECONDS, T0);
        monitor.forgetIf(id -> id.endsWith("ap1"));
        monitor.forget(ref(2).targetId());
        monitor.heartbeat(ref(2), TEN_SECONDS, T0.plusSeconds(20)); // watched again (e.g. the partition came back)

        assertThat(monitor.evaluate(T0.plusSeconds(49))).as("ap1 forgotten, ap2 not due yet").isEmpty();
        assertThat(monitor.evaluate(T0.plusSeconds(50))).singleElement()
                .satisfies(t -> assertThat(t.host()).isEqualTo("krs-juki-ap2"));
        assertThat(monitor.queued()).isZero();
    }

    @Test
    void rewatchGivesEveryUpTargetItsFullAllowanceFromThen() {
        monitor.heartbeat(ref(1), TEN_SECONDS, T0);
        monitor.rewatch(T0.plusSeconds(25));

        assertThat(monitor.evaluate(T0.plusSeconds(54))).isEmpty();
        assertThat(monitor.evaluate(T0.plusSeconds(55))).singleElement()
                .satisfies(t -> assertThat(t.at()).isEqualTo(T0.plusSeconds(25)));
    }

    @Test
    void theQueueHoldsOneEntryPerUpTargetWhateverTheHeartbeats() {
        for (int round = 0; round < 20; round++) {
            for (int n = 0; n < 1_000; n++) {
                monitor.heartbeat(ref(n), TEN_SECONDS, T0.plusSeconds(10L * round).plusMillis(n));
            }
            monitor.evaluate(T0.plusSeconds(10L * round));
        }
        assertThat(monitor.queued()).isEqualTo(1_000);

        Instant lastRound = T0.plusSeconds(190);
        assertThat(monitor.evaluate(lastRound.plusSeconds(30).minusMillis(1))).isEmpty();
        assertThat(monitor.evaluate(lastRound.plusSeconds(30).plusMillis(999))).hasSize(1_000)
                .allSatisfy(t -> assertThat(t.detectedAt()).isEqualTo(lastRound.plusSeconds(30).plusMillis(999)));
        assertThat(monitor.queued()).isZero();
    }

    @Test
    void theNextDeadlineIsWhenTheEarliestTargetMayBeSilentAndMovesOnWhenItIsLookedAt() {
        assertThat(monitor.nextDue()).as("nothing watched").isNull();
        monitor.heartbeat(ref(1), TEN_SECONDS, T0);
        monitor.heartbeat(ref(2), TEN_SECONDS, T0.plusSeconds(4));
        assertThat(monitor.nextDue()).isEqualTo(T0.plusSeconds(30));

        monitor.heartbeat(ref(1), TEN_SECONDS, T0.plusSeconds(10)); // heard again: its entry stays, put back later
        assertThat(monitor.nextDue()).isEqualTo(T0.plusSeconds(30));
        assertThat(monitor.evaluate(T0.plusSeconds(30))).as("heard since").isEmpty();
        assertThat(monitor.nextDue()).isEqualTo(T0.plusSeconds(34));

        assertThat(monitor.evaluate(T0.plusSeconds(34))).singleElement()
                .satisfies(t -> assertThat(t.host()).isEqualTo("krs-juki-ap2"));
        assertThat(monitor.nextDue()).isEqualTo(T0.plusSeconds(40));
        assertThat(monitor.evaluate(T0.plusSeconds(40))).hasSize(1);
        assertThat(monitor.nextDue()).as("nobody UP").isNull();
    }
}
