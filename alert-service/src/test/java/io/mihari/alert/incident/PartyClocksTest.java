package io.mihari.alert.incident;

import io.mihari.alert.detect.Alert;
import io.mihari.alert.detect.AlertKind;
import io.mihari.alert.detect.Severity;
import io.mihari.alert.incident.RecordingListener.Call;
import io.mihari.model.catalog.Catalog;
import io.mihari.model.catalog.CatalogLoader;
import io.mihari.model.command.Actor;
import io.mihari.model.command.Attribution;
import io.mihari.model.command.Command;
import io.mihari.model.command.CommandType;
import io.mihari.model.command.PostIncidentReport;
import io.mihari.testsupport.MutableClock;
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
 * Report clocks per party (issue 19, docs/parties.md): the responsible party of an incident, its move on an applied
 * re-attribution, whose deadlines a report answers, reports recorded on a party's behalf, and the written report's
 * owner. {@code party-catalog.yaml}: Kurashiki's cloud provider gov-cloud (初報 within 1 h, status reports every 30 min)
 * and carrier west-net; the configured clocks ({@link SlaPolicy#DEFAULT}) 1 h / 1 h.
 * <p>
 * The usual incident of kurashiki-juki (Fujitsu Japan's): AP1 down since T0 − 30 s, noticed at T0, opened at T0 + 30 s;
 * the app vendor's first status report is due at T0 + 3630 s.
 */
class PartyClocksTest {

    static final Instant T0 = Instant.parse("2026-11-25T15:30:00Z");
    static final String SERVICE = "kurashiki-juki";
    static final String AP1 = "kurashiki/krs-juki-ap1";
    static final String FIRST = "INC-20261126-0001";
    static final Actor FUJITSU = new Actor("fujitsu-ops", "vendor", "fujitsu-japan", "佐藤 (富士通Japan)");
    static final Actor GOV_CLOUD = new Actor("gov-cloud-ops", "vendor", "gov-cloud", "鈴木 (クラウド)");
    static final Actor WEST_NET = new Actor("west-net-ops", "vendor", "west-net", "高橋 (回線)");
    static final Actor CITY = new Actor("kurashiki-ops", "operator", "kurashiki", "山田 (倉敷市)");

    final MutableClock clock = new MutableClock(T0);
    final InMemoryIncidents incidents = new InMemoryIncidents();
    final Map<String, Incident> stored = incidents.stored;
    final RecordingListener listener = new RecordingListener();
    long offset;
    IncidentService service;

    @BeforeEach
    void setUp() throws Exception {
        Catalog catalog;
        try (InputStream in = getClass().getResourceAsStream("/party-catalog.yaml")) {
            catalog = CatalogLoader.load(in, "party-catalog.yaml");
        }
        service = new IncidentService(clock, () -> catalog, incidents, listener, Duration.ofSeconds(30),
                SlaPolicy.DEFAULT, Duration.ofMinutes(10), id -> false, PlannedMaintenance.NONE);
    }

    static Instant t(long seconds) {
        return T0.plusSeconds(seconds);
    }

    static Alert down(String target, long second) {
        return new Alert(target + "|DOWN", AlertKind.LIVENESS, Severity.MAJOR, true, target, t(second),
                "HEARTBEAT_MISSING", target + " is down");
    }

    static Alert up(String target, long second) {
        return new Alert(target + "|DOWN", AlertKind.LIVENESS, Severity.MAJOR, false, target, t(second),
                "HEARTBEAT_RECEIVED", target + " is up again");
    }

    void tickAt(long second) {
        clock.set(t(second));
        service.tick();
    }

    Incident openWithAp1() {
        offset++;
        service.onAlert(SERVICE, down(AP1, -30), clock.instant(), offset);
        tickAt(30);
        return stored.get(FIRST);
    }

    /** A command applied at {@code second} (issued then). */
    CommandOutcome command(long second, CommandType type, Actor actor, Attribution attribution, Instant reportedAt) {
        clock.set(t(second));
        offset++;
        return service.onCommand(new Command("cmd-" + offset, type, SERVICE, FIRST, actor, t(second),
                type == CommandType.POST_UPDATE ? "update by " + actor.userId() : null, null, attribution,
                type == CommandType.SUBMIT_REPORT
                        ? new PostIncidentReport("timeline", "EBS volume failed", "instance moved", "monitoring") : null,
                null, null, null, reportedAt), offset);
    }

    CommandOutcome attribute(long second, Attribution attribution) {
        return command(second, CommandType.SET_ATTRIBUTION, CITY, attribution, null);
    }

    CommandOutcome post(long second, Actor actor) {
        return command(second, CommandType.POST_UPDATE, actor, null, null);
    }

    Incident incident() {
        return stored.get(FIRST);
    }

    SlaRecord sla() {
        return incident().sla();
    }

    @Test
    void anIncidentOpensWithTheServicesPartyResponsible() {
        Incident opened = openWithAp1();

        assertThat(opened.responsibleParty()).isEqualTo(new PartyRef("fujitsu-japan", "APP_VENDOR", t(30)));
        assertThat(opened.responsibility()).containsExactly(
                new Responsibility("fujitsu-japan", "APP_VENDOR", "VENDOR", t(30), null));
        assertThat(opened.partyIds()).containsExactly("fujitsu-japan");
        assertThat(opened.sla().nextStatusReportDue()).isEqualTo(t(3630));
        assertThat(opened.sla().nextStatusReportOwedBy()).isEqualTo("fujitsu-japan");
        assertThat(opened.sla().nextStatusReportPartyFirstReport()).isFalse();
    }

    @Test
    void theCloudProvidersOwnServiceRunsOnItsOwnClock() {
        offset++;
        service.onAlert("kurashiki-cloud", down("kurashiki/krs-hf-rds1", -30), clock.instant(), offset);
        tickAt(30);

        Incident opened = stored.get(FIRST);
        assertThat(opened.responsibleParty()).isEqualTo(new PartyRef("gov-cloud", "CLOUD_PROVIDER", t(30)));
        assertThat(opened.sla().firstReport().dueAt()).as("its firstReportWithin: 1h").isEqualTo(t(3600));
        assertThat(opened.sla().nextStatusReportDue()).as("its statusReportEvery: 30m").isEqualTo(t(1830));
        assertThat(opened.sla().nextStatusReportOwedBy()).isEqualTo("gov-cloud");
    }

    @Test
    void reattributionToTheCloudMovesTheNextDeadlineToTheProvidersFirstReportAndOnlyItsUsersAnswerIt() {
        openWithAp1();

        assertThat(attribute(1200, Attribution.CLOUD).outcome()).isEqualTo(CommandOutcome.APPLIED);

        Incident moved = incident();
        assertThat(moved.attribution()).isEqualTo("CLOUD");
        assertThat(moved.responsibleParty()).isEqualTo(new PartyRef("gov-cloud", "CLOUD_PROVIDER", t(1200)));
        assertThat(moved.responsibility()).containsExactly(
                new Responsibility("fujitsu-japan", "APP_VENDOR", "VENDOR", t(30), t(1200)),
                new Responsibility("gov-cloud", "CLOUD_PROVIDER", "CLOUD", t(1200), null));
        assertThat(moved.partyIds()).containsExactly("fujitsu-japan", "gov-cloud");
        assertThat(moved.sla().nextStatusReportDue()).as("T + gov-cloud's firstReportWithin (1h)").isEqualTo(t(4800));
        assertThat(moved.sla().nextStatusReportOwedBy()).isEqualTo("gov-cloud");
        assertThat(moved.sla().nextStatusReportPartyFirstReport()).isTrue();
        assertThat(listener.calls("responsibilityMoved")).singleElement().extracting(Call::arg)
                .isEqualTo(new PartyRef("gov-cloud", "CLOUD_PROVIDER", t(1200)));
        assertThat(moved.timeline()).extracting(TimelineEntry::at, TimelineEntry::type).endsWith(
                tuple(t(1200), "ATTRIBUTION"), tuple(t(1200), "RESPONSIBILITY"));

        // the app vendor's update is stored and mailed but answers nothing: the clock stands
        assertThat(post(2000, FUJITSU).outcome()).isEqualTo(CommandOutcome.APPLIED);
        SlaRecord.StatusReport fujitsu = sla().statusReports().get(0);
        assertThat(fujitsu.dueAt()).isNull();
        assertThat(fujitsu.owedBy()).isNull();
        assertThat(fujitsu.lateBySeconds()).isNull();
        assertThat(fujitsu.createdAt()).isEqualTo(t(2000));
        assertThat(sla().nextStatusReportDue()).isEqualTo(t(4800));
        assertThat(listener.calls("statusReport")).hasSize(1);

        // the provider's 初報, on time; then its reports every 30 min
        assertThat(post(4000, GOV_CLOUD).outcome()).isEqualTo(CommandOutcome.APPLIED);
        SlaRecord.StatusReport provider = sla().statusReports().get(1);
        assertThat(provider.dueAt()).isEqualTo(t(4800));
        assertThat(provider.owedBy()).isEqualTo("gov-cloud");
        assertThat(provider.partyFirstReport()).isTrue();
        assertThat(provider.lateBySeconds()).isZero();
        assertThat(provider.automatic()).isFalse();
        assertThat(sla().nextStatusReportDue()).isEqualTo(t(5800));
        assertThat(sla().nextStatusReportOwedBy()).isEqualTo("gov-cloud");
        assertThat(sla().nextStatusReportPartyFirstReport()).isFalse();

        // nobody writes: Mihari's automatic report for gov-cloud's deadline, the next 30 min after it
        tickAt(5802);
        SlaRecord.StatusReport automatic = sla().statusReports().get(2);
        assertThat(automatic.automatic()).isTrue();
        assertThat(automatic.dueAt()).isEqualTo(t(5800));
        assertThat(automatic.createdAt()).isEqualTo(t(5800));
        assertThat(automatic.owedBy()).isEqualTo("gov-cloud");
        assertThat(sla().nextStatusReportDue()).isEqualTo(t(7600));
    }

    @Test
    void theReminderBeforeTheProvidersDeadlineIsOwedByTheProvider() {
        openWithAp1();
        attribute(1200, Attribution.CLOUD);

        tickAt(3899);
        assertThat(listener.calls("statusReminder")).isEmpty();
        tickAt(3900);
        assertThat(listener.calls("statusReminder")).singleElement().extracting(Call::arg).isEqualTo(t(4800));
        assertThat(sla().reminders()).containsExactly(new SlaRecord.Reminder(t(4800), t(3900), "gov-cloud"));
    }

    @Test
    void aDeadlinePassedBeforeTheMoveStaysJudgedAgainstTheAppVendor() {
        openWithAp1();

        attribute(4000, Attribution.CLOUD); // the app vendor's deadline t(3630) passed and no tick ran since

        assertThat(sla().statusReports()).singleElement().satisfies(r -> {
            assertThat(r.automatic()).isTrue();
            assertThat(r.dueAt()).isEqualTo(t(3630));
            assertThat(r.owedBy()).isEqualTo("fujitsu-japan");
        });
        assertThat(sla().nextStatusReportDue()).isEqualTo(t(7600));
        assertThat(sla().nextStatusReportOwedBy()).isEqualTo("gov-cloud");
        assertThat(sla().nextStatusReportPartyFirstReport()).isTrue();

        // a fujitsu report written by its own deadline reaches Mihari late: it still answers fujitsu's deadline only
        clock.set(t(4100));
        offset++;
        service.onCommand(new Command("cmd-late", CommandType.POST_UPDATE, SERVICE, FIRST, FUJITSU, t(3600),
                "written in time", null, null, null, null, null, null, null), offset);
        assertThat(sla().statusReports().get(1)).satisfies(r -> {
            assertThat(r.dueAt()).isEqualTo(t(3630));
            assertThat(r.owedBy()).isEqualTo("fujitsu-japan");
            assertThat(r.lateBySeconds()).isZero();
        });
        assertThat(sla().nextStatusReportDue()).as("gov-cloud's 初報 deadline stands").isEqualTo(t(7600));
        assertThat(sla().nextStatusReportOwedBy()).isEqualTo("gov-cloud");
        assertThat(sla().nextStatusReportPartyFirstReport()).isTrue();
    }

    @Test
    void theCityRecordsTheProvidersReportOnItsBehalfWithTheInstantItReported() {
        openWithAp1();
        attribute(1200, Attribution.CLOUD);

        CommandOutcome outcome = command(3000, CommandType.POST_UPDATE, CITY, null, t(2500));

        assertThat(outcome.outcome()).isEqualTo(CommandOutcome.APPLIED);
        SlaRecord.StatusReport r = sla().statusReports().get(0);
        assertThat(r.createdAt()).isEqualTo(t(2500));
        assertThat(r.dueAt()).isEqualTo(t(4800));
        assertThat(r.owedBy()).isEqualTo("gov-cloud");
        assertThat(r.onBehalfOf()).isEqualTo("gov-cloud");
        assertThat(r.author()).isEqualTo("山田 (倉敷市)");
        assertThat(r.lateBySeconds()).isZero();
        assertThat(sla().nextStatusReportDue()).as("30 min after the provider reported").isEqualTo(t(4300));
    }

    @Test
    void aReportRecordedOnBehalfBeforeTheIncidentStartedIsRejected() {
        openWithAp1();
        attribute(1200, Attribution.CLOUD);

        CommandOutcome outcome = command(3000, CommandType.POST_UPDATE, CITY, null, t(-31));

        assertThat(outcome.outcome()).isEqualTo(CommandOutcome.REJECTED);
        assertThat(outcome.reason()).startsWith("reportedAt: " + t(-31) + " is before the incident started");
        assertThat(sla().statusReports()).isEmpty();
    }

    @Test
    void aVendorMayNotUseReportedAt() {
        openWithAp1();
        attribute(1200, Attribution.CLOUD);

        CommandOutcome outcome = command(3000, CommandType.POST_UPDATE, GOV_CLOUD, null, t(2500));

        assertThat(outcome.outcome()).isEqualTo(CommandOutcome.REJECTED);
        assertThat(outcome.reason()).isEqualTo("reportedAt: a vendor reports for itself; only the city's operator or "
                + "an administrator records a report on a party's behalf");
        assertThat(sla().statusReports()).isEmpty();
    }

    @Test
    void aPartyThatIsNotResponsibleMayNotReport() {
        openWithAp1();

        CommandOutcome early = post(600, GOV_CLOUD);
        assertThat(early.outcome()).as("not yet the provider's").isEqualTo(CommandOutcome.REJECTED);
        assertThat(early.reason()).isEqualTo("actor.organisation: vendor gov-cloud does not operate kurashiki-juki "
                + "and is not responsible for incident " + FIRST + " (fujitsu-japan is)");

        attribute(1200, Attribution.CLOUD);
        assertThat(post(1300, WEST_NET).outcome()).isEqualTo(CommandOutcome.REJECTED);
        assertThat(command(1400, CommandType.ACKNOWLEDGE, GOV_CLOUD, null, null).outcome())
                .isEqualTo(CommandOutcome.APPLIED);
        assertThat(sla().statusReports()).isEmpty();

        attribute(1500, Attribution.CARRIER);
        assertThat(post(1600, GOV_CLOUD).outcome()).as("no longer the provider's").isEqualTo(CommandOutcome.REJECTED);
        assertThat(post(1700, WEST_NET).outcome()).isEqualTo(CommandOutcome.APPLIED);
        assertThat(sla().statusReports()).singleElement().satisfies(r -> {
            assertThat(r.owedBy()).isEqualTo("west-net");
            assertThat(r.dueAt()).isEqualTo(t(1500 + 3600));
            assertThat(r.partyFirstReport()).isTrue();
        });
        assertThat(incident().partyIds()).containsExactly("fujitsu-japan", "gov-cloud", "west-net");
    }

    @Test
    void externalStopsTheStatusClockUntilAPartyIsResponsibleAgain() {
        openWithAp1();

        attribute(1200, Attribution.EXTERNAL);

        assertThat(incident().responsibleParty()).isNull();
        assertThat(incident().owner()).isNull();
        assertThat(incident().responsibility()).containsExactly(
                new Responsibility("fujitsu-japan", "APP_VENDOR", "VENDOR", t(30), t(1200)));
        assertThat(sla().nextStatusReportDue()).isNull();
        assertThat(sla().nextStatusReportOwedBy()).isNull();
        assertThat(listener.calls("responsibilityMoved")).isEmpty();

        tickAt(20_000);
        assertThat(sla().statusReports()).as("no deadline ran").isEmpty();
        assertThat(listener.calls("statusReminder")).isEmpty();

        attribute(20_000, Attribution.CLOUD);
        assertThat(sla().nextStatusReportDue()).isEqualTo(t(23_600));
        assertThat(sla().nextStatusReportOwedBy()).isEqualTo("gov-cloud");
        assertThat(sla().nextStatusReportPartyFirstReport()).isTrue();
    }

    @Test
    void theWrittenReportIsOwedByThePartyResponsibleAtRecoveryAndMovesWithALaterReattribution() {
        openWithAp1();
        attribute(1200, Attribution.CLOUD);
        offset++;
        clock.set(t(4000));
        service.onAlert(SERVICE, up(AP1, 4000), t(4000), offset);

        SlaRecord.ReportClock owed = sla().postIncidentReport();
        assertThat(incident().status()).isEqualTo(IncidentStatus.MITIGATED);
        assertThat(owed.dueAt()).isEqualTo(t(4000).plus(Duration.ofDays(7)));
        assertThat(owed.owedBy()).isEqualTo("gov-cloud");
        assertThat(sla().nextStatusReportDue()).isNull();

        attribute(5000, Attribution.CITY);
        assertThat(sla().postIncidentReport().owedBy()).isEqualTo("kurashiki");
        assertThat(sla().postIncidentReport().dueAt()).as("same due instant").isEqualTo(owed.dueAt());
        assertThat(sla().nextStatusReportDue()).as("recovered: no status clock").isNull();
        assertThat(incident().responsibleParty()).isEqualTo(new PartyRef("kurashiki", "CITY", t(5000)));

        CommandOutcome byProvider = command(6000, CommandType.SUBMIT_REPORT, GOV_CLOUD, null, null);
        assertThat(byProvider.outcome()).isEqualTo(CommandOutcome.REJECTED);
        CommandOutcome byVendor = command(6000, CommandType.SUBMIT_REPORT, FUJITSU, null, null);
        assertThat(byVendor.outcome()).isEqualTo(CommandOutcome.REJECTED);
        assertThat(byVendor.reason()).isEqualTo("actor.organisation: the written report of " + FIRST
                + " is owed by kurashiki, not by fujitsu-japan");

        CommandOutcome byCity = command(7000, CommandType.SUBMIT_REPORT, CITY, null, t(6500));
        assertThat(byCity.outcome()).isEqualTo(CommandOutcome.APPLIED);
        assertThat(sla().postIncidentReport().submittedAt()).isEqualTo(t(6500));
        assertThat(sla().postIncidentReport().owedBy()).isEqualTo("kurashiki");
        assertThat(sla().postIncidentReport().lateBySeconds()).isZero();
    }

    @Test
    void anIncidentStoredBeforeIssue19IsTheVendorsAndMovesFromIt() {
        Incident opened = openWithAp1();
        Incident legacy = new Incident(opened.id(), opened.tenant(), opened.system(), opened.serviceId(),
                opened.vendor(), opened.kind(), opened.severity(), opened.status(), opened.title(),
                opened.affectedTargets(), opened.activeAlerts(), opened.alertKeys(), opened.detectedAt(),
                opened.startedAt(), opened.openedAt(), null, null, null, 0, null, false, null, null, opened.timeline(),
                new SlaRecord(opened.sla().firstReport(), List.of(), t(3630), List.of(), null, null, false),
                null, opened.updatedAt(), opened.signalOffset(), opened.revision() + 1, opened.problems(), null, null);
        assertThat(legacy.owner()).isEqualTo("fujitsu-japan");
        assertThat(legacy.partyIds()).containsExactly("fujitsu-japan");
        assertThat(legacy.statusReportOwner()).isEqualTo("fujitsu-japan");

        Incident moved = legacy.moveResponsibility(new PartyRef("gov-cloud", "CLOUD_PROVIDER", t(1200)), "CLOUD",
                t(1200), SlaPolicy.DEFAULT, new PartyRef("fujitsu-japan", "APP_VENDOR", t(30)));
        assertThat(moved.responsibility()).containsExactly(
                new Responsibility("fujitsu-japan", "APP_VENDOR", "VENDOR", t(30), t(1200)),
                new Responsibility("gov-cloud", "CLOUD_PROVIDER", "CLOUD", t(1200), null));
        assertThat(moved.sla().nextStatusReportDue()).isEqualTo(t(4800));
    }
}
