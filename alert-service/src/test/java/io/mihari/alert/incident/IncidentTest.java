package io.mihari.alert.incident;

import io.mihari.alert.detect.Alert;
import io.mihari.alert.detect.AlertKind;
import io.mihari.alert.detect.Severity;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/** The incident record's state machine: OPEN ⇄ MITIGATED, revisions, severity, timeline. */
class IncidentTest {

    static final Instant T0 = Instant.parse("2026-11-25T15:30:00Z");
    static final String AP1 = "kurashiki/krs-juki-ap1";
    static final String AP2 = "kurashiki/krs-juki-ap2";
    static final String DB1 = "kurashiki/krs-juki-db1";
    static final String DISK = Alert.key(DB1, AlertKind.RESOURCE, "DISK:/var");

    static Instant t(long seconds) {
        return T0.plusSeconds(seconds);
    }

    static Alert down(String target, long second) {
        return new Alert(target + "|DOWN", AlertKind.LIVENESS, Severity.MAJOR, true, target, t(second),
                "HEARTBEAT_MISSING", target + " is down: no heartbeat");
    }

    static Alert up(String target, long second) {
        return new Alert(target + "|DOWN", AlertKind.LIVENESS, Severity.MAJOR, false, target, t(second),
                "HEARTBEAT_RECEIVED", target + " is up again");
    }

    static Alert disk(Severity severity, boolean firing, long second) {
        return new Alert(DISK, AlertKind.RESOURCE, severity, firing, DB1, t(second),
                firing ? "RESOURCE_WARNING" : "RESOURCE_RECOVERED", "disk /var at 85.0%");
    }

    static Incident open(List<Alert> alerts, boolean serviceDown) {
        return Incident.open("INC-20261126-0001", "kurashiki", "juki", "kurashiki-juki", "fujitsu-japan", alerts,
                serviceDown, t(0), t(30), Duration.ofMinutes(60));
    }

    static Incident openAp1() {
        return open(List.of(down(AP1, -30)), false);
    }

    @Test
    void openedIncidentTakesItsKindFromTheFirstAlertAndItsSeverityFromTheWorst() {
        Incident incident = open(List.of(disk(Severity.WARNING, true, -60), down(AP1, -30)), false);

        assertThat(incident.id()).isEqualTo("INC-20261126-0001");
        assertThat(incident.tenant()).isEqualTo("kurashiki");
        assertThat(incident.system()).isEqualTo("juki");
        assertThat(incident.serviceId()).isEqualTo("kurashiki-juki");
        assertThat(incident.vendor()).isEqualTo("fujitsu-japan");
        assertThat(incident.kind()).isEqualTo("RESOURCE");
        assertThat(incident.severity()).isEqualTo("MAJOR");
        assertThat(incident.status()).isEqualTo(IncidentStatus.OPEN);
        assertThat(incident.title()).isEqualTo("disk /var at 85.0% (+1)");
        assertThat(incident.affectedTargets()).containsExactly(DB1, AP1);
        assertThat(incident.activeAlerts()).containsExactly(DISK, AP1 + "|DOWN");
        assertThat(incident.alertKeys()).containsExactly(DISK, AP1 + "|DOWN");
        assertThat(incident.startedAt()).isEqualTo(t(-60));
        assertThat(incident.detectedAt()).isEqualTo(t(0));
        assertThat(incident.openedAt()).isEqualTo(t(30));
        assertThat(incident.updatedAt()).isEqualTo(t(30));
        assertThat(incident.mitigatedAt()).isNull();
        assertThat(incident.reopenCount()).isZero();
        assertThat(incident.sla().firstReport().dueAt()).isEqualTo(t(3600));
        assertThat(incident.sla().firstReport().sentAt()).isNull();
        assertThat(incident.sla().firstReport().automatic()).isTrue();
        assertThat(incident.signalOffset()).isEqualTo(-1);
        assertThat(incident.revision()).isEqualTo(1);
        assertThat(incident.timeline()).extracting(TimelineEntry::at, TimelineEntry::type, TimelineEntry::targetId)
                .containsExactly(
                        tuple(t(-60), "RESOURCE_ALERT", DB1),
                        tuple(t(-30), "TARGET_DOWN", AP1),
                        tuple(t(30), "INCIDENT_OPENED", null));
    }

    @Test
    void singleWarningIsAWarningIncidentAndCriticalWhenTheServiceIsDown() {
        assertThat(open(List.of(disk(Severity.WARNING, true, 0)), false).severity()).isEqualTo("WARNING");
        assertThat(open(List.of(disk(Severity.WARNING, true, 0)), true).severity()).isEqualTo("CRITICAL");
        assertThat(openAp1().title()).isEqualTo(AP1 + " is down: no heartbeat");
    }

    @Test
    void incidentNeedsAnAlert() {
        assertThatThrownBy(() -> open(List.of(), false)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void openIncidentCannotHaveAMitigationTime() {
        Incident incident = openAp1();

        assertThatThrownBy(() -> new Incident(incident.id(), incident.tenant(), incident.system(),
                incident.serviceId(), incident.vendor(), incident.kind(), incident.severity(), IncidentStatus.OPEN,
                incident.title(), incident.affectedTargets(), incident.activeAlerts(), incident.alertKeys(),
                incident.detectedAt(), incident.startedAt(), incident.openedAt(), t(100), null, null, 0, null, false,
                null, null, incident.timeline(), incident.sla(), null, incident.updatedAt(), incident.signalOffset(),
                incident.revision(), incident.problems(), null, null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void everyChangeIncrementsTheRevision() {
        Incident opened = openAp1();
        Incident joined = opened.withAlert(down(AP2, 100), t(130));
        Incident oneBack = joined.withAlertResolved(up(AP1, 200), t(200), SlaPolicy.DEFAULT);
        Incident mitigated = oneBack.withAlertResolved(up(AP2, 300), t(300), SlaPolicy.DEFAULT);
        Incident reopened = mitigated.reopen(down(AP2, 420), t(450), SlaPolicy.DEFAULT);
        Incident critical = reopened.serviceDown(t(460), t(470));
        Incident reported = critical.firstReportSent(t(480));

        assertThat(List.of(opened, joined, oneBack, mitigated, reopened, critical, reported))
                .extracting(Incident::revision).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L);
        assertThat(List.of(joined, oneBack, mitigated, reopened, critical, reported))
                .extracting(Incident::updatedAt).containsExactly(t(130), t(200), t(300), t(450), t(470), t(480));
    }

    @Test
    void laterAlertJoinsTheTimelineAndRaisesTheSeverity() {
        Incident incident = open(List.of(disk(Severity.WARNING, true, 0)), false)
                .withAlert(down(AP2, 100), t(130));

        assertThat(incident.severity()).isEqualTo("MAJOR");
        assertThat(incident.kind()).as("the first alert's kind stays").isEqualTo("RESOURCE");
        assertThat(incident.affectedTargets()).containsExactly(DB1, AP2);
        assertThat(incident.activeAlerts()).containsExactly(DISK, AP2 + "|DOWN");
        assertThat(incident.startedAt()).isEqualTo(t(0));
        assertThat(incident.timeline()).extracting(TimelineEntry::at, TimelineEntry::type)
                .endsWith(tuple(t(100), "TARGET_DOWN"));
    }

    @Test
    void incidentIsMitigatedWhenItsLastAlertEndsAndRemembersEveryKey() {
        Incident joined = openAp1().withAlert(down(AP2, 100), t(130));

        Incident oneBack = joined.withAlertResolved(up(AP1, 200), t(200), SlaPolicy.DEFAULT);
        assertThat(oneBack.status()).isEqualTo(IncidentStatus.OPEN);
        assertThat(oneBack.mitigatedAt()).isNull();
        assertThat(oneBack.activeAlerts()).containsExactly(AP2 + "|DOWN");

        Incident mitigated = oneBack.withAlertResolved(up(AP2, 300), t(310), SlaPolicy.DEFAULT);
        assertThat(mitigated.status()).isEqualTo(IncidentStatus.MITIGATED);
        assertThat(mitigated.mitigatedAt()).isEqualTo(t(300));
        assertThat(mitigated.activeAlerts()).isEmpty();
        assertThat(mitigated.alertKeys()).containsExactly(AP1 + "|DOWN", AP2 + "|DOWN");
        assertThat(mitigated.affectedTargets()).containsExactly(AP1, AP2);
        assertThat(mitigated.timeline()).extracting(TimelineEntry::at, TimelineEntry::type).endsWith(
                tuple(t(200), "TARGET_UP"), tuple(t(300), "TARGET_UP"), tuple(t(300), "MITIGATED"));
        assertThat(mitigated.downFor(t(5000))).isEqualTo(Duration.ofSeconds(330));
        assertThat(oneBack.downFor(t(5000))).as("still down").isEqualTo(Duration.ofSeconds(5030));
    }

    @Test
    void mitigatedIncidentReopensWhenItsProblemComesBack() {
        Incident mitigated = openAp1().withAlertResolved(up(AP1, 100), t(100), SlaPolicy.DEFAULT);

        Incident reopened = mitigated.reopen(down(AP1, 220), t(250), SlaPolicy.DEFAULT);

        assertThat(reopened.status()).isEqualTo(IncidentStatus.OPEN);
        assertThat(reopened.mitigatedAt()).isNull();
        assertThat(reopened.reopenCount()).isEqualTo(1);
        assertThat(reopened.activeAlerts()).containsExactly(AP1 + "|DOWN");
        assertThat(reopened.startedAt()).as("the outage began with the first alert").isEqualTo(t(-30));
        assertThat(reopened.timeline()).extracting(TimelineEntry::at, TimelineEntry::type, TimelineEntry::targetId)
                .endsWith(tuple(t(220), "REOPENED", AP1), tuple(t(220), "TARGET_DOWN", AP1));
        assertThat(reopened.timeline()).filteredOn(e -> e.type().equals("REOPENED"))
                .extracting(TimelineEntry::message)
                .containsExactly("the problem came back 120 s after provisional recovery");

        Incident again = reopened.withAlertResolved(up(AP1, 300), t(300), SlaPolicy.DEFAULT).reopen(down(AP1, 330), t(331), SlaPolicy.DEFAULT);
        assertThat(again.reopenCount()).isEqualTo(2);
    }

    @Test
    void illegalTransitionsAreRefused() {
        Incident open = openAp1();
        Incident mitigated = open.withAlertResolved(up(AP1, 100), t(100), SlaPolicy.DEFAULT);

        assertThatThrownBy(() -> open.reopen(down(AP2, 200), t(200), SlaPolicy.DEFAULT))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("OPEN");
        assertThatThrownBy(() -> mitigated.withAlert(down(AP2, 200), t(200)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("MITIGATED");
        assertThatThrownBy(() -> mitigated.withAlertResolved(up(AP1, 200), t(200), SlaPolicy.DEFAULT))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("MITIGATED");
    }

    @Test
    void serviceDownMakesItCriticalOnce() {
        Incident incident = openAp1();

        Incident critical = incident.serviceDown(t(60), t(65));
        assertThat(critical.severity()).isEqualTo("CRITICAL");
        assertThat(critical.timeline()).extracting(TimelineEntry::at, TimelineEntry::type)
                .endsWith(tuple(t(60), "SERVICE_DOWN"));

        assertThat(critical.serviceDown(t(90), t(95))).isSameAs(critical);
        assertThat(critical.withAlert(down(AP2, 100), t(130)).severity()).as("never lowered").isEqualTo("CRITICAL");
    }

    @Test
    void firstReportSentIsRecordedOnce() {
        Incident sent = openAp1().firstReportSent(t(31));

        assertThat(sent.sla().firstReport().sentAt()).isEqualTo(t(31));
        assertThat(sent.sla().firstReport().dueAt()).isEqualTo(t(3600));
        assertThat(sent.timeline()).extracting(TimelineEntry::at, TimelineEntry::type)
                .endsWith(tuple(t(31), "FIRST_REPORT_SENT"));
        assertThat(sent.firstReportSent(t(99))).isSameAs(sent);
    }

    @Test
    void signalOffsetOnlyMovesForwardAndIsNoRevision() {
        Incident incident = openAp1().withSignalOffset(7);

        assertThat(incident.signalOffset()).isEqualTo(7);
        assertThat(incident.revision()).isEqualTo(1);
        assertThat(incident.withSignalOffset(3).signalOffset()).isEqualTo(7);
        assertThat(incident.withAlert(down(AP2, 100), t(130)).signalOffset()).as("kept by changes").isEqualTo(7);
    }

    @Test
    void alreadyHasRecognisesWhatChangesNothing() {
        Incident incident = open(List.of(disk(Severity.WARNING, true, 0)), false);

        assertThat(incident.alreadyHas(disk(Severity.WARNING, true, 10))).as("same problem again").isTrue();
        assertThat(incident.alreadyHas(disk(Severity.MAJOR, true, 10))).as("it escalates").isFalse();
        assertThat(incident.alreadyHas(down(AP1, 10))).as("a new problem").isFalse();
        assertThat(incident.alreadyHas(disk(Severity.WARNING, false, 10))).as("its end").isFalse();
        assertThat(incident.alreadyHas(up(AP1, 10))).as("the end of a problem it does not have").isTrue();

        Incident escalated = incident.withAlert(disk(Severity.MAJOR, true, 20), t(20));
        assertThat(escalated.severity()).isEqualTo("MAJOR");
        assertThat(escalated.activeAlerts()).containsExactly(DISK);
        assertThat(escalated.alreadyHas(disk(Severity.MAJOR, true, 30))).isTrue();
        assertThat(escalated.alreadyHas(disk(Severity.WARNING, true, 30)))
                .as("a lower severity of an active problem changes nothing").isTrue();
    }

    @Test
    void aChangeOfSeveralStepsIsOneRevisionOnTopOfItsBase() {
        Incident base = openAp1();
        Incident twoSteps = base.acknowledge("a", "on it", t(40)).serviceDown(t(41), t(41));
        assertThat(twoSteps.revision()).isEqualTo(base.revision() + 2);

        Incident oneWrite = twoSteps.onTopOf(base);

        assertThat(oneWrite.revision()).isEqualTo(base.revision() + 1);
        assertThat(oneWrite.timeline()).isEqualTo(twoSteps.timeline());
        assertThat(oneWrite.severity()).isEqualTo(twoSteps.severity());
        assertThat(oneWrite.updatedAt()).isEqualTo(twoSteps.updatedAt());
        Incident oneStep = base.acknowledge("a", "on it", t(40));
        assertThat(oneStep.onTopOf(base)).as("one step is already one revision").isSameAs(oneStep);
        Incident another = Incident.open("INC-20261126-0002", "kurashiki", "juki", "kurashiki-juki", "fujitsu-japan",
                List.of(down(AP2, -30)), false, t(0), t(30), Duration.ofMinutes(60));
        assertThatThrownBy(() -> twoSteps.onTopOf(another)).isInstanceOf(IllegalArgumentException.class);
    }
}
