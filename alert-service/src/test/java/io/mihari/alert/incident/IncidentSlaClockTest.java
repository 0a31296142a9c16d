package io.mihari.alert.incident;

import io.mihari.testsupport.MutableClock;
import io.mihari.alert.incident.RecordingListener.Call;
import io.mihari.alert.detect.Alert;
import io.mihari.alert.detect.AlertKind;
import io.mihari.alert.detect.Severity;
import io.mihari.model.catalog.Catalog;
import io.mihari.model.catalog.CatalogLoader;
import io.mihari.model.command.Actor;
import io.mihari.model.command.Command;
import io.mihari.model.command.CommandType;
import io.mihari.model.command.PostIncidentReport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The SLA clocks of an incident of {@code kurashiki-juki}, run by {@link IncidentService#tick()} from the instants
 * stored with it ({@link SlaPolicy#DEFAULT}: status reports hourly with a reminder 15 min before, a written report
 * for 60 min or more due 7 days after provisional recovery, reminded 2 days before and then daily). Grouping wait
 * 30 s, reopen window 10 min.
 * <p>
 * The usual incident: AP1 down since T0 − 30 s, noticed at T0, opened at T0 + 30 s. So the first report is due at
 * T0 + 3600 s and the first status report at T0 + 3630 s (reminder at T0 + 2730 s).
 */
class IncidentSlaClockTest {

    static final Instant T0 = Instant.parse("2026-11-25T15:30:00Z"); // 2026-11-26 00:30 JST
    static final String SERVICE = "kurashiki-juki";
    static final String AP1 = "kurashiki/krs-juki-ap1";
    static final String AP2 = "kurashiki/krs-juki-ap2";
    static final String FIRST = "INC-20261126-0001";
    static final Actor SATO = new Actor("sato", "vendor", "fujitsu-japan", "佐藤 (富士通Japan)");
    /** The first status report of the usual incident: opened at t(30) + 60 min. */
    static final Instant DUE_1 = t(3630);

    final MutableClock clock = new MutableClock(T0);
    final InMemoryIncidents incidents = new InMemoryIncidents();
    final Map<String, Incident> stored = incidents.stored;
    final List<Incident> saves = incidents.saves;
    final RecordingListener listener = new RecordingListener();
    final List<Call> calls = listener.calls;
    /** What the maintenance calendar was asked: service, targets, instant. */
    final List<List<Object>> coversAsked = new ArrayList<>();
    boolean inMaintenance;
    long offset;
    IncidentService service;


    @BeforeEach
    void setUp() throws Exception {
        Catalog catalog;
        try (InputStream in = getClass().getResourceAsStream("/test-catalog.yaml")) {
            catalog = CatalogLoader.load(in, "test-catalog.yaml");
        }
        PlannedMaintenance maintenance = (String serviceId, Collection<String> targetIds, Instant at) -> {
            coversAsked.add(List.of(serviceId, List.copyOf(targetIds), at));
            return inMaintenance;
        };
        service = new IncidentService(clock, () -> catalog, incidents, listener, Duration.ofSeconds(30),
                SlaPolicy.DEFAULT, Duration.ofMinutes(10), id -> false, maintenance);
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

    void at(Instant instant) {
        clock.set(instant);
    }

    void at(long second) {
        clock.set(t(second));
    }

    /** Moves the clock to {@code instant} and runs the clocks. */
    void tickAt(Instant instant) {
        clock.set(instant);
        service.tick();
    }

    void tickAt(long second) {
        tickAt(t(second));
    }

    /** AP1 down since T0 - 30 s, noticed at T0, opened at T0 + 30 s. */
    Incident openWithAp1() {
        signal(down(AP1, -30));
        tickAt(30);
        return stored.get(FIRST);
    }

    CommandOutcome command(CommandType type, String message, Instant issuedAt) {
        offset++;
        return service.onCommand(new Command("cmd-" + offset, type, SERVICE, FIRST, SATO, issuedAt, message, null,
                null, type == CommandType.SUBMIT_REPORT
                        ? new PostIncidentReport("timeline", "disk full", "logs removed", "log rotation") : null,
                null, null), offset);
    }

    List<Call> calls(String what) {
        return listener.calls(what);
    }

    List<SlaRecord.StatusReport> reportsMade() {
        return calls("statusReport").stream().map(c -> (SlaRecord.StatusReport) c.arg()).toList();
    }

    SlaRecord sla() {
        return stored.get(FIRST).sla();
    }

    // ---- 1. opening ----

    @Test
    void openedIncidentHasItsFirstReportDueAnHourAfterDetectionAndItsFirstStatusReportAnHourAfterOpening() {
        Incident incident = openWithAp1();

        assertThat(incident.detectedAt()).isEqualTo(T0);
        assertThat(incident.openedAt()).isEqualTo(t(30));
        SlaRecord sla = incident.sla();
        assertThat(sla.firstReport()).as("made by Mihari when the incident opened")
                .isEqualTo(new SlaRecord.Report(t(3600), null, true, 0L, t(30), null));
        assertThat(sla.nextStatusReportDue()).isEqualTo(DUE_1);
        assertThat(sla.statusReports()).isEmpty();
        assertThat(sla.reminders()).isEmpty();
        assertThat(sla.recoveryReport()).isNull();
        assertThat(sla.postIncidentReport()).isNull();
        assertThat(sla.muted()).isFalse();
        assertThat(calls).extracting(Call::what).containsExactly("opened");
        assertThat(coversAsked).as("planned maintenance is asked about the start of the trouble")
                .containsExactly(List.of(SERVICE, List.of(AP1), t(-30)));
    }

    @Test
    void firstReportDueCountsFromDetectionNotFromOpening() {
        signal(down(AP1, -300));
        at(20);
        signal(down(AP2, 15));
        tickAt(45); // the grouping wait is counted from the first alert noticed (T0), so it opens at T0 + 30 s

        Incident incident = stored.get(FIRST);
        assertThat(incident.openedAt()).isEqualTo(t(45));
        assertThat(incident.sla().firstReport().dueAt()).isEqualTo(t(3600));
        assertThat(incident.sla().nextStatusReportDue()).isEqualTo(t(3645));
    }

    // ---- 2. reminder before a status report ----

    @Test
    void vendorIsRemindedExactlyFifteenMinutesBeforeTheStatusReportIsDueAndOnlyOnce() {
        openWithAp1();

        tickAt(DUE_1.minus(Duration.ofMinutes(15)).minusSeconds(1));
        assertThat(calls("statusReminder")).isEmpty();
        assertThat(sla().reminders()).isEmpty();

        tickAt(DUE_1.minus(Duration.ofMinutes(15)));
        assertThat(calls("statusReminder")).singleElement().satisfies(call -> {
            assertThat(call.arg()).isEqualTo(DUE_1);
            assertThat(call.incident().id()).isEqualTo(FIRST);
            assertThat(call.incident().sla().nextStatusReportDue()).isEqualTo(DUE_1);
        });
        assertThat(sla().reminders()).containsExactly(new SlaRecord.Reminder(DUE_1, t(2730), "fujitsu-japan"));
        assertThat(sla().remindedFor(DUE_1)).isTrue();
        assertThat(stored.get(FIRST).timeline()).extracting(TimelineEntry::at, TimelineEntry::type,
                TimelineEntry::message).endsWith(tuple(t(2730), "STATUS_REMINDER",
                        "vendor reminded: status report due at 2026-11-26 01:30:30 JST"));
        assertThat(stored.get(FIRST).revision()).isEqualTo(2);

        tickAt(2730);
        tickAt(3000);
        tickAt(DUE_1.minusMillis(1));
        assertThat(calls("statusReminder")).as("one reminder per deadline").hasSize(1);
        assertThat(sla().reminders()).hasSize(1);
        assertThat(saves).hasSize(2);
    }

    // ---- 3. automatic status reports ----

    @Test
    void nobodyWroteByTheDeadlineSoMihariReportsAutomaticallyEveryHour() {
        openWithAp1();
        tickAt(2730);

        tickAt(DUE_1.minusMillis(1));
        assertThat(calls("statusReport")).isEmpty();

        tickAt(DUE_1);
        assertThat(reportsMade()).singleElement().isEqualTo(new SlaRecord.StatusReport(1, DUE_1, DUE_1, null, true,
                null, "automatic: ongoing since 2026/11/26 00:29:30 JST (61 min); affected kurashiki/krs-juki-ap1; "
                        + "active problems: 1", null, null, false, "fujitsu-japan", false, null));
        assertThat(calls("statusReport").get(0).incident().sla().statusReports()).hasSize(1);
        Instant due2 = DUE_1.plus(Duration.ofMinutes(60));
        assertThat(sla().nextStatusReportDue()).isEqualTo(due2);
        assertThat(sla().statusReports()).extracting(SlaRecord.StatusReport::seq).containsExactly(1);
        assertThat(stored.get(FIRST).timeline()).extracting(TimelineEntry::at, TimelineEntry::type,
                TimelineEntry::message, TimelineEntry::author).endsWith(tuple(DUE_1, "AUTOMATIC_STATUS_REPORT",
                        "automatic status report #1 (nobody had written by the deadline)", null));

        tickAt(DUE_1);
        assertThat(calls("statusReport")).as("made once").hasSize(1);

        // the following hour: reminder at +45 min, automatic report #2 at +60 min
        tickAt(DUE_1.plus(Duration.ofMinutes(45)).minusSeconds(1));
        assertThat(calls("statusReminder")).hasSize(1);
        tickAt(DUE_1.plus(Duration.ofMinutes(45)));
        assertThat(calls("statusReminder")).extracting(Call::arg).containsExactly(DUE_1, due2);
        tickAt(due2.minusMillis(1));
        assertThat(calls("statusReport")).hasSize(1);
        tickAt(due2);

        assertThat(reportsMade()).extracting(SlaRecord.StatusReport::seq, SlaRecord.StatusReport::dueAt,
                SlaRecord.StatusReport::createdAt, SlaRecord.StatusReport::automatic)
                .containsExactly(tuple(1, DUE_1, DUE_1, true), tuple(2, due2, due2, true));
        assertThat(reportsMade().get(1).message()).isEqualTo("automatic: ongoing since 2026/11/26 00:29:30 JST "
                + "(121 min); affected kurashiki/krs-juki-ap1; active problems: 1");
        assertThat(sla().nextStatusReportDue()).isEqualTo(due2.plus(Duration.ofMinutes(60)));
        assertThat(sla().reminders()).containsExactly(new SlaRecord.Reminder(DUE_1, t(2730), "fujitsu-japan"),
                new SlaRecord.Reminder(due2, DUE_1.plus(Duration.ofMinutes(45)), "fujitsu-japan"));
    }

    @Test
    void aLateTickReportsAtOnceAsOfTheDeadlineAndTheNextHourCountsFromTheDeadline() {
        openWithAp1();

        tickAt(DUE_1.plusSeconds(90)); // nothing ran for a while: no reminder any more, the report at once

        assertThat(calls("statusReminder")).isEmpty();
        assertThat(reportsMade()).singleElement().satisfies(r -> {
            assertThat(r.dueAt()).isEqualTo(DUE_1);
            assertThat(r.createdAt()).as("made as of its deadline, not of the tick").isEqualTo(DUE_1);
            assertThat(r.backfilled()).isFalse();
            assertThat(r.message()).contains("(61 min)");
        });
        assertThat(sla().nextStatusReportDue()).isEqualTo(DUE_1.plus(Duration.ofMinutes(60)));
        assertThat(stored.get(FIRST).updatedAt()).isEqualTo(DUE_1.plusSeconds(90));
    }

    @Test
    void anHourByHourIncidentNobodyWritesHasItsAutomaticReportsExactlyOnTheHourWhateverTheTicks() {
        openWithAp1();
        // ticks that come 1–3 s late, as on a busy machine, every hour for five hours
        long[] lag = {1, 3, 2, 3, 1};
        for (int h = 0; h < lag.length; h++) {
            Instant due = DUE_1.plus(Duration.ofHours(h));
            tickAt(due.minus(Duration.ofMinutes(15)).plusSeconds(lag[h]));
            tickAt(due.plusSeconds(lag[h]));
            // each mail accepted by the SMTP server a few seconds after its tick
            service.reportSent("STATUS_REPORT", Integer.toString(h + 1), FIRST, due.plusSeconds(lag[h] + 2));
        }

        assertThat(sla().statusReports()).extracting(SlaRecord.StatusReport::seq, SlaRecord.StatusReport::dueAt,
                SlaRecord.StatusReport::createdAt, SlaRecord.StatusReport::automatic,
                SlaRecord.StatusReport::lateBySeconds, SlaRecord.StatusReport::mihariDelaySeconds).containsExactly(
                        tuple(1, DUE_1, DUE_1, true, null, 3L),
                        tuple(2, t(7230), t(7230), true, null, 5L),
                        tuple(3, t(10830), t(10830), true, null, 4L),
                        tuple(4, t(14430), t(14430), true, null, 5L),
                        tuple(5, t(18030), t(18030), true, null, 3L));
        assertThat(sla().nextStatusReportDue()).as("no drift").isEqualTo(t(21630));
        assertThat(sla().reminders()).extracting(SlaRecord.Reminder::forDue).containsExactly(DUE_1, t(7230),
                t(10830), t(14430), t(18030));
        assertThat(calls("statusReport")).hasSize(5);
    }

    @Test
    void afterARestartHoursLaterEachMissedDeadlineIsRecordedAsOfItselfAndOnlyTheLatestIsMailed() {
        openWithAp1();
        // Mihari was not running from before the first deadline until 30 min after the fifth
        Instant back = DUE_1.plus(Duration.ofHours(4)).plus(Duration.ofMinutes(30));

        tickAt(back);

        assertThat(sla().statusReports()).extracting(SlaRecord.StatusReport::seq, SlaRecord.StatusReport::dueAt,
                SlaRecord.StatusReport::createdAt, SlaRecord.StatusReport::automatic,
                SlaRecord.StatusReport::backfilled).containsExactly(
                        tuple(1, DUE_1, DUE_1, true, true),
                        tuple(2, t(7230), t(7230), true, true),
                        tuple(3, t(10830), t(10830), true, true),
                        tuple(4, t(14430), t(14430), true, true),
                        tuple(5, t(18030), t(18030), true, false));
        assertThat(sla().statusReport(2).message()).as("said as of its own deadline")
                .contains("(121 min)");
        assertThat(reportsMade()).as("one mail, for the latest deadline").extracting(SlaRecord.StatusReport::seq)
                .containsExactly(5);
        assertThat(calls("statusReport").get(0).incident().sla().nextStatusReportDue()).isEqualTo(t(21630));
        assertThat(sla().nextStatusReportDue()).as("the fixed hourly schedule goes on").isEqualTo(t(21630));
        assertThat(calls("statusReminder")).as("no reminder for deadlines already passed").isEmpty();
        assertThat(saves).as("stored once, after the one mail was queued").hasSize(2);
        assertThat(stored.get(FIRST).timeline()).extracting(TimelineEntry::at, TimelineEntry::message)
                .contains(tuple(DUE_1, "automatic status report #1 (nobody had written by the deadline; Mihari was "
                        + "not running then: recorded 2026-11-26 06:00:30 JST, not mailed)"),
                        tuple(t(18030), "automatic status report #5 (nobody had written by the deadline)"));

        tickAt(t(21630).minus(Duration.ofMinutes(15)));
        assertThat(calls("statusReminder")).extracting(Call::arg).containsExactly(t(21630));
    }

    // ---- 4. a person's update restarts the clock ----

    @Test
    void aPersonsUpdateIsMailedAndRestartsTheHourlyClock() {
        openWithAp1();
        Instant written = t(30).plus(Duration.ofMinutes(40));
        at(written);

        CommandOutcome outcome = command(CommandType.POST_UPDATE, "DB restarted; checking the nightly batch", written);

        assertThat(outcome).isEqualTo(CommandOutcome.applied(2));
        assertThat(reportsMade()).singleElement().isEqualTo(new SlaRecord.StatusReport(1, DUE_1, written, null, false,
                "佐藤 (富士通Japan)", "DB restarted; checking the nightly batch", 0L, null, false, "fujitsu-japan", false,
                null));
        Instant next = written.plus(Duration.ofMinutes(60));
        assertThat(next).isEqualTo(t(6030));
        assertThat(sla().nextStatusReportDue()).isEqualTo(next);
        assertThat(calls("statusReport").get(0).incident().sla().nextStatusReportDue()).isEqualTo(next);
        assertThat(stored.get(FIRST).timeline()).extracting(TimelineEntry::at, TimelineEntry::type,
                TimelineEntry::message, TimelineEntry::author).endsWith(tuple(written, "STATUS_UPDATE",
                        "status report #1: DB restarted; checking the nightly batch", "佐藤 (富士通Japan)"));

        // the old deadline and its reminder time pass without anything
        tickAt(2730);
        tickAt(DUE_1);
        tickAt(DUE_1.plusSeconds(1));
        assertThat(calls("statusReminder")).isEmpty();
        assertThat(calls("statusReport")).hasSize(1);

        tickAt(next.minus(Duration.ofMinutes(15)));
        assertThat(calls("statusReminder")).extracting(Call::arg).containsExactly(next);
        tickAt(next);
        assertThat(reportsMade()).extracting(SlaRecord.StatusReport::seq, SlaRecord.StatusReport::dueAt,
                SlaRecord.StatusReport::automatic).containsExactly(tuple(1, DUE_1, false), tuple(2, next, true));
    }

    @Test
    void anUpdateDeliveredLateCountsFromWhenThePersonWroteIt() {
        openWithAp1();
        at(2500);

        command(CommandType.POST_UPDATE, "investigating", t(2400));

        assertThat(reportsMade()).singleElement().extracting(SlaRecord.StatusReport::createdAt).isEqualTo(t(2400));
        assertThat(sla().nextStatusReportDue()).isEqualTo(t(6000));
    }

    @Test
    void anUpdateFromAClockAheadCountsFromNow() {
        openWithAp1();
        at(2500);

        command(CommandType.POST_UPDATE, "investigating", t(2600)); // within the allowed skew

        assertThat(reportsMade()).singleElement().extracting(SlaRecord.StatusReport::createdAt).isEqualTo(t(2500));
        assertThat(sla().nextStatusReportDue()).isEqualTo(t(6100));
    }

    @Test
    void anUpdateAfterTheReminderStillRestartsTheClock() {
        openWithAp1();
        tickAt(2730);
        at(3000);

        command(CommandType.POST_UPDATE, "investigating", t(3000));
        tickAt(DUE_1);

        assertThat(calls("statusReport")).hasSize(1);
        assertThat(sla().nextStatusReportDue()).isEqualTo(t(6600));
        tickAt(5700);
        assertThat(calls("statusReminder")).extracting(Call::arg).containsExactly(DUE_1, t(6600));
    }

    // ---- 5. when the mails really went out ----

    @Test
    void sentTimesOfStatusReportsAreMihariDelayNeverTheVendorsLateness() {
        openWithAp1();
        tickAt(DUE_1);
        Instant due2 = DUE_1.plus(Duration.ofMinutes(60));
        tickAt(due2);

        service.reportSent("STATUS_REPORT", "1", FIRST, DUE_1);
        service.reportSent("STATUS_REPORT", "2", FIRST, due2.plusSeconds(125));
        service.reportSent("STATUS_REPORT", "1", FIRST, DUE_1.plusSeconds(600)); // a second copy: the first counts

        assertThat(sla().statusReport(1).sentAt()).isEqualTo(DUE_1);
        assertThat(sla().statusReport(1).mihariDelaySeconds()).isZero();
        assertThat(sla().statusReport(2).sentAt()).isEqualTo(due2.plusSeconds(125));
        assertThat(sla().statusReport(2).mihariDelaySeconds()).as("an SMTP outage is Mihari's").isEqualTo(125L);
        assertThat(sla().statusReport(2).lateBySeconds()).as("automatic: not written, not late").isNull();
        assertThat(sla().statusReport(3)).isNull();
        assertThat(stored.get(FIRST).timeline()).extracting(TimelineEntry::at, TimelineEntry::type,
                TimelineEntry::message).endsWith(tuple(DUE_1, "STATUS_REPORT_SENT", "status report #1 mailed"),
                        tuple(due2.plusSeconds(125), "STATUS_REPORT_SENT", "status report #2 mailed"));
        assertThat(service.openIncident(SERVICE)).hasValue(stored.get(FIRST));
    }

    @Test
    void aPersonsUpdateSentBeforeItsDeadlineIsNotLate() {
        openWithAp1();
        at(2430);
        command(CommandType.POST_UPDATE, "investigating", t(2430));

        service.reportSent("STATUS_REPORT", "1", FIRST, t(2435));

        assertThat(sla().statusReport(1).sentAt()).isEqualTo(t(2435));
        assertThat(sla().statusReport(1).lateBySeconds()).as("never negative").isZero();
        assertThat(sla().statusReport(1).mihariDelaySeconds()).isEqualTo(5L);
    }

    @Test
    void aPersonsUpdateHeldUpByTheMailPastItsDeadlineIsStillOnTime() {
        openWithAp1();
        at(DUE_1.minusSeconds(60));
        command(CommandType.POST_UPDATE, "investigating", DUE_1.minusSeconds(60));

        service.reportSent("STATUS_REPORT", "1", FIRST, DUE_1.plusSeconds(300));

        assertThat(sla().statusReport(1)).isEqualTo(new SlaRecord.StatusReport(1, DUE_1, DUE_1.minusSeconds(60),
                DUE_1.plusSeconds(300), false, "佐藤 (富士通Japan)", "investigating", 0L, 360L, false, "fujitsu-japan", false,
                null));
    }

    @Test
    void aPersonsUpdateWrittenByTheDeadlineThatReachedMihariAfterItsAutomaticReportAnswersThatDeadline() {
        openWithAp1();
        tickAt(DUE_1); // Mihari's automatic report #1; the next deadline an hour on
        at(DUE_1.plusSeconds(2));

        command(CommandType.POST_UPDATE, "investigating", DUE_1.minusSeconds(1)); // written a second before

        assertThat(sla().statusReports()).extracting(SlaRecord.StatusReport::seq, SlaRecord.StatusReport::dueAt,
                SlaRecord.StatusReport::createdAt, SlaRecord.StatusReport::automatic,
                SlaRecord.StatusReport::lateBySeconds).containsExactly(tuple(1, DUE_1, DUE_1, true, null),
                        tuple(2, DUE_1, DUE_1.minusSeconds(1), false, 0L));
        assertThat(sla().nextStatusReportDue()).as("the clock Mihari restarted stands")
                .isEqualTo(DUE_1.plus(Duration.ofMinutes(60)));

        at(DUE_1.plusSeconds(600));
        command(CommandType.POST_UPDATE, "still investigating", DUE_1.plusSeconds(600));
        assertThat(sla().statusReport(3).dueAt()).as("written after the deadline: answers the next one")
                .isEqualTo(DUE_1.plus(Duration.ofMinutes(60)));
        assertThat(sla().nextStatusReportDue()).isEqualTo(DUE_1.plusSeconds(600).plus(Duration.ofMinutes(60)));
    }

    @Test
    void aPersonsUpdateMadeAfterTheDeadlineBeforeMihariReportedIsLateByWhenItWasMade() {
        openWithAp1();
        at(DUE_1.plusSeconds(200)); // Mihari's tick has not run since before the deadline

        command(CommandType.POST_UPDATE, "investigating", DUE_1.plusSeconds(125));

        assertThat(sla().statusReport(1).dueAt()).isEqualTo(DUE_1);
        assertThat(sla().statusReport(1).lateBySeconds()).isEqualTo(125L);
        assertThat(sla().nextStatusReportDue()).isEqualTo(DUE_1.plusSeconds(125).plus(Duration.ofMinutes(60)));
        tickAt(DUE_1.plusSeconds(201));
        assertThat(calls("statusReport")).as("no automatic report: the vendor wrote").hasSize(1);
    }

    @Test
    void firstReportSentLateIsMihariDelay() {
        openWithAp1();

        service.reportSent("FIRST_REPORT", null, FIRST, t(3630));

        assertThat(sla().firstReport()).as("made on time at the opening; the hour the mail took is Mihari's")
                .isEqualTo(new SlaRecord.Report(t(3600), t(3630), true, 0L, t(30), 3600L));
    }

    @Test
    void firstReportSentOnTimeIsNotLate() {
        openWithAp1();

        service.reportSent("FIRST_REPORT", null, FIRST, t(35));

        assertThat(sla().firstReport().lateBySeconds()).isZero();
        assertThat(sla().firstReport().mihariDelaySeconds()).isEqualTo(5L);
    }

    @Test
    void otherMailsChangeNothing() {
        openWithAp1();
        Incident before = stored.get(FIRST);

        service.reportSent("STATUS_REMINDER", "1795710330", FIRST, t(2731));
        service.reportSent("REPORT_SUBMITTED", null, FIRST, t(2731));
        service.reportSent("STATUS_REPORT", "7", FIRST, t(2731)); // no such report

        assertThat(stored.get(FIRST)).isEqualTo(before);
        assertThat(saves).hasSize(1);
    }

    // ---- 6. provisional recovery stops the status clock; a relapse restarts it ----

    @Test
    void provisionalRecoveryStopsStatusReportsAndReminders() {
        openWithAp1();
        at(600);
        signal(up(AP1, 600));

        assertThat(sla().nextStatusReportDue()).isNull();
        assertThat(sla().recoveryReport()).as("made as of the recovery the monitoring saw")
                .isEqualTo(new SlaRecord.Report(t(600), null, true, 0L, t(600), null));
        assertThat(calls("mitigated")).hasSize(1);

        tickAt(2730);
        tickAt(DUE_1);
        tickAt(DUE_1.plus(Duration.ofHours(3)));

        assertThat(calls).extracting(Call::what).containsExactly("opened", "mitigated");
        assertThat(sla().statusReports()).isEmpty();
        assertThat(sla().reminders()).isEmpty();
        assertThat(sla().postIncidentReport()).as("630 s of outage: no written report").isNull();
    }

    @Test
    void recoveryAfterAnAutomaticReportStopsTheClockToo() {
        openWithAp1();
        tickAt(DUE_1);
        at(4000);
        signal(up(AP1, 3990));

        tickAt(DUE_1.plus(Duration.ofMinutes(60)));

        assertThat(sla().statusReports()).hasSize(1);
        assertThat(sla().nextStatusReportDue()).isNull();
        assertThat(calls("statusReport")).hasSize(1);
    }

    @Test
    void relapseWithinTheReopenWindowRestartsTheStatusClockFromTheReopening() {
        openWithAp1();
        at(600);
        signal(up(AP1, 600));
        at(900);
        signal(down(AP1, 899)); // mitigated at 600, the window ends at 1200

        Incident reopened = stored.get(FIRST);
        assertThat(reopened.status()).isEqualTo(IncidentStatus.OPEN);
        Instant due = t(900).plus(Duration.ofMinutes(60));
        assertThat(reopened.sla().nextStatusReportDue()).isEqualTo(due);

        tickAt(due.minus(Duration.ofMinutes(15)).minusSeconds(1));
        assertThat(calls("statusReminder")).isEmpty();
        tickAt(due.minus(Duration.ofMinutes(15)));
        assertThat(calls("statusReminder")).extracting(Call::arg).containsExactly(due);
        tickAt(DUE_1); // the deadline of before the recovery is gone
        assertThat(calls("statusReport")).isEmpty();
        tickAt(due);
        assertThat(reportsMade()).singleElement().satisfies(r -> {
            assertThat(r.seq()).isEqualTo(1);
            assertThat(r.dueAt()).isEqualTo(due);
            assertThat(r.automatic()).isTrue();
        });
        assertThat(calls).extracting(Call::what).as("no second first report")
                .containsExactly("opened", "mitigated", "statusReminder", "statusReport");
    }

    @Test
    void statusReportsKeepCountingAcrossARelapse() {
        openWithAp1();
        tickAt(DUE_1);
        at(4000);
        signal(up(AP1, 4000));
        at(4100);
        signal(down(AP1, 4100));
        tickAt(4100 + 3600);

        assertThat(sla().statusReports()).extracting(SlaRecord.StatusReport::seq, SlaRecord.StatusReport::dueAt)
                .containsExactly(tuple(1, DUE_1), tuple(2, t(7700)));
    }

    // ---- 7. the written post-incident report ----

    @Test
    void anOutageOfFiftyNineMinutesFiftyNineSecondsNeedsNoWrittenReport() {
        openWithAp1(); // started at t(-30)
        at(3569);
        signal(up(AP1, 3569));

        assertThat(stored.get(FIRST).downFor(t(99999))).isEqualTo(Duration.ofSeconds(3599));
        assertThat(sla().postIncidentReport()).isNull();
        tickAt(3569);
        tickAt(t(3569).plus(Duration.ofDays(10)));
        assertThat(calls).extracting(Call::what).containsExactly("opened", "mitigated");
    }

    @Test
    void anOutageOfExactlySixtyMinutesNeedsAWrittenReportRequestedThenRemindedOncePerSlot() {
        openWithAp1();
        Instant mitigatedAt = t(3570);
        at(mitigatedAt);
        signal(up(AP1, 3570));

        Instant due = mitigatedAt.plus(Duration.ofDays(7));
        assertThat(sla().postIncidentReport()).isEqualTo(new SlaRecord.ReportClock(due, null, null, List.of(), null,
                null, "fujitsu-japan"));
        assertThat(calls("reportRequested")).as("requested by the clock, not by the recovery").isEmpty();

        service.tick();
        assertThat(calls("reportRequested")).singleElement().satisfies(call -> {
            assertThat(call.incident().sla().postIncidentReport().requestedAt()).isEqualTo(mitigatedAt);
            assertThat(call.incident().status()).isEqualTo(IncidentStatus.MITIGATED);
        });
        assertThat(sla().postIncidentReport().requestedAt()).isEqualTo(mitigatedAt);
        assertThat(stored.get(FIRST).timeline()).extracting(TimelineEntry::at, TimelineEntry::type,
                TimelineEntry::message).endsWith(tuple(mitigatedAt, "REPORT_REQUESTED",
                        "post-incident report requested, due at " + java.time.format.DateTimeFormatter
                        .ofPattern("yyyy-MM-dd HH:mm:ss 'JST'").withZone(java.time.ZoneId.of("Asia/Tokyo")).format(due)));
        tickAt(mitigatedAt.plusSeconds(60));
        assertThat(calls("reportRequested")).hasSize(1);

        service.reportSent("REPORT_REQUEST", null, FIRST, mitigatedAt.plusSeconds(7));
        assertThat(sla().postIncidentReport().requestSentAt()).isEqualTo(mitigatedAt.plusSeconds(7));

        List<Instant> slots = List.of(due.minus(Duration.ofDays(2)), due.minus(Duration.ofDays(1)), due,
                due.plus(Duration.ofDays(1)));
        for (int i = 0; i < slots.size(); i++) {
            Instant slot = slots.get(i);
            tickAt(slot.minusMillis(1));
            assertThat(calls("reportReminder")).as("before slot %d", i + 1).hasSize(i);
            tickAt(slot);
            tickAt(slot.plusSeconds(3600));
            assertThat(calls("reportReminder")).as("slot %d", i + 1).hasSize(i + 1);
            assertThat(calls("reportReminder").get(i).arg()).isEqualTo(i + 1);
        }
        assertThat(sla().postIncidentReport().reminders()).containsExactlyElementsOf(slots);
        assertThat(stored.get(FIRST).timeline()).extracting(TimelineEntry::type).containsOnlyOnce("REPORT_REQUESTED")
                .filteredOn("REPORT_REMINDER"::equals).hasSize(4);

        Instant submitted = due.plus(Duration.ofDays(1)).plusSeconds(125);
        at(submitted);
        assertThat(command(CommandType.SUBMIT_REPORT, null, submitted).outcome()).isEqualTo(CommandOutcome.APPLIED);
        assertThat(sla().postIncidentReport().submittedAt()).isEqualTo(submitted);
        assertThat(sla().postIncidentReport().lateBySeconds()).isEqualTo(86_400L + 125);

        tickAt(due.plus(Duration.ofDays(2)));
        tickAt(due.plus(Duration.ofDays(10)));
        assertThat(calls("reportReminder")).as("none after submission").hasSize(4);
        assertThat(calls("reportSubmitted")).hasSize(1);
    }

    @Test
    void aReminderMadeLateDoesNotShiftTheSchedule() {
        openWithAp1();
        at(3570);
        signal(up(AP1, 3570));
        service.tick();
        Instant due = t(3570).plus(Duration.ofDays(7));

        tickAt(due.minus(Duration.ofDays(2)).plus(Duration.ofHours(5))); // nothing ran at the slot itself
        assertThat(calls("reportReminder")).hasSize(1);
        tickAt(due.minus(Duration.ofDays(1)).minusMillis(1));
        assertThat(calls("reportReminder")).hasSize(1);
        tickAt(due.minus(Duration.ofDays(1)));
        assertThat(calls("reportReminder")).extracting(Call::arg).containsExactly(1, 2);
        assertThat(sla().postIncidentReport().reminders()).containsExactly(
                due.minus(Duration.ofDays(2)).plus(Duration.ofHours(5)), due.minus(Duration.ofDays(1)));
    }

    @Test
    void aReportSubmittedBeforeTheRequestStopsTheClock() {
        openWithAp1();
        at(3570);
        signal(up(AP1, 3570));
        command(CommandType.SUBMIT_REPORT, null, t(3570));

        tickAt(3570);
        tickAt(t(3570).plus(Duration.ofDays(8)));

        assertThat(calls("reportRequested")).isEmpty();
        assertThat(calls("reportReminder")).isEmpty();
        assertThat(sla().postIncidentReport().submittedAt()).isEqualTo(t(3570));
        assertThat(sla().postIncidentReport().lateBySeconds()).isZero();
    }

    @Test
    void aResolvedIncidentStillWaitsForItsReportAndIsRemindedUntilItComes() {
        openWithAp1();
        at(3570);
        signal(up(AP1, 3570));
        service.tick();
        at(4000);
        command(CommandType.MARK_RESOLVED, null, t(4000));
        assertThat(stored.get(FIRST).status()).isEqualTo(IncidentStatus.RESOLVED);
        Instant due = t(3570).plus(Duration.ofDays(7));

        tickAt(due.minus(Duration.ofDays(2)));

        assertThat(calls("reportReminder")).singleElement().satisfies(call -> {
            assertThat(call.arg()).isEqualTo(1);
            assertThat(call.incident().status()).isEqualTo(IncidentStatus.RESOLVED);
        });
        at(due);
        command(CommandType.SUBMIT_REPORT, null, due);
        assertThat(stored.get(FIRST).status()).isEqualTo(IncidentStatus.CLOSED);
        assertThat(sla().postIncidentReport().lateBySeconds()).isZero();
        tickAt(due.plus(Duration.ofDays(1)));
        assertThat(calls("reportReminder")).hasSize(1);
    }

    // ---- 8. planned maintenance ----

    @Test
    void troubleInsidePlannedMaintenanceIsPlannedMutedAndMailsNobody() {
        inMaintenance = true;
        openWithAp1();

        Incident incident = stored.get(FIRST);
        assertThat(incident.planned()).isTrue();
        assertThat(incident.attribution()).isEqualTo("PLANNED");
        assertThat(incident.sla().muted()).isTrue();
        assertThat(incident.sla().nextStatusReportDue()).isNull();
        assertThat(incident.timeline()).extracting(TimelineEntry::type, TimelineEntry::message).contains(
                tuple("INCIDENT_OPENED", "incident opened during planned maintenance (no mail)"));

        tickAt(2730);
        tickAt(DUE_1);
        tickAt(DUE_1.plus(Duration.ofHours(2)));

        assertThat(calls).as("no first report, no reminder, no status report").isEmpty();
        assertThat(stored.get(FIRST)).isEqualTo(incident);
        assertThat(coversAsked).last().isEqualTo(List.of(SERVICE, List.of(AP1), DUE_1.plus(Duration.ofHours(2))));
    }

    @Test
    void whenTheMaintenanceIsOverButTheTroubleIsNotItBecomesAnOrdinaryIncident() {
        inMaintenance = true;
        openWithAp1();
        tickAt(DUE_1);

        inMaintenance = false;
        Instant over = t(7300);
        tickAt(over);

        assertThat(calls("opened")).singleElement().satisfies(call -> {
            assertThat(call.incident().planned()).isFalse();
            assertThat(call.incident().sla().muted()).isFalse();
        });
        Incident incident = stored.get(FIRST);
        assertThat(incident.planned()).isFalse();
        assertThat(incident.attribution()).isNull();
        assertThat(incident.sla().muted()).isFalse();
        assertThat(incident.sla().firstReport()).isEqualTo(new SlaRecord.Report(over.plus(Duration.ofMinutes(60)),
                null, true, 0L, over, null));
        assertThat(incident.sla().nextStatusReportDue()).isEqualTo(over.plus(Duration.ofMinutes(60)));
        assertThat(incident.timeline()).extracting(TimelineEntry::at, TimelineEntry::type).endsWith(
                tuple(over, "MAINTENANCE_OVERRUN"));

        tickAt(over.plusSeconds(1));
        assertThat(calls("opened")).as("opened once").hasSize(1);

        Instant due = over.plus(Duration.ofMinutes(60));
        tickAt(due.minus(Duration.ofMinutes(15)));
        tickAt(due);
        assertThat(calls).extracting(Call::what).containsExactly("opened", "statusReminder", "statusReport");
        assertThat(reportsMade().get(0).dueAt()).isEqualTo(due);
    }

    @Test
    void recoveryInsidePlannedMaintenanceMailsNobodyAndNeedsNoWrittenReport() {
        inMaintenance = true;
        openWithAp1();
        at(7200);
        signal(up(AP1, 7200)); // two hours

        Incident incident = stored.get(FIRST);
        assertThat(incident.status()).isEqualTo(IncidentStatus.MITIGATED);
        assertThat(incident.sla().recoveryReport()).isNull();
        assertThat(incident.sla().postIncidentReport()).isNull();
        inMaintenance = false;
        tickAt(7300);
        tickAt(t(7300).plus(Duration.ofDays(8)));
        assertThat(calls).isEmpty();
    }

    @Test
    void aPersonsUpdateDuringPlannedMaintenanceIsKeptButNotMailed() {
        inMaintenance = true;
        openWithAp1();
        at(600);

        assertThat(command(CommandType.POST_UPDATE, "patching takes longer", t(600)).outcome())
                .isEqualTo(CommandOutcome.APPLIED);

        assertThat(calls).isEmpty();
        assertThat(sla().statusReports()).singleElement().satisfies(r -> {
            assertThat(r.dueAt()).isNull();
            assertThat(r.createdAt()).isEqualTo(t(600));
        });
        assertThat(sla().nextStatusReportDue()).isNull();
    }

    // ---- 9. storage failures ----

    @Test
    void anAutomaticReportThatCouldNotBeStoredIsMadeAgainWithTheSameNumber() {
        openWithAp1();
        incidents.failingSaves = 1;

        tickAt(DUE_1); // the failure is logged, not thrown: the other incidents' clocks run on
        assertThat(calls("statusReport")).hasSize(1);
        assertThat(sla().statusReports()).isEmpty();
        assertThat(service.openIncident(SERVICE).orElseThrow().sla().statusReports()).isEmpty();

        tickAt(DUE_1.plusSeconds(5));

        assertThat(reportsMade()).extracting(SlaRecord.StatusReport::seq).containsExactly(1, 1);
        assertThat(sla().statusReports()).singleElement().satisfies(r -> {
            assertThat(r.seq()).isEqualTo(1);
            assertThat(r.dueAt()).isEqualTo(DUE_1);
            assertThat(r.createdAt()).isEqualTo(DUE_1);
        });
        assertThat(reportsMade().get(1)).as("made again exactly the same, as of its deadline")
                .isEqualTo(reportsMade().get(0));
        assertThat(sla().nextStatusReportDue()).isEqualTo(DUE_1.plus(Duration.ofMinutes(60)));

        tickAt(DUE_1.plusSeconds(10));
        assertThat(calls("statusReport")).hasSize(2);
    }

    @Test
    void aReminderThatCouldNotBeStoredIsMadeAgain() {
        openWithAp1();
        incidents.failingSaves = 1;

        tickAt(2730);
        tickAt(2731);
        tickAt(2732);

        assertThat(calls("statusReminder")).extracting(Call::arg).containsExactly(DUE_1, DUE_1);
        assertThat(sla().reminders()).containsExactly(new SlaRecord.Reminder(DUE_1, t(2731), "fujitsu-japan"));
    }

    @Test
    void aReportRequestThatCouldNotBeStoredIsMadeAgain() {
        openWithAp1();
        at(3570);
        signal(up(AP1, 3570));
        incidents.failingSaves = 1;

        tickAt(3570);
        tickAt(3571);
        tickAt(3572);

        assertThat(calls("reportRequested")).hasSize(2);
        assertThat(sla().postIncidentReport().requestedAt()).isEqualTo(t(3571));
    }
}
