package io.mihari.alert.detect;

import io.mihari.model.catalog.BatchJob;
import io.mihari.model.catalog.CheckPolicy;
import io.mihari.model.catalog.ResourceThresholds;
import io.mihari.model.catalog.ResourceThresholds.Metric;
import io.mihari.model.event.BatchRun;
import io.mihari.model.event.CheckResult;
import io.mihari.model.event.ResourceSample;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Target status from heartbeats and checks, alerts from every detector, blindness and restore. Heartbeats
 * every 10 s and 3 missed heartbeats: a target is DOWN 30 s after it was last heard.
 */
class TargetDetectionTest {

    static final Instant T0 = Instant.parse("2026-11-25T01:00:00Z");
    static final LivenessMonitor.TargetRef AP1 = new LivenessMonitor.TargetRef("kurashiki/krs-juki-ap1",
            "kurashiki-juki", "kurashiki", "juki", "krs-juki-ap1");
    static final LivenessMonitor.TargetRef DB1 = new LivenessMonitor.TargetRef("kurashiki/krs-juki-db1",
            "kurashiki-juki", "kurashiki", "juki", "krs-juki-db1");
    static final String AP1_DOWN = "kurashiki/krs-juki-ap1|DOWN";
    static final Duration TEN_SECONDS = Duration.ofSeconds(10);
    static final CheckPolicy THREE_TWO = new CheckPolicy(3, 2);

    final TargetDetection detection = new TargetDetection(3);

    static Instant t(long seconds) {
        return T0.plusSeconds(seconds);
    }

    TargetDetection.Output heartbeat(LivenessMonitor.TargetRef ref, long second) {
        return detection.onHeartbeat(ref, TEN_SECONDS, t(second));
    }

    /** A result of check {@code juki-web} seen at {@code second}, handled one second later. */
    TargetDetection.Output check(LivenessMonitor.TargetRef ref, boolean up, long second) {
        return check(ref, "juki-web", up, second);
    }

    TargetDetection.Output check(LivenessMonitor.TargetRef ref, String name, boolean up, long second) {
        CheckResult result = new CheckResult(name, CheckResult.Kind.HTTP,
                up ? CheckResult.Status.UP : CheckResult.Status.DOWN, 12, up ? "HTTP 200" : "HTTP 503", null);
        return detection.onCheck(ref, THREE_TWO, result, t(second), t(second + 1));
    }

    TargetDetection.Output evaluate(long second) {
        return detection.evaluate(t(second), List.of());
    }

    // ---- heartbeats ----

    @Test
    void aTransitionTakesEffectWhenItsHeartbeatWasReceivedAndIsDetectedWhenDetectionRan() {
        TargetDetection.Output out = detection.onHeartbeat(AP1, TEN_SECONDS, t(0), t(0).plusMillis(487));

        assertThat(out.transitions()).singleElement().satisfies(tr -> {
            assertThat(tr.to()).isEqualTo(TargetStatus.UP);
            assertThat(tr.at()).isEqualTo(T0);
            assertThat(tr.detectedAt()).as("the instant detection ran, not the receive time")
                    .isEqualTo(T0.plusMillis(487));
        });
    }

    @Test
    void firstHeartbeatTurnsAnUnknownTargetUpWithoutAnAlert() {
        assertThat(detection.status(AP1.targetId())).isEqualTo(TargetStatus.UNKNOWN);

        TargetDetection.Output out = heartbeat(AP1, 0);

        assertThat(out.alerts()).isEmpty();
        assertThat(out.transitions()).singleElement().satisfies(tr -> {
            assertThat(tr.targetId()).isEqualTo(AP1.targetId());
            assertThat(tr.serviceId()).isEqualTo("kurashiki-juki");
            assertThat(tr.tenant()).isEqualTo("kurashiki");
            assertThat(tr.system()).isEqualTo("juki");
            assertThat(tr.host()).isEqualTo("krs-juki-ap1");
            assertThat(tr.from()).isEqualTo(TargetStatus.UNKNOWN);
            assertThat(tr.to()).isEqualTo(TargetStatus.UP);
            assertThat(tr.at()).isEqualTo(T0);
            assertThat(tr.detectedAt()).isEqualTo(T0);
            assertThat(tr.cause()).isEqualTo("HEARTBEAT_RECEIVED");
        });
        assertThat(detection.status(AP1.targetId())).isEqualTo(TargetStatus.UP);
        assertThat(detection.watched()).containsExactly(AP1.targetId());
        assertThat(heartbeat(AP1, 10).isEmpty()).as("still up: nothing to say").isTrue();
    }

    @Test
    void silenceIsJudgedAsOfWhatIngestHasSeenAndDetectedWhenDetectionRuns() {
        heartbeat(AP1, 10);

        assertThat(detection.evaluate(t(39).plusMillis(999), t(45), List.of()).isEmpty())
                .as("ingest has not seen up to the deadline yet").isTrue();
        assertThat(detection.evaluate(t(40), t(40).plusMillis(250), List.of()).transitions()).singleElement()
                .satisfies(tr -> {
                    assertThat(tr.at()).isEqualTo(t(10));
                    assertThat(tr.detectedAt()).as("the instant detection ran").isEqualTo(t(40).plusMillis(250));
                });
    }

    @Test
    void silenceMakesTheTargetDownAtTheLastHeartbeatWithALivenessAlertThatEndsWhenHeardAgain() {
        heartbeat(AP1, 0);
        heartbeat(AP1, 10);

        assertThat(detection.evaluate(t(39).plusMillis(999), List.of()).isEmpty()).isTrue();
        TargetDetection.Output down = evaluate(40);

        assertThat(down.transitions()).singleElement().satisfies(tr -> {
            assertThat(tr.from()).isEqualTo(TargetStatus.UP);
            assertThat(tr.to()).isEqualTo(TargetStatus.DOWN);
            assertThat(tr.at()).as("the outage starts when it was last heard").isEqualTo(t(10));
            assertThat(tr.detectedAt()).isEqualTo(t(40));
            assertThat(tr.cause()).isEqualTo("HEARTBEAT_MISSING");
        });
        assertThat(down.alerts()).singleElement().satisfies(a -> {
            assertThat(a.key()).isEqualTo(AP1_DOWN);
            assertThat(a.kind()).isEqualTo(AlertKind.LIVENESS);
            assertThat(a.severity()).isEqualTo(Severity.MAJOR);
            assertThat(a.firing()).isTrue();
            assertThat(a.targetId()).isEqualTo(AP1.targetId());
            assertThat(a.at()).isEqualTo(t(10));
            assertThat(a.cause()).isEqualTo("HEARTBEAT_MISSING");
        });
        assertThat(detection.status(AP1.targetId())).isEqualTo(TargetStatus.DOWN);
        assertThat(evaluate(80).isEmpty()).as("reported once").isTrue();

        TargetDetection.Output up = heartbeat(AP1, 95);

        assertThat(up.transitions()).singleElement().satisfies(tr -> {
            assertThat(tr.from()).isEqualTo(TargetStatus.DOWN);
            assertThat(tr.to()).isEqualTo(TargetStatus.UP);
            assertThat(tr.at()).isEqualTo(t(95));
            assertThat(tr.cause()).isEqualTo("HEARTBEAT_RECEIVED");
        });
        assertThat(up.alerts()).singleElement().satisfies(a -> {
            assertThat(a.key()).isEqualTo(AP1_DOWN);
            assertThat(a.kind()).isEqualTo(AlertKind.LIVENESS);
            assertThat(a.severity()).isEqualTo(Severity.MAJOR);
            assertThat(a.firing()).isFalse();
            assertThat(a.at()).isEqualTo(t(95));
            assertThat(a.cause()).isEqualTo("HEARTBEAT_RECEIVED");
        });
    }

    // ---- checks ----

    @Test
    void failingCheckMakesATargetThatStillSendsHeartbeatsDownAtTheFirstFailure() {
        heartbeat(AP1, 0);
        assertThat(check(AP1, false, 5).isEmpty()).isTrue();
        heartbeat(AP1, 10);
        assertThat(check(AP1, false, 15).isEmpty()).isTrue();
        heartbeat(AP1, 20);

        TargetDetection.Output down = check(AP1, false, 25);

        assertThat(down.transitions()).singleElement().satisfies(tr -> {
            assertThat(tr.from()).isEqualTo(TargetStatus.UP);
            assertThat(tr.to()).isEqualTo(TargetStatus.DOWN);
            assertThat(tr.at()).as("the first failure of the streak").isEqualTo(t(5));
            assertThat(tr.detectedAt()).isEqualTo(t(26));
            assertThat(tr.cause()).isEqualTo("CHECK_FAILED");
        });
        assertThat(down.alerts()).singleElement().satisfies(a -> {
            assertThat(a.key()).isEqualTo(AP1_DOWN);
            assertThat(a.kind()).isEqualTo(AlertKind.CHECK);
            assertThat(a.severity()).isEqualTo(Severity.MAJOR);
            assertThat(a.firing()).isTrue();
            assertThat(a.at()).isEqualTo(t(5));
            assertThat(a.cause()).isEqualTo("CHECK_FAILED");
            assertThat(a.summary()).contains("juki-web").contains("HTTP 503");
        });

        assertThat(heartbeat(AP1, 30).isEmpty()).as("heartbeats do not make it UP").isTrue();
        assertThat(evaluate(50).isEmpty()).isTrue();
        assertThat(detection.status(AP1.targetId())).isEqualTo(TargetStatus.DOWN);

        assertThat(check(AP1, true, 35).isEmpty()).as("one pass is not enough").isTrue();
        TargetDetection.Output up = check(AP1, true, 45);

        assertThat(up.transitions()).singleElement().satisfies(tr -> {
            assertThat(tr.to()).isEqualTo(TargetStatus.UP);
            assertThat(tr.at()).as("the first pass of the streak").isEqualTo(t(35));
            assertThat(tr.detectedAt()).isEqualTo(t(46));
            assertThat(tr.cause()).isEqualTo("CHECK_RECOVERED");
        });
        assertThat(up.alerts()).singleElement().satisfies(a -> {
            assertThat(a.key()).isEqualTo(AP1_DOWN);
            assertThat(a.kind()).isEqualTo(AlertKind.CHECK);
            assertThat(a.firing()).isFalse();
            assertThat(a.at()).isEqualTo(t(35));
            assertThat(a.cause()).isEqualTo("CHECK_RECOVERED");
        });
    }

    @Test
    void checkDownThenSilenceIsOneOutageThatEndsOnlyWhenBothAreFine() {
        heartbeat(AP1, 0);
        heartbeat(AP1, 10);
        check(AP1, false, 12);
        check(AP1, false, 14);
        TargetDetection.Output down = check(AP1, false, 16);
        assertThat(down.transitions()).extracting(StatusTransition::to, StatusTransition::at)
                .containsExactly(tuple(TargetStatus.DOWN, t(12)));
        assertThat(down.alerts()).extracting(Alert::kind).containsExactly(AlertKind.CHECK);

        assertThat(evaluate(40).isEmpty()).as("silence adds nothing to a DOWN target").isTrue();
        check(AP1, true, 42);
        assertThat(check(AP1, true, 44).isEmpty()).as("checks pass but it is still silent").isTrue();
        assertThat(detection.status(AP1.targetId())).isEqualTo(TargetStatus.DOWN);

        TargetDetection.Output up = heartbeat(AP1, 50);

        assertThat(up.transitions()).extracting(StatusTransition::from, StatusTransition::to, StatusTransition::at)
                .containsExactly(tuple(TargetStatus.DOWN, TargetStatus.UP, t(50)));
        assertThat(up.alerts()).singleElement().satisfies(a -> {
            assertThat(a.key()).isEqualTo(AP1_DOWN);
            assertThat(a.kind()).as("the alert of what failed first").isEqualTo(AlertKind.CHECK);
            assertThat(a.firing()).isFalse();
            assertThat(a.at()).isEqualTo(t(50));
        });
    }

    @Test
    void silenceThenCheckDownIsOneOutageThatEndsOnlyWhenBothAreFine() {
        heartbeat(AP1, 0);
        TargetDetection.Output down = evaluate(30);
        assertThat(down.transitions()).extracting(StatusTransition::to, StatusTransition::at)
                .containsExactly(tuple(TargetStatus.DOWN, T0));
        assertThat(down.alerts()).extracting(Alert::kind).containsExactly(AlertKind.LIVENESS);

        check(AP1, false, 31);
        check(AP1, false, 32);
        assertThat(check(AP1, false, 33).isEmpty()).as("already down").isTrue();
        assertThat(heartbeat(AP1, 40).isEmpty()).as("heard again, but the check still fails").isTrue();
        assertThat(detection.status(AP1.targetId())).isEqualTo(TargetStatus.DOWN);

        check(AP1, true, 41);
        TargetDetection.Output up = check(AP1, true, 42);

        assertThat(up.transitions()).extracting(StatusTransition::to, StatusTransition::at)
                .containsExactly(tuple(TargetStatus.UP, t(41)));
        assertThat(up.alerts()).singleElement().satisfies(a -> {
            assertThat(a.kind()).isEqualTo(AlertKind.LIVENESS);
            assertThat(a.firing()).isFalse();
            assertThat(a.at()).isEqualTo(t(41));
        });
    }

    @Test
    void failingCheckOfATargetNeverHeardMakesItDown() {
        check(DB1, false, 0);
        check(DB1, false, 1);
        TargetDetection.Output down = check(DB1, false, 2);

        assertThat(down.transitions()).extracting(StatusTransition::from, StatusTransition::to, StatusTransition::at)
                .containsExactly(tuple(TargetStatus.UNKNOWN, TargetStatus.DOWN, T0));
        assertThat(down.alerts()).extracting(Alert::kind, Alert::at).containsExactly(tuple(AlertKind.CHECK, T0));
    }

    // ---- resources and batch jobs ----

    @Test
    void resourceAlertsPassThroughWithoutChangingTheTargetStatus() {
        heartbeat(DB1, 0);
        ResourceThresholds diskOnly = new ResourceThresholds(
                Map.of(Metric.DISK, new ResourceThresholds.Level(80, 90, Duration.ZERO, 2)));
        ResourceSample full = new ResourceSample(10, null, null, null, 0, 0, 0, 0,
                List.of(new ResourceSample.Disk("/var", 100, 95)), 3600);

        TargetDetection.Output out = detection.onResources(DB1, diskOnly, full, t(5));

        assertThat(out.transitions()).isEmpty();
        assertThat(out.alerts()).singleElement().satisfies(a -> {
            assertThat(a.key()).isEqualTo("kurashiki/krs-juki-db1|RESOURCE|DISK:/var");
            assertThat(a.kind()).isEqualTo(AlertKind.RESOURCE);
            assertThat(a.severity()).isEqualTo(Severity.MAJOR);
            assertThat(a.firing()).isTrue();
            assertThat(a.at()).isEqualTo(t(5));
            assertThat(a.cause()).isEqualTo(ResourceMonitor.CAUSE_CRITICAL);
        });
        assertThat(detection.status(DB1.targetId())).isEqualTo(TargetStatus.UP);
    }

    @Test
    void batchAlertsPassThroughWithoutChangingTheTargetStatus() {
        heartbeat(DB1, 0);
        BatchRun failed = new BatchRun("nightly-export", "run-1", BatchRun.State.FAILED, 2, 60_000L,
                "ORA-01555: snapshot too old\n");

        TargetDetection.Output out = detection.onBatch(DB1, Optional.empty(), failed, t(5));

        assertThat(out.transitions()).isEmpty();
        assertThat(out.alerts()).singleElement().satisfies(a -> {
            assertThat(a.key()).isEqualTo("kurashiki/krs-juki-db1|BATCH|nightly-export");
            assertThat(a.kind()).isEqualTo(AlertKind.BATCH);
            assertThat(a.severity()).isEqualTo(Severity.MAJOR);
            assertThat(a.firing()).isTrue();
            assertThat(a.at()).isEqualTo(t(5));
            assertThat(a.cause()).isEqualTo(BatchMonitor.CAUSE_FAILED);
        });
        assertThat(detection.status(DB1.targetId())).isEqualTo(TargetStatus.UP);
    }

    // ---- blindness ----

    @Test
    void blindMakesEveryWatchedTargetUnknownAtTheGivenInstantAndNothingDownWhileBlind() {
        heartbeat(AP1, 0);
        heartbeat(DB1, 0);

        TargetDetection.Output out = detection.blind(t(20), t(25), "MONITOR_BEHIND");

        assertThat(out.alerts()).isEmpty();
        assertThat(out.transitions())
                .extracting(StatusTransition::targetId, StatusTransition::from, StatusTransition::to,
                        StatusTransition::at, StatusTransition::detectedAt, StatusTransition::cause)
                .containsExactlyInAnyOrder(
                        tuple(AP1.targetId(), TargetStatus.UP, TargetStatus.UNKNOWN, t(20), t(25), "MONITOR_BEHIND"),
                        tuple(DB1.targetId(), TargetStatus.UP, TargetStatus.UNKNOWN, t(20), t(25), "MONITOR_BEHIND"));
        assertThat(detection.isBlind()).isTrue();
        assertThat(detection.blind(t(30), t(30), "MONITOR_STOPPED").isEmpty()).as("already blind").isTrue();

        assertThat(evaluate(600).isEmpty()).as("no silence is declared while blind").isTrue();
        check(AP1, false, 601);
        check(AP1, false, 602);
        assertThat(check(AP1, false, 603).isEmpty()).as("no check outage is declared while blind").isTrue();
        assertThat(heartbeat(DB1, 604).isEmpty()).as("no UP either").isTrue();
        assertThat(detection.status(AP1.targetId())).isEqualTo(TargetStatus.UNKNOWN);
        assertThat(detection.status(DB1.targetId())).isEqualTo(TargetStatus.UNKNOWN);
    }

    @Test
    void blindnessThatBeganBeforeATargetWasFirstHeardMakesItUnknownFromThen() {
        heartbeat(AP1, 30);

        TargetDetection.Output out = detection.blind(t(20), t(40), "MONITOR_STOPPED");

        assertThat(out.transitions()).extracting(StatusTransition::to, StatusTransition::at)
                .containsExactly(tuple(TargetStatus.UNKNOWN, t(30)));
    }

    @Test
    void atSightSilentTargetsGetTheirFullAllowanceFromSightAndHeardOnesAreUpWhenHeard() {
        heartbeat(AP1, 0);
        heartbeat(AP1, 10);
        heartbeat(DB1, 10);
        detection.blind(t(15), t(15), "MONITOR_BEHIND");

        assertThat(detection.sight(t(100)).isEmpty()).as("nothing is known to be down").isTrue();
        assertThat(detection.isBlind()).isFalse();
        assertThat(detection.sight(t(101)).isEmpty()).as("not blind any more").isTrue();
        assertThat(detection.status(AP1.targetId())).isEqualTo(TargetStatus.UNKNOWN);

        TargetDetection.Output heard = heartbeat(DB1, 105);
        assertThat(heard.transitions()).extracting(StatusTransition::from, StatusTransition::to, StatusTransition::at)
                .containsExactly(tuple(TargetStatus.UNKNOWN, TargetStatus.UP, t(105)));

        assertThat(evaluate(129).transitions()).isEmpty();
        TargetDetection.Output silent = evaluate(130);

        assertThat(silent.transitions()).singleElement().satisfies(tr -> {
            assertThat(tr.targetId()).isEqualTo(AP1.targetId());
            assertThat(tr.from()).isEqualTo(TargetStatus.UNKNOWN);
            assertThat(tr.to()).isEqualTo(TargetStatus.DOWN);
            assertThat(tr.at()).as("silent since Mihari could see again").isEqualTo(t(100));
            assertThat(tr.detectedAt()).isEqualTo(t(130));
        });
        assertThat(silent.alerts()).extracting(Alert::key, Alert::kind, Alert::at, Alert::firing)
                .containsExactly(tuple(AP1_DOWN, AlertKind.LIVENESS, t(100), true));
    }

    @Test
    void targetDownBeforeBlindnessIsDownAgainAtSightAndItsAlertEndsWhenHeard() {
        heartbeat(AP1, 0);
        TargetDetection.Output down = evaluate(30);
        assertThat(down.alerts()).extracting(Alert::firing, Alert::at).containsExactly(tuple(true, T0));

        TargetDetection.Output blind = detection.blind(t(40), t(40), "MONITOR_BEHIND");
        assertThat(blind.transitions()).extracting(StatusTransition::from, StatusTransition::to, StatusTransition::at)
                .containsExactly(tuple(TargetStatus.DOWN, TargetStatus.UNKNOWN, t(40)));
        assertThat(blind.alerts()).as("what was down is not known to be back").isEmpty();

        TargetDetection.Output sight = detection.sight(t(100));

        assertThat(sight.transitions()).singleElement().satisfies(tr -> {
            assertThat(tr.from()).isEqualTo(TargetStatus.UNKNOWN);
            assertThat(tr.to()).isEqualTo(TargetStatus.DOWN);
            assertThat(tr.at()).isEqualTo(t(100));
            assertThat(tr.detectedAt()).isEqualTo(t(100));
            assertThat(tr.cause()).isEqualTo("MONITOR_CAUGHT_UP");
        });
        assertThat(sight.alerts()).as("its alert is still open").isEmpty();

        TargetDetection.Output up = heartbeat(AP1, 110);
        assertThat(up.transitions()).extracting(StatusTransition::from, StatusTransition::to, StatusTransition::at)
                .containsExactly(tuple(TargetStatus.DOWN, TargetStatus.UP, t(110)));
        assertThat(up.alerts()).extracting(Alert::key, Alert::kind, Alert::firing, Alert::at)
                .containsExactly(tuple(AP1_DOWN, AlertKind.LIVENESS, false, t(110)));
    }

    @Test
    void targetWhoseCheckFailedWhileBlindIsDownAtSightWithACheckAlert() {
        heartbeat(AP1, 0);
        detection.blind(t(5), t(5), "MONITOR_BEHIND");
        heartbeat(AP1, 10);
        check(AP1, false, 11);
        check(AP1, false, 12);
        check(AP1, false, 13);
        heartbeat(AP1, 20);

        TargetDetection.Output sight = detection.sight(t(25));

        assertThat(sight.transitions()).extracting(StatusTransition::from, StatusTransition::to, StatusTransition::at,
                StatusTransition::cause).containsExactly(
                        tuple(TargetStatus.UNKNOWN, TargetStatus.DOWN, t(25), "MONITOR_CAUGHT_UP"));
        assertThat(sight.alerts()).as("a target going DOWN raises an alert, also one found down at sight")
                .singleElement().satisfies(a -> {
                    assertThat(a.key()).isEqualTo(AP1_DOWN);
                    assertThat(a.kind()).isEqualTo(AlertKind.CHECK);
                    assertThat(a.firing()).isTrue();
                    assertThat(a.at()).isEqualTo(t(25));
                    assertThat(a.cause()).isEqualTo("MONITOR_CAUGHT_UP");
                });

        check(AP1, true, 30);
        TargetDetection.Output up = check(AP1, true, 31);
        assertThat(up.transitions()).extracting(StatusTransition::to, StatusTransition::at)
                .containsExactly(tuple(TargetStatus.UP, t(30)));
        assertThat(up.alerts()).extracting(Alert::key, Alert::kind, Alert::firing, Alert::at)
                .containsExactly(tuple(AP1_DOWN, AlertKind.CHECK, false, t(30)));
    }

    // ---- restore and forget ----

    @Test
    void restoredUpTargetGetsItsFullAllowanceFromTheRestart() {
        detection.restore(AP1, TEN_SECONDS, TargetStatus.UP, t(-3600), T0, null);

        assertThat(detection.status(AP1.targetId())).isEqualTo(TargetStatus.UP);
        assertThat(heartbeat(AP1, 5).isEmpty()).as("already up").isTrue();
        assertThat(evaluate(34).isEmpty()).isTrue();

        TargetDetection.Output down = evaluate(35);
        assertThat(down.transitions()).extracting(StatusTransition::from, StatusTransition::to, StatusTransition::at)
                .containsExactly(tuple(TargetStatus.UP, TargetStatus.DOWN, t(5)));
        assertThat(down.alerts()).extracting(Alert::kind, Alert::at).containsExactly(tuple(AlertKind.LIVENESS, t(5)));
    }

    @Test
    void restoredUpTargetNeverHeardAgainIsDownFromTheRestart() {
        detection.restore(AP1, TEN_SECONDS, TargetStatus.UP, t(-3600), T0, null);

        assertThat(evaluate(29).isEmpty()).isTrue();
        TargetDetection.Output down = evaluate(30);

        assertThat(down.transitions()).extracting(StatusTransition::to, StatusTransition::at, StatusTransition::detectedAt)
                .containsExactly(tuple(TargetStatus.DOWN, T0, t(30)));
        assertThat(down.alerts()).extracting(Alert::kind, Alert::at).containsExactly(tuple(AlertKind.LIVENESS, T0));
    }

    @Test
    void restoredDownTargetStaysDownQuietlyAndItsHeartbeatIsAnUpTransitionWithAResolvingAlert() {
        detection.restore(AP1, TEN_SECONDS, TargetStatus.DOWN, t(-600), T0, null);

        assertThat(detection.status(AP1.targetId())).isEqualTo(TargetStatus.DOWN);
        assertThat(evaluate(300).isEmpty()).as("no second DOWN").isTrue();

        TargetDetection.Output up = heartbeat(AP1, 310);

        assertThat(up.transitions()).singleElement().satisfies(tr -> {
            assertThat(tr.from()).isEqualTo(TargetStatus.DOWN);
            assertThat(tr.to()).isEqualTo(TargetStatus.UP);
            assertThat(tr.at()).isEqualTo(t(310));
        });
        assertThat(up.alerts()).singleElement().satisfies(a -> {
            assertThat(a.key()).isEqualTo(AP1_DOWN);
            assertThat(a.kind()).isEqualTo(AlertKind.LIVENESS);
            assertThat(a.severity()).isEqualTo(Severity.MAJOR);
            assertThat(a.firing()).isFalse();
            assertThat(a.at()).isEqualTo(t(310));
            assertThat(a.cause()).isEqualTo("HEARTBEAT_RECEIVED");
        });
    }

    @Test
    void restoredCheckDownTargetStaysDownOnHeartbeatsUntilACheckRecoversAndKeepsItsKind() {
        // was restoredDownTargetKeepsTheKindItWentDownWith: its first heartbeat made it UP (a false recovery)
        detection.restore(AP1, TEN_SECONDS, TargetStatus.DOWN, t(-600), T0, AlertKind.CHECK);

        assertThat(heartbeat(AP1, 5).isEmpty()).as("which check failed is not known: still down").isTrue();
        assertThat(check(AP1, false, 8).isEmpty()).as("still failing").isTrue();
        assertThat(check(AP1, true, 10).isEmpty()).as("one pass is not enough, as for a check seen failing")
                .isTrue();
        assertThat(detection.status(AP1.targetId())).isEqualTo(TargetStatus.DOWN);

        TargetDetection.Output up = check(AP1, true, 20);

        assertThat(up.transitions()).extracting(StatusTransition::from, StatusTransition::to, StatusTransition::at,
                StatusTransition::cause).containsExactly(
                        tuple(TargetStatus.DOWN, TargetStatus.UP, t(10), "CHECK_RECOVERED"));
        assertThat(up.alerts()).extracting(Alert::key, Alert::kind, Alert::firing, Alert::at)
                .containsExactly(tuple(AP1_DOWN, AlertKind.CHECK, false, t(10)));
    }

    @Test
    void restoredCheckDownTargetStaysDownWhileAnotherCheckHeardMeanwhileHasNotRecovered() {
        detection.restore(AP1, TEN_SECONDS, TargetStatus.DOWN, t(-600), T0, AlertKind.CHECK);
        heartbeat(AP1, 5);

        check(AP1, "juki-web", true, 10);
        check(AP1, "juki-db", false, 11);
        assertThat(check(AP1, "juki-web", true, 20).isEmpty())
                .as("juki-web is up, but juki-db, failing since the restart, may be the one that was down").isTrue();
        heartbeat(AP1, 21);
        assertThat(check(AP1, "juki-db", false, 22).isEmpty()).isTrue();
        assertThat(check(AP1, "juki-db", true, 30).isEmpty()).isTrue();
        assertThat(detection.status(AP1.targetId())).isEqualTo(TargetStatus.DOWN);

        TargetDetection.Output up = check(AP1, "juki-db", true, 40);

        assertThat(up.transitions()).extracting(StatusTransition::to, StatusTransition::at)
                .containsExactly(tuple(TargetStatus.UP, t(30)));
        assertThat(up.alerts()).extracting(Alert::kind, Alert::firing).containsExactly(tuple(AlertKind.CHECK, false));
    }

    @Test
    void restoredCheckDownTargetThatIsSilentIsUpOnlyWhenHeardAndItsCheckRecovered() {
        detection.restore(AP1, TEN_SECONDS, TargetStatus.DOWN, t(-600), T0, AlertKind.CHECK);
        check(AP1, true, 10);

        assertThat(check(AP1, true, 20).isEmpty()).as("the check recovered, but it is not heard").isTrue();
        TargetDetection.Output up = heartbeat(AP1, 25);

        assertThat(up.transitions()).extracting(StatusTransition::to, StatusTransition::at)
                .containsExactly(tuple(TargetStatus.UP, t(25)));
        assertThat(up.alerts()).extracting(Alert::kind, Alert::firing).containsExactly(tuple(AlertKind.CHECK, false));
    }

    @Test
    void restoredUnknownTargetIsUpWhenHeardAndDownOnlyAfterAFullAllowanceOfSilence() {
        detection.restore(AP1, TEN_SECONDS, TargetStatus.UNKNOWN, t(-600), T0, null);
        detection.restore(DB1, TEN_SECONDS, TargetStatus.UNKNOWN, t(-600), T0, null);
        assertThat(detection.status(AP1.targetId())).isEqualTo(TargetStatus.UNKNOWN);

        assertThat(heartbeat(DB1, 5).transitions())
                .extracting(StatusTransition::from, StatusTransition::to, StatusTransition::at)
                .containsExactly(tuple(TargetStatus.UNKNOWN, TargetStatus.UP, t(5)));

        assertThat(evaluate(29).isEmpty()).isTrue();
        TargetDetection.Output down = evaluate(30);
        assertThat(down.transitions()).extracting(StatusTransition::targetId, StatusTransition::from,
                StatusTransition::to, StatusTransition::at)
                .containsExactly(tuple(AP1.targetId(), TargetStatus.UNKNOWN, TargetStatus.DOWN, T0));
        assertThat(down.alerts()).extracting(Alert::key, Alert::at).containsExactly(tuple(AP1_DOWN, T0));
    }

    @Test
    void restoreLeavesATargetAlreadyWatchedAsItIs() {
        heartbeat(AP1, 0);

        detection.restore(AP1, TEN_SECONDS, TargetStatus.DOWN, t(-600), t(1), null);

        assertThat(detection.status(AP1.targetId())).isEqualTo(TargetStatus.UP);
        assertThat(heartbeat(AP1, 5).isEmpty()).isTrue();
    }

    static final ResourceThresholds DISK_ONLY = new ResourceThresholds(
            Map.of(Metric.DISK, new ResourceThresholds.Level(80, 90, Duration.ZERO, 2)));
    static final String DB1_DISK = "kurashiki/krs-juki-db1|RESOURCE|DISK:/var";
    static final String DB1_EXPORT = "kurashiki/krs-juki-db1|BATCH|nightly-export";

    static ResourceSample varAt(long percent) {
        return new ResourceSample(10, null, null, null, 0, 0, 0, 0,
                List.of(new ResourceSample.Disk("/var", 100, percent)), 3600);
    }

    @Test
    void restoredCountAndReRunAlertsEndWithTheJobsNextGoodRun() {
        detection.restoreAlert(DB1_EXPORT + ":rerun", DB1.targetId(), t(-600));
        detection.restoreAlert(DB1_EXPORT + ":count", DB1.targetId(), t(-600));
        BatchJob job = new BatchJob("nightly-export", DB1.targetId(), null, java.time.ZoneId.of("Asia/Tokyo"),
                Duration.ofMinutes(30), null).withOutput(new io.mihari.model.catalog.CountRange(1L, null), null);

        TargetDetection.Output zero = detection.onBatch(DB1, Optional.of(job),
                new BatchRun("nightly-export", "run-1", BatchRun.State.SUCCEEDED, 0, 60_000L, null, 0L), t(10));
        TargetDetection.Output good = detection.onBatch(DB1, Optional.of(job),
                new BatchRun("nightly-export", "run-2", BatchRun.State.SUCCEEDED, 0, 60_000L, null, 5L), t(20));

        assertThat(zero.alerts()).extracting(Alert::key, Alert::firing, Alert::cause).containsExactly(
                tuple(DB1_EXPORT + ":count", true, BatchMonitor.CAUSE_COUNT_OUT_OF_RANGE),
                tuple(DB1_EXPORT + ":rerun", false, BatchMonitor.CAUSE_OUTPUT_READY));
        assertThat(good.alerts()).extracting(Alert::key, Alert::firing, Alert::cause, Alert::at).containsExactly(
                tuple(DB1_EXPORT + ":count", false, BatchMonitor.CAUSE_COUNT_IN_RANGE, t(20)));
    }

    @Test
    void restoredResourceAlertEndsOnTheFirstNormalSampleOfItsSubject() {
        detection.restoreAlert(DB1_DISK, DB1.targetId(), t(-600));

        TargetDetection.Output out = detection.onResources(DB1, DISK_ONLY, varAt(50), t(10));

        assertThat(out.transitions()).isEmpty();
        assertThat(out.alerts()).singleElement().satisfies(a -> {
            assertThat(a.key()).isEqualTo(DB1_DISK);
            assertThat(a.kind()).isEqualTo(AlertKind.RESOURCE);
            assertThat(a.firing()).isFalse();
            assertThat(a.at()).isEqualTo(t(10));
            assertThat(a.cause()).isEqualTo("RESOURCE_RECOVERED");
        });
        assertThat(detection.onResources(DB1, DISK_ONLY, varAt(50), t(20)).isEmpty()).as("ended once").isTrue();
    }

    @Test
    void restoredResourceAlertStillHighIsTakenOverByTheMonitor() {
        detection.restoreAlert(DB1_DISK, DB1.targetId(), t(-600));

        assertThat(detection.onResources(DB1, DISK_ONLY, varAt(95), t(10)).alerts())
                .extracting(Alert::key, Alert::firing, Alert::at).containsExactly(tuple(DB1_DISK, true, t(10)));
        assertThat(detection.onResources(DB1, DISK_ONLY, varAt(50), t(20)).alerts())
                .as("ended once, by the monitor").extracting(Alert::key, Alert::firing, Alert::at)
                .containsExactly(tuple(DB1_DISK, false, t(20)));
    }

    @Test
    void restoredBatchAlertEndsOnASuccessfulRunOfItsJob() {
        detection.restoreAlert(DB1_EXPORT, DB1.targetId(), t(-600));

        assertThat(detection.onBatch(DB1, Optional.empty(),
                new BatchRun("nightly-export", "run-2", BatchRun.State.STARTED, null, null, null), t(40)).isEmpty())
                .isTrue();
        TargetDetection.Output out = detection.onBatch(DB1, Optional.empty(),
                new BatchRun("nightly-export", "run-2", BatchRun.State.SUCCEEDED, 0, 60_000L, null), t(100));

        assertThat(out.transitions()).isEmpty();
        assertThat(out.alerts()).singleElement().satisfies(a -> {
            assertThat(a.key()).isEqualTo(DB1_EXPORT);
            assertThat(a.kind()).isEqualTo(AlertKind.BATCH);
            assertThat(a.firing()).isFalse();
            assertThat(a.at()).isEqualTo(t(100));
            assertThat(a.cause()).isEqualTo("BATCH_SUCCEEDED");
        });
    }

    @Test
    void downAlertRestoredForATargetStoredUnknownIsEndedWhenItIsHeardAgain() {
        detection.restore(AP1, TEN_SECONDS, TargetStatus.UNKNOWN, t(-600), T0, null);
        detection.restoreAlert(AP1_DOWN, AP1.targetId(), t(-900));

        TargetDetection.Output up = heartbeat(AP1, 5);

        assertThat(up.transitions()).extracting(StatusTransition::from, StatusTransition::to, StatusTransition::at)
                .containsExactly(tuple(TargetStatus.UNKNOWN, TargetStatus.UP, t(5)));
        assertThat(up.alerts()).singleElement().satisfies(a -> {
            assertThat(a.key()).isEqualTo(AP1_DOWN);
            assertThat(a.kind()).isEqualTo(AlertKind.LIVENESS);
            assertThat(a.firing()).isFalse();
            assertThat(a.at()).isEqualTo(t(5));
            assertThat(a.cause()).isEqualTo("HEARTBEAT_RECEIVED");
        });
        assertThat(heartbeat(AP1, 15).isEmpty()).as("ended once").isTrue();
    }

    @Test
    void downAlertRestoredForATargetStoredUnknownThatStaysSilentIsNotRaisedTwice() {
        detection.restore(AP1, TEN_SECONDS, TargetStatus.UNKNOWN, t(-600), T0, null);
        detection.restoreAlert(AP1_DOWN, AP1.targetId(), t(-900));

        TargetDetection.Output down = evaluate(30);

        assertThat(down.transitions()).extracting(StatusTransition::to).containsExactly(TargetStatus.DOWN);
        assertThat(down.alerts()).as("the incident's alert is still open").isEmpty();
        assertThat(heartbeat(AP1, 40).alerts()).extracting(Alert::key, Alert::firing, Alert::at)
                .containsExactly(tuple(AP1_DOWN, false, t(40)));
    }

    @Test
    void downAlertRestoredForATargetStoredUpIsEndedByItsNextHeartbeat() {
        detection.restore(AP1, TEN_SECONDS, TargetStatus.UP, t(-600), T0, null);
        detection.restoreAlert(AP1_DOWN, AP1.targetId(), t(-300));

        TargetDetection.Output heard = heartbeat(AP1, 5);

        assertThat(heard.transitions()).as("it was up already").isEmpty();
        assertThat(heard.alerts()).extracting(Alert::key, Alert::kind, Alert::firing, Alert::at, Alert::cause)
                .containsExactly(tuple(AP1_DOWN, AlertKind.LIVENESS, false, t(5), "HEARTBEAT_RECEIVED"));
        assertThat(heartbeat(AP1, 15).isEmpty()).isTrue();
    }

    @Test
    void downAlertRestoredForATargetStoredDownKeepsOneAlert() {
        detection.restore(AP1, TEN_SECONDS, TargetStatus.DOWN, t(-600), T0, AlertKind.LIVENESS);
        detection.restoreAlert(AP1_DOWN, AP1.targetId(), t(-600));

        assertThat(heartbeat(AP1, 5).alerts()).extracting(Alert::key, Alert::firing)
                .containsExactly(tuple(AP1_DOWN, false));
    }

    @Test
    void downAlertRestoredForATargetNotWatchedYetIsEndedWhenItIsFirstHeard() {
        // was restoringATargetDownAlertAsAnAlertChangesNothing: the incident then stayed open forever
        detection.restoreAlert(AP1_DOWN, AP1.targetId(), t(-600));

        assertThat(detection.watched()).as("it creates no target").isEmpty();
        TargetDetection.Output up = heartbeat(AP1, 0);

        assertThat(up.transitions()).extracting(StatusTransition::from, StatusTransition::to)
                .containsExactly(tuple(TargetStatus.UNKNOWN, TargetStatus.UP));
        assertThat(up.alerts()).extracting(Alert::key, Alert::firing, Alert::at)
                .containsExactly(tuple(AP1_DOWN, false, T0));
    }

    @Test
    void downAlertRestoredForATargetNotWatchedYetIsAttachedWhenItIsRestored() {
        detection.restoreAlert(AP1_DOWN, AP1.targetId(), t(-900));
        detection.restore(AP1, TEN_SECONDS, TargetStatus.UNKNOWN, t(-600), T0, null);

        assertThat(heartbeat(AP1, 5).alerts()).extracting(Alert::key, Alert::firing)
                .containsExactly(tuple(AP1_DOWN, false));
    }

    @Test
    void downAlertRestoredForATargetNotWatchedYetIsDroppedWhenItIsForgotten() {
        detection.restoreAlert(AP1_DOWN, AP1.targetId(), t(-600));

        detection.forget(AP1.targetId());

        assertThat(heartbeat(AP1, 0).alerts()).isEmpty();
    }

    /** CPU: warning 85, critical 95, 5 minutes, hysteresis 5. */
    static final ResourceThresholds CPU_ONLY = new ResourceThresholds(
            Map.of(Metric.CPU, new ResourceThresholds.Level(85, 95, Duration.ofMinutes(5), 5)));
    static final String DB1_CPU = "kurashiki/krs-juki-db1|RESOURCE|CPU";

    static ResourceSample cpuAt(double percent) {
        return new ResourceSample(percent, null, null, null, 0, 0, 0, 0, List.of(), 3600);
    }

    @Test
    void restoredResourceAlertStillCriticalIsNotEndedButEscalatedAfterTheSustain() {
        detection.restoreAlert(DB1_CPU, DB1.targetId(), t(-600));

        for (int minute = 0; minute < 5; minute++) {
            assertThat(detection.onResources(DB1, CPU_ONLY, cpuAt(98), t(10 + 60L * minute)).isEmpty())
                    .as("minute %d: still high, not ended", minute).isTrue();
        }
        assertThat(detection.onResources(DB1, CPU_ONLY, cpuAt(98), t(310)).alerts())
                .extracting(Alert::key, Alert::severity, Alert::firing, Alert::at, Alert::cause)
                .containsExactly(tuple(DB1_CPU, Severity.MAJOR, true, t(10), ResourceMonitor.CAUSE_CRITICAL));
        assertThat(detection.onResources(DB1, CPU_ONLY, cpuAt(40), t(370)).alerts())
                .extracting(Alert::key, Alert::firing, Alert::at, Alert::cause)
                .containsExactly(tuple(DB1_CPU, false, t(370), ResourceMonitor.CAUSE_RECOVERED));
    }

    @Test
    void restoredResourceAlertWithinTheHysteresisIsKept() {
        detection.restoreAlert(DB1_CPU, DB1.targetId(), t(-600));

        assertThat(detection.onResources(DB1, CPU_ONLY, cpuAt(82), t(10)).isEmpty()).isTrue();
        assertThat(detection.onResources(DB1, CPU_ONLY, cpuAt(79), t(70)).alerts())
                .extracting(Alert::key, Alert::firing, Alert::at)
                .containsExactly(tuple(DB1_CPU, false, t(70)));
    }

    @Test
    void restoredResourceAlertOfASubjectNoLongerReportedIsEnded() {
        detection.restoreAlert("kurashiki/krs-juki-db1|RESOURCE|DISK:/data", DB1.targetId(), t(-600));

        assertThat(detection.onResources(DB1, DISK_ONLY, varAt(50), t(10)).alerts())
                .extracting(Alert::key, Alert::firing, Alert::at, Alert::cause)
                .containsExactly(tuple("kurashiki/krs-juki-db1|RESOURCE|DISK:/data", false, t(10),
                        ResourceMonitor.CAUSE_RECOVERED));
    }

    @Test
    void forgottenTargetIsNoLongerWatched() {
        heartbeat(AP1, 0);
        heartbeat(DB1, 0);
        check(AP1, false, 1);
        check(AP1, false, 2);

        detection.forget(AP1.targetId());

        assertThat(detection.status(AP1.targetId())).isEqualTo(TargetStatus.UNKNOWN);
        assertThat(detection.watched()).containsExactly(DB1.targetId());
        TargetDetection.Output silence = evaluate(600);
        assertThat(silence.transitions()).extracting(StatusTransition::targetId).containsExactly(DB1.targetId());

        assertThat(heartbeat(AP1, 601).transitions()).extracting(StatusTransition::from, StatusTransition::to)
                .containsExactly(tuple(TargetStatus.UNKNOWN, TargetStatus.UP));
        assertThat(check(AP1, false, 602).isEmpty()).as("the failures before forget do not count").isTrue();
    }

    /** Daily at 02:30 in Tokyo (17:30Z), 30 minutes to start. */
    static BatchJob nightly(LivenessMonitor.TargetRef ref) {
        return new BatchJob("nightly-export", ref.targetId(), "30 2 * * *", ZoneId.of("Asia/Tokyo"),
                Duration.ofMinutes(30), Duration.ofHours(2));
    }

    @Test
    void forgetIfDropsEveryMatchingTargetFromEveryMonitorAlsoOnesNeverHeard() {
        // DB1 is never heard: it has only a catalog job, check results, a restored resource and batch alert
        BatchJob db1Job = nightly(DB1);
        BatchJob ap1Job = nightly(AP1);
        heartbeat(AP1, 0);
        assertThat(detection.evaluate(T0, List.of(db1Job, ap1Job)).isEmpty()).isTrue();
        check(DB1, false, 1);
        check(DB1, false, 2);
        detection.restoreAlert(DB1_DISK, DB1.targetId(), t(-600));
        detection.restoreAlert(DB1_EXPORT, DB1.targetId(), t(-600));
        assertThat(detection.watched()).containsExactly(AP1.targetId());

        detection.forgetIf(DB1.targetId()::equals);

        assertThat(detection.watched()).containsExactly(AP1.targetId());
        Instant dayLater = T0.plus(Duration.ofDays(1));
        assertThat(detection.evaluate(dayLater, List.of(db1Job, ap1Job)).alerts())
                .as("DB1's job is watched from now on; AP1's missed its run")
                .filteredOn(a -> a.kind() == AlertKind.BATCH).extracting(Alert::key, Alert::cause)
                .containsExactly(tuple("kurashiki/krs-juki-ap1|BATCH|nightly-export", BatchMonitor.CAUSE_MISSED));
        assertThat(check(DB1, false, 3).isEmpty()).as("the failures before forgetIf do not count").isTrue();
        assertThat(detection.onResources(DB1, DISK_ONLY, varAt(50), t(10)).isEmpty())
                .as("the restored resource alert is not ours any more").isTrue();
        assertThat(detection.onBatch(DB1, Optional.empty(),
                new BatchRun("nightly-export", "run-2", BatchRun.State.SUCCEEDED, 0, 60_000L, null), t(100))
                .isEmpty()).as("nor the restored batch alert").isTrue();
    }

    // ---- the target's identity ----

    static LivenessMonitor.TargetRef ap1Of(String serviceId) {
        return new LivenessMonitor.TargetRef(AP1.targetId(), serviceId, AP1.tenant(), AP1.system(), AP1.host());
    }

    @Test
    void silenceIsReportedUnderTheServiceOfTheLatestHeartbeat() {
        heartbeat(ap1Of(null), 0);
        heartbeat(ap1Of("s1"), 10);

        TargetDetection.Output down = evaluate(40);

        assertThat(down.transitions()).extracting(StatusTransition::serviceId, StatusTransition::to)
                .containsExactly(tuple("s1", TargetStatus.DOWN));
        assertThat(down.alerts()).extracting(Alert::key, Alert::firing).containsExactly(tuple(AP1_DOWN, true));
    }

    @Test
    void checksSamplesRunsAndRestoreUpdateTheTargetsService() {
        heartbeat(ap1Of(null), 0);
        check(ap1Of("s1"), true, 5);
        assertThat(evaluate(30).transitions()).extracting(StatusTransition::serviceId, StatusTransition::to)
                .containsExactly(tuple("s1", TargetStatus.DOWN));

        detection.onResources(ap1Of("s2"), DISK_ONLY, varAt(50), t(31));
        assertThat(detection.blind(t(32), t(32), "MONITOR_BEHIND").transitions())
                .extracting(StatusTransition::serviceId, StatusTransition::to)
                .containsExactly(tuple("s2", TargetStatus.UNKNOWN));

        detection.onBatch(ap1Of("s3"), Optional.empty(),
                new BatchRun("nightly-export", "run-1", BatchRun.State.STARTED, null, null, null), t(33));
        assertThat(detection.sight(t(40)).transitions())
                .extracting(StatusTransition::serviceId, StatusTransition::to)
                .containsExactly(tuple("s3", TargetStatus.DOWN));

        detection.restore(ap1Of("s4"), TEN_SECONDS, TargetStatus.UP, t(-600), t(41), null);
        assertThat(detection.status(AP1.targetId())).as("restore leaves a watched target as it is")
                .isEqualTo(TargetStatus.DOWN);
        assertThat(detection.blind(t(42), t(42), "MONITOR_BEHIND").transitions())
                .extracting(StatusTransition::serviceId).containsExactly("s4");
    }
}
