package io.mihari.alert.incident;

import io.mihari.testsupport.MutableClock;
import io.mihari.alert.incident.RecordingListener.Call;
import io.mihari.alert.detect.Alert;
import io.mihari.alert.detect.AlertKind;
import io.mihari.alert.detect.Severity;
import io.mihari.model.catalog.Catalog;
import io.mihari.model.catalog.CatalogLoader;
import io.mihari.model.command.Actor;
import io.mihari.model.command.Attribution;
import io.mihari.model.command.Command;
import io.mihari.model.command.CommandType;
import io.mihari.model.command.PostIncidentReport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * People's commands on incidents of {@code kurashiki-juki} ({@link IncidentService#onCommand}): applied once, in
 * the order of the service's signal partition, or rejected with the reason people see. Grouping wait 30 s,
 * {@link SlaPolicy#DEFAULT}, reopen window 10 min. The usual incident: AP1 down since T0 − 30 s, opened at T0 + 30 s.
 */
class IncidentCommandTest {

    static final Instant T0 = Instant.parse("2026-11-25T15:30:00Z"); // 2026-11-26 00:30 JST
    static final String SERVICE = "kurashiki-juki";
    static final String AP1 = "kurashiki/krs-juki-ap1";
    static final String AP2 = "kurashiki/krs-juki-ap2";
    static final String FIRST = "INC-20261126-0001";
    static final Actor SATO = new Actor("sato", "vendor", "fujitsu-japan", "佐藤 (富士通Japan)");
    static final Actor TANAKA = new Actor("tanaka", "operator", "kurashiki", null);
    static final PostIncidentReport REPORT = new PostIncidentReport("00:29 DB stopped; 01:30 restarted",
            "the archive log filled /var", "old archive logs removed", "archive log rotation and a disk alert at 70%");

    final MutableClock clock = new MutableClock(T0);
    final InMemoryIncidents incidents = new InMemoryIncidents();
    final Map<String, Incident> stored = incidents.stored;
    final List<Incident> saves = incidents.saves;
    final RecordingListener listener = new RecordingListener();
    final List<Call> calls = listener.calls;
    long offset;
    IncidentService service;


    @BeforeEach
    void setUp() throws Exception {
        Catalog catalog;
        try (InputStream in = getClass().getResourceAsStream("/test-catalog.yaml")) {
            catalog = CatalogLoader.load(in, "test-catalog.yaml");
        }
        service = new IncidentService(clock, () -> catalog, incidents, listener, Duration.ofSeconds(30),
                SlaPolicy.DEFAULT, Duration.ofMinutes(10), id -> false, PlannedMaintenance.NONE);
    }

    static Instant t(long seconds) {
        return T0.plusSeconds(seconds);
    }

    static Alert down(String target, long second) {
        return new Alert(target + "|DOWN", AlertKind.LIVENESS, Severity.MAJOR, true, target, t(second),
                "HEARTBEAT_MISSING", target + " is down: no heartbeat since " + t(second));
    }

    static Alert up(String target, long second) {
        return new Alert(target + "|DOWN", AlertKind.LIVENESS, Severity.MAJOR, false, target, t(second),
                "HEARTBEAT_RECEIVED", target + " is up again");
    }

    long signal(Alert alert) {
        offset++;
        service.onAlert(SERVICE, alert, clock.instant(), offset);
        return offset;
    }

    void at(long second) {
        clock.set(t(second));
    }

    Incident openWithAp1() {
        signal(down(AP1, -30));
        at(30);
        service.tick();
        return stored.get(FIRST);
    }

    /** A command issued now by {@code actor}. */
    static Command command(CommandType type, String serviceId, String incidentId, Actor actor, Instant issuedAt,
            String message, Instant at, Attribution attribution, PostIncidentReport report) {
        return new Command("cmd-" + issuedAt.getEpochSecond() + "-" + type, type, serviceId, incidentId, actor,
                issuedAt, message, at, attribution, report, null, null);
    }

    /** The next signal of the partition: a command on the usual incident, issued now by Sato. */
    CommandOutcome apply(CommandType type, String message) {
        return apply(command(type, SERVICE, FIRST, SATO, clock.instant(), message, null, null,
                type == CommandType.SUBMIT_REPORT ? REPORT : null));
    }

    CommandOutcome apply(Command command) {
        offset++;
        return service.onCommand(command, offset);
    }

    CommandOutcome mitigateAt(long second) {
        return apply(command(CommandType.MARK_MITIGATED, SERVICE, FIRST, SATO, clock.instant(), "DB restarted",
                t(second), null, null));
    }

    List<Call> calls(String what) {
        return listener.calls(what);
    }

    Incident incident() {
        return stored.get(FIRST);
    }

    // ---- which incident ----

    @Test
    void commandOnAnUnknownIncidentIsRejected() {
        openWithAp1();
        at(100);

        CommandOutcome outcome = apply(command(CommandType.POST_UPDATE, SERVICE, "INC-20261126-0099", SATO, t(100),
                "investigating", null, null, null));

        assertThat(outcome).isEqualTo(CommandOutcome.rejected("incidentId: no incident INC-20261126-0099"));
        assertThat(outcome.reason()).contains("no incident");
        assertThat(outcome.revision()).isEqualTo(-1);
        assertThat(calls).extracting(Call::what).containsExactly("opened");
        assertThat(saves).hasSize(1);
    }

    @Test
    void commandOnAnIncidentOfAnotherServiceIsRejected() {
        Incident before = openWithAp1();
        at(100);

        CommandOutcome outcome = apply(command(CommandType.MARK_MITIGATED, "rules-check", FIRST, SATO, t(100), null,
                null, null, null));

        assertThat(outcome.outcome()).isEqualTo(CommandOutcome.REJECTED);
        assertThat(outcome.reason()).isEqualTo("incidentId: INC-20261126-0001 is not an incident of service "
                + "rules-check");
        assertThat(incident()).isEqualTo(before);
        assertThat(calls("mitigated")).isEmpty();
    }

    @Test
    void commandOnAStoredIncidentThisInstanceDoesNotHoldIsApplied() {
        Incident open = openWithAp1();
        service.forget(List.of(SERVICE)); // e.g. a rebalance handed the service over, and back
        at(100);

        assertThat(apply(CommandType.ACKNOWLEDGE, null)).isEqualTo(CommandOutcome.applied(2));
        assertThat(incident().acknowledgedAt()).isEqualTo(t(100));
        assertThat(open.acknowledgedAt()).isNull();
    }

    // ---- replays ----

    @Test
    void aCommandReplayedFromTheSignalPartitionIsADuplicate() {
        openWithAp1();
        at(100);
        Command update = command(CommandType.POST_UPDATE, SERVICE, FIRST, SATO, t(100), "investigating", null, null,
                null);
        long updateOffset = ++offset;
        assertThat(service.onCommand(update, updateOffset).outcome()).isEqualTo(CommandOutcome.APPLIED);
        Incident after = incident();
        assertThat(after.signalOffset()).isEqualTo(updateOffset);

        at(200);
        CommandOutcome again = service.onCommand(update, updateOffset);
        CommandOutcome older = service.onCommand(command(CommandType.MARK_MITIGATED, SERVICE, FIRST, SATO, t(50), null,
                null, null, null), 1);

        assertThat(again).isEqualTo(CommandOutcome.duplicate());
        assertThat(again.reason()).isEqualTo("applied before");
        assertThat(older.outcome()).isEqualTo(CommandOutcome.DUPLICATE);
        assertThat(incident()).isEqualTo(after);
        assertThat(calls("statusReport")).hasSize(1);
        assertThat(calls("mitigated")).isEmpty();
    }

    @Test
    void aRejectedCommandDoesNotMoveTheSignalOffset() {
        openWithAp1();
        at(100);
        long before = incident().signalOffset();

        assertThat(apply(CommandType.MARK_RESOLVED, null).outcome()).isEqualTo(CommandOutcome.REJECTED);

        assertThat(incident().signalOffset()).isEqualTo(before);
        assertThat(incident().revision()).isEqualTo(1);
    }

    // ---- MARK_MITIGATED ----

    @Test
    void markingAnOpenIncidentMitigatedRecordsWhenThePersonSaysItWasBack() {
        openWithAp1();
        at(600);

        CommandOutcome outcome = mitigateAt(500);

        assertThat(outcome).isEqualTo(CommandOutcome.applied(2));
        Incident incident = incident();
        assertThat(incident.status()).isEqualTo(IncidentStatus.MITIGATED);
        assertThat(incident.mitigatedAt()).isEqualTo(t(500));
        assertThat(incident.updatedAt()).isEqualTo(t(600));
        assertThat(incident.activeAlerts()).as("the monitoring has not seen it end yet").containsExactly(AP1 + "|DOWN");
        assertThat(incident.sla().nextStatusReportDue()).isNull();
        assertThat(incident.sla().recoveryReport()).as("made when the mark was applied, 100 s after the recovery")
                .isEqualTo(new SlaRecord.Report(t(500), null, true, 100L, t(600), null));
        assertThat(incident.sla().postIncidentReport()).isNull();
        assertThat(incident.timeline()).extracting(TimelineEntry::at, TimelineEntry::type, TimelineEntry::message,
                TimelineEntry::author).endsWith(tuple(t(500), "MITIGATED",
                        "marked provisionally recovered: DB restarted", "佐藤 (富士通Japan)"));
        assertThat(calls("mitigated")).singleElement().satisfies(call -> assertThat(call.incident()).isEqualTo(incident));
        assertThat(service.openIncident(SERVICE)).isEmpty();
    }

    @Test
    void withoutATimeTheMitigationIsWhenThePersonIssuedIt() {
        openWithAp1();
        at(600);

        apply(command(CommandType.MARK_MITIGATED, SERVICE, FIRST, TANAKA, t(590), null, null, null, null));

        assertThat(incident().mitigatedAt()).isEqualTo(t(590));
        assertThat(incident().timeline()).extracting(TimelineEntry::message, TimelineEntry::author)
                .endsWith(tuple("marked provisionally recovered", "tanaka"));
    }

    @Test
    void aMitigationTimeAheadOfTheClockIsNow() {
        openWithAp1();
        at(600);

        mitigateAt(700); // within the skew the command allows

        assertThat(incident().mitigatedAt()).isEqualTo(t(600));
    }

    @Test
    void aMitigationBeforeTheIncidentStartedIsRejected() {
        Incident before = openWithAp1();
        at(600);

        CommandOutcome outcome = mitigateAt(-31);

        assertThat(outcome).isEqualTo(CommandOutcome.rejected(
                "at: 2026-11-25T15:29:29Z is before the incident started (2026-11-25T15:29:30Z)"));
        assertThat(incident()).isEqualTo(before);
        assertThat(calls("mitigated")).isEmpty();

        assertThat(mitigateAt(-30).outcome()).as("exactly the start").isEqualTo(CommandOutcome.APPLIED);
    }

    @Test
    void anIncidentCannotBeMarkedMitigatedTwice() {
        openWithAp1();
        at(600);
        mitigateAt(500);
        Incident mitigated = incident();
        at(700);

        CommandOutcome outcome = mitigateAt(650);

        assertThat(outcome).isEqualTo(CommandOutcome.rejected(
                "cannot mark mitigated incident INC-20261126-0001 in status MITIGATED"));
        assertThat(incident()).isEqualTo(mitigated);
        assertThat(calls("mitigated")).hasSize(1);
    }

    @Test
    void anIncidentTheMonitoringMitigatedCannotBeMarkedMitigated() {
        openWithAp1();
        at(600);
        signal(up(AP1, 600));

        assertThat(mitigateAt(650).outcome()).isEqualTo(CommandOutcome.REJECTED);
        assertThat(incident().mitigatedAt()).isEqualTo(t(600));
    }

    // ---- MARK_RESOLVED ----

    @Test
    void anOpenIncidentCannotBeResolved() {
        openWithAp1();
        at(600);

        assertThat(apply(CommandType.MARK_RESOLVED, "fixed")).isEqualTo(CommandOutcome.rejected(
                "cannot resolve incident INC-20261126-0001 in status OPEN"));
        assertThat(incident().status()).isEqualTo(IncidentStatus.OPEN);
    }

    @Test
    void resolvingAShortOutageClosesItAtOnce() {
        openWithAp1();
        at(600);
        mitigateAt(600);
        at(900);

        CommandOutcome outcome = apply(CommandType.MARK_RESOLVED, "disk replaced");

        assertThat(outcome).isEqualTo(CommandOutcome.applied(3));
        Incident incident = incident();
        assertThat(incident.status()).isEqualTo(IncidentStatus.CLOSED);
        assertThat(incident.resolvedAt()).isEqualTo(t(900));
        assertThat(incident.closedAt()).isEqualTo(t(900));
        assertThat(incident.closed()).isTrue();
        assertThat(incident.timeline()).extracting(TimelineEntry::at, TimelineEntry::type, TimelineEntry::message,
                TimelineEntry::author).endsWith(
                        tuple(t(900), "RESOLVED", "permanent fix confirmed: disk replaced", "佐藤 (富士通Japan)"),
                        tuple(t(900), "CLOSED", "incident closed", null));

        at(1000);
        assertThat(apply(CommandType.ACKNOWLEDGE, null)).as("found in the store, closed").isEqualTo(
                CommandOutcome.rejected("cannot acknowledge incident INC-20261126-0001 in status CLOSED"));
        assertThat(apply(CommandType.POST_UPDATE, "late news")).isEqualTo(CommandOutcome.rejected(
                "incident INC-20261126-0001 is CLOSED: no more status updates"));
    }

    @Test
    void resolvingALongOutageWaitsForTheWrittenReportThenCloses() {
        openWithAp1();
        at(4000);
        mitigateAt(3570); // exactly 60 min after the start at t(-30)
        Instant due = t(3570).plus(Duration.ofDays(7));
        assertThat(incident().sla().postIncidentReport().dueAt()).isEqualTo(due);

        at(5000);
        assertThat(apply(CommandType.MARK_RESOLVED, null).outcome()).isEqualTo(CommandOutcome.APPLIED);
        assertThat(incident().status()).isEqualTo(IncidentStatus.RESOLVED);
        assertThat(incident().resolvedAt()).isEqualTo(t(5000));
        assertThat(incident().closedAt()).isNull();
        assertThat(incident().timeline()).extracting(TimelineEntry::message)
                .endsWith("permanent fix confirmed");

        Instant submitted = due.plusSeconds(125);
        clock.set(submitted);
        CommandOutcome outcome = apply(CommandType.SUBMIT_REPORT, null);

        assertThat(outcome).isEqualTo(CommandOutcome.applied(4));
        Incident closed = incident();
        assertThat(closed.status()).isEqualTo(IncidentStatus.CLOSED);
        assertThat(closed.closedAt()).isEqualTo(submitted);
        assertThat(closed.resolvedAt()).isEqualTo(t(5000));
        assertThat(closed.writtenReport()).isEqualTo(new WrittenReport(REPORT.timeline(), REPORT.cause(),
                REPORT.firstResponse(), REPORT.countermeasures(), "佐藤 (富士通Japan)", submitted));
        assertThat(closed.sla().postIncidentReport().submittedAt()).isEqualTo(submitted);
        assertThat(closed.sla().postIncidentReport().lateBySeconds()).isEqualTo(125L);
        assertThat(closed.timeline()).extracting(TimelineEntry::at, TimelineEntry::type, TimelineEntry::author)
                .endsWith(tuple(submitted, "REPORT_SUBMITTED", "佐藤 (富士通Japan)"),
                        tuple(submitted, "CLOSED", null));
        assertThat(calls("reportSubmitted")).singleElement()
                .satisfies(call -> assertThat(call.incident()).isEqualTo(closed));
    }

    @Test
    void aReportSubmittedBeforeItIsDueIsNotLate() {
        openWithAp1();
        at(4000);
        mitigateAt(3570);
        at(100_000);

        apply(CommandType.SUBMIT_REPORT, null);

        assertThat(incident().sla().postIncidentReport().submittedAt()).isEqualTo(t(100_000));
        assertThat(incident().sla().postIncidentReport().lateBySeconds()).isZero();
        assertThat(incident().status()).as("not resolved yet").isEqualTo(IncidentStatus.MITIGATED);

        at(100_100);
        apply(CommandType.MARK_RESOLVED, null);
        assertThat(incident().status()).as("report already in").isEqualTo(IncidentStatus.CLOSED);
    }

    // ---- SUBMIT_REPORT ----

    @Test
    void aReportCannotBeSubmittedWhileTheIncidentIsOpen() {
        openWithAp1();
        at(600);

        assertThat(apply(CommandType.SUBMIT_REPORT, null)).isEqualTo(CommandOutcome.rejected(
                "incident INC-20261126-0001 is still OPEN: a report follows provisional recovery"));
        assertThat(incident().writtenReport()).isNull();
        assertThat(calls("reportSubmitted")).isEmpty();
    }

    @Test
    void aReportIsSubmittedOnce() {
        openWithAp1();
        at(600);
        mitigateAt(600);
        at(700);
        assertThat(apply(CommandType.SUBMIT_REPORT, null).outcome()).isEqualTo(CommandOutcome.APPLIED);
        Incident first = incident();
        assertThat(first.sla().postIncidentReport()).as("a short outage has no report clock").isNull();

        at(800);
        CommandOutcome second = apply(CommandType.SUBMIT_REPORT, null);

        assertThat(second).isEqualTo(CommandOutcome.rejected(
                "the report of incident INC-20261126-0001 was already submitted at 2026-11-25T15:41:40Z"));
        assertThat(incident()).isEqualTo(first);
        assertThat(calls("reportSubmitted")).hasSize(1);
    }

    // ---- ACKNOWLEDGE, SET_ATTRIBUTION ----

    @Test
    void theFirstAcknowledgementIsKeptAndEveryOneIsInTheTimeline() {
        openWithAp1();
        at(100);
        apply(CommandType.ACKNOWLEDGE, "looking");
        at(200);
        apply(command(CommandType.ACKNOWLEDGE, SERVICE, FIRST, TANAKA, t(200), null, null, null, null));

        Incident incident = incident();
        assertThat(incident.acknowledgedAt()).isEqualTo(t(100));
        assertThat(incident.acknowledgedBy()).isEqualTo("佐藤 (富士通Japan)");
        assertThat(incident.timeline()).extracting(TimelineEntry::at, TimelineEntry::type, TimelineEntry::message,
                TimelineEntry::author).endsWith(tuple(t(100), "ACKNOWLEDGED", "acknowledged: looking",
                        "佐藤 (富士通Japan)"), tuple(t(200), "ACKNOWLEDGED", "acknowledged", "tanaka"));
        assertThat(incident.revision()).isEqualTo(3);
        assertThat(calls).extracting(Call::what).as("nobody is mailed").containsExactly("opened");
    }

    @Test
    void attributionIsRecordedWithEachChange() {
        openWithAp1();
        at(100);
        apply(command(CommandType.SET_ATTRIBUTION, SERVICE, FIRST, TANAKA, t(100), null, null, Attribution.CLOUD,
                null));

        assertThat(incident().attribution()).isEqualTo("CLOUD");
        assertThat(incident().timeline()).extracting(TimelineEntry::at, TimelineEntry::type, TimelineEntry::message,
                TimelineEntry::author).endsWith(tuple(t(100), "ATTRIBUTION", "attribution null -> CLOUD", "tanaka"),
                        // this test catalog names no cloud provider for Kurashiki: nobody answers for CLOUD here
                        tuple(t(100), "RESPONSIBILITY", "nobody is responsible now (CLOUD): no status report is due",
                                null));
        assertThat(incident().responsibleParty()).isNull();
        assertThat(incident().sla().nextStatusReportDue()).isNull();

        at(200);
        apply(command(CommandType.SET_ATTRIBUTION, SERVICE, FIRST, TANAKA, t(200), "the DB host, not the cloud", null,
                Attribution.VENDOR, null));

        assertThat(incident().attribution()).isEqualTo("VENDOR");
        assertThat(incident().timeline()).extracting(TimelineEntry::message)
                .endsWith("attribution CLOUD -> VENDOR: the DB host, not the cloud",
                        "now attributed to fujitsu-japan (APP_VENDOR); its first report is due at 2026-11-26 01:33:20 JST");
        assertThat(incident().responsibleParty()).isEqualTo(new PartyRef("fujitsu-japan", "APP_VENDOR", t(200)));
        assertThat(incident().sla().nextStatusReportDue()).isEqualTo(t(3800));
    }

    // ---- POST_UPDATE after recovery ----

    @Test
    void anUpdateAfterProvisionalRecoveryIsMailedButStartsNoClock() {
        openWithAp1();
        at(600);
        mitigateAt(600);
        at(700);

        assertThat(apply(CommandType.POST_UPDATE, "root cause found").outcome()).isEqualTo(CommandOutcome.APPLIED);

        assertThat(calls("statusReport")).singleElement().satisfies(call -> {
            SlaRecord.StatusReport r = (SlaRecord.StatusReport) call.arg();
            assertThat(r.seq()).isEqualTo(1);
            assertThat(r.dueAt()).isNull();
            assertThat(r.createdAt()).isEqualTo(t(700));
        });
        assertThat(incident().sla().nextStatusReportDue()).isNull();
    }

    // ---- the monitoring agrees later ----

    @Test
    void theMonitoringSeesTheProblemsEndAfterAPersonMarkedItMitigated() {
        signal(down(AP1, -30));
        signal(down(AP2, -20));
        at(30);
        service.tick();
        at(600);
        mitigateAt(550);

        at(700);
        long ap1Up = signal(up(AP1, 690));

        Incident incident = incident();
        assertThat(incident.status()).isEqualTo(IncidentStatus.MITIGATED);
        assertThat(incident.mitigatedAt()).as("the person's time stands").isEqualTo(t(550));
        assertThat(incident.activeAlerts()).containsExactly(AP2 + "|DOWN");
        assertThat(incident.signalOffset()).isEqualTo(ap1Up);
        assertThat(incident.timeline()).extracting(TimelineEntry::at, TimelineEntry::type, TimelineEntry::targetId)
                .endsWith(tuple(t(690), "TARGET_UP", AP1));

        at(800);
        signal(up(AP2, 790));

        assertThat(incident().activeAlerts()).isEmpty();
        assertThat(incident().status()).isEqualTo(IncidentStatus.MITIGATED);
        assertThat(incident().timeline()).extracting(TimelineEntry::at, TimelineEntry::type)
                .endsWith(tuple(t(690), "TARGET_UP"), tuple(t(790), "TARGET_UP"));
        assertThat(calls("mitigated")).as("the recovery report went out once").hasSize(1);
        assertThat(service.hasPending(SERVICE)).isFalse();

        at(900);
        signal(up(AP2, 790)); // again: nothing left to end
        assertThat(incident().revision()).isEqualTo(4);
    }
}
