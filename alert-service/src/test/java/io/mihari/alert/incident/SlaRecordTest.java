package io.mihari.alert.incident;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The SLA record's own arithmetic: reminder slots of the written report, lateness, defaults. */
class SlaRecordTest {

    static final Instant DUE = Instant.parse("2026-12-03T00:00:00Z");
    static final SlaPolicy POLICY = SlaPolicy.DEFAULT;

    static SlaRecord.ReportClock clock(Instant submittedAt, Instant... reminders) {
        return new SlaRecord.ReportClock(DUE, DUE.minus(Duration.ofDays(7)), null, List.of(reminders), submittedAt,
                null);
    }

    // ---- ReportClock.nextReminder ----

    @Test
    void theFirstReminderIsTwoDaysBeforeTheDeadline() {
        assertThat(clock(null).nextReminder(POLICY)).isEqualTo(Instant.parse("2026-12-01T00:00:00Z"));
    }

    @Test
    void thenOneEveryDayOnTheFixedSchedule() {
        assertThat(clock(null, DUE.minus(Duration.ofDays(2))).nextReminder(POLICY)).isEqualTo(DUE.minus(Duration.ofDays(1)));
        assertThat(clock(null, DUE.minus(Duration.ofDays(2)), DUE.minus(Duration.ofDays(1))).nextReminder(POLICY))
                .isEqualTo(DUE);
        assertThat(clock(null, DUE.minus(Duration.ofDays(2)), DUE.minus(Duration.ofDays(1)), DUE).nextReminder(POLICY))
                .as("and on after the deadline").isEqualTo(DUE.plus(Duration.ofDays(1)));
    }

    @Test
    void aLateReminderDoesNotShiftTheSchedule() {
        assertThat(clock(null, DUE.minus(Duration.ofDays(2)).plus(Duration.ofHours(5))).nextReminder(POLICY))
                .isEqualTo(DUE.minus(Duration.ofDays(1)));
        assertThat(clock(null, DUE.minus(Duration.ofDays(1)).minusMillis(1)).nextReminder(POLICY))
                .as("just before a slot: that slot").isEqualTo(DUE.minus(Duration.ofDays(1)));
        assertThat(clock(null, DUE.plus(Duration.ofDays(3))).nextReminder(POLICY))
                .isEqualTo(DUE.plus(Duration.ofDays(4)));
    }

    @Test
    void onlyTheLastReminderCounts() {
        assertThat(clock(null, DUE.minus(Duration.ofDays(2)), DUE.plus(Duration.ofDays(3)).plusSeconds(1))
                .nextReminder(POLICY)).isEqualTo(DUE.plus(Duration.ofDays(4)));
    }

    @Test
    void aReminderBeforeTheScheduleLeavesTheFirstSlotDue() {
        assertThat(clock(null, DUE.minus(Duration.ofDays(3))).nextReminder(POLICY))
                .isEqualTo(DUE.minus(Duration.ofDays(2)));
    }

    @Test
    void noReminderOnceSubmitted() {
        assertThat(clock(DUE.minus(Duration.ofDays(1)), DUE.minus(Duration.ofDays(2))).nextReminder(POLICY)).isNull();
        assertThat(clock(DUE.minus(Duration.ofDays(5))).nextReminder(POLICY)).isNull();
    }

    @Test
    void scheduleFollowsThePolicy() {
        SlaPolicy hourly = new SlaPolicy(Duration.ofMinutes(60), Duration.ofMinutes(60), Duration.ofMinutes(15),
                Duration.ofMinutes(60), Duration.ofDays(7), Duration.ofHours(6), Duration.ofHours(1));

        assertThat(clock(null).nextReminder(hourly)).isEqualTo(DUE.minus(Duration.ofHours(6)));
        assertThat(clock(null, DUE.minus(Duration.ofMinutes(330))).nextReminder(hourly))
                .isEqualTo(DUE.minus(Duration.ofHours(5)));
    }

    // ---- lateness ----

    @Test
    void lateByIsWholeSecondsAfterTheDeadlineAndNeverNegative() {
        Instant due = Instant.parse("2026-11-25T16:30:30Z");

        assertThat(SlaRecord.lateBy(due, due)).isZero();
        assertThat(SlaRecord.lateBy(due, due.plusSeconds(125))).isEqualTo(125L);
        assertThat(SlaRecord.lateBy(due, due.plusMillis(125_900))).as("truncated").isEqualTo(125L);
        assertThat(SlaRecord.lateBy(due, due.minusSeconds(3600))).isZero();
        assertThat(SlaRecord.lateBy(due, due.minusMillis(1))).isZero();
        assertThat(SlaRecord.lateBy(due, null)).as("not sent yet").isNull();
        assertThat(SlaRecord.lateBy(null, due)).as("nothing was due").isNull();
    }

    @Test
    void mihariReportIsLateOnlyByWhenItWasMadeAndItsMailDelayIsMihariOwn() {
        Instant due = Instant.parse("2026-11-25T16:30:00Z");
        SlaRecord.Report report = SlaRecord.Report.made(due, due.minusSeconds(3570));

        assertThat(report).isEqualTo(new SlaRecord.Report(due, null, true, 0L, due.minusSeconds(3570), null));
        assertThat(report.sent(due.plusSeconds(30))).as("an SMTP outage past the deadline: Mihari's delay")
                .isEqualTo(new SlaRecord.Report(due, due.plusSeconds(30), true, 0L, due.minusSeconds(3570), 3600L));
        assertThat(SlaRecord.Report.made(due, due.plusSeconds(90)).lateBySeconds())
                .as("made after its deadline (a recovery marked later)").isEqualTo(90L);
        SlaRecord.Report stored = new SlaRecord.Report(due, null, true, null);
        assertThat(stored.made()).as("a document from before issue 14: made when due").isEqualTo(due);
        assertThat(stored.sent(due.plusSeconds(3))).isEqualTo(new SlaRecord.Report(due, due.plusSeconds(3), true,
                null, null, 3L));
    }

    @Test
    void aPersonsStatusReportIsJudgedOnWhenItWasMadeNeverOnTheMail() {
        Instant due = Instant.parse("2026-11-25T16:30:30Z");
        SlaRecord.StatusReport onTime = SlaRecord.StatusReport.made(2, due, due.minusSeconds(60), false, "sato", "x",
                false);
        SlaRecord.StatusReport late = SlaRecord.StatusReport.made(2, due, due.plusSeconds(125), false, "sato", "x",
                false);

        assertThat(onTime.lateBySeconds()).isZero();
        assertThat(onTime.sent(due.plusSeconds(300))).as("held up by the mail: still on time, Mihari's 360 s")
                .isEqualTo(new SlaRecord.StatusReport(2, due, due.minusSeconds(60), due.plusSeconds(300), false,
                        "sato", "x", 0L, 360L, false));
        assertThat(late.lateBySeconds()).isEqualTo(125L);
        assertThat(late.sent(due.plusSeconds(127)).mihariDelaySeconds()).isEqualTo(2L);
        SlaRecord.StatusReport afterRecovery = SlaRecord.StatusReport.made(3, null, due, false, "sato", "x", false);
        assertThat(afterRecovery.sent(due).lateBySeconds()).as("nothing was due").isNull();
        assertThat(afterRecovery.sent(due.plusSeconds(1)).mihariDelaySeconds()).isEqualTo(1L);
    }

    @Test
    void anAutomaticStatusReportIsNotWrittenNotLateAndItsMailDelayCountsFromTheDeadline() {
        Instant due = Instant.parse("2026-11-25T16:30:30Z");
        SlaRecord.StatusReport made = SlaRecord.StatusReport.made(2, due, due, true, null, "automatic", false);

        assertThat(made.lateBySeconds()).as("nobody wrote it: not a lateness").isNull();
        assertThat(made.sent(due.plusSeconds(125))).isEqualTo(new SlaRecord.StatusReport(2, due, due,
                due.plusSeconds(125), true, null, "automatic", null, 125L, false));
        SlaRecord.StatusReport old = new SlaRecord.StatusReport(2, due, due.plusSeconds(2), null, true, null, "a", 3L);
        assertThat(old.sent(due.plusSeconds(3)).mihariDelaySeconds())
                .as("stored before issue 14, made at the tick: the tick's lag is Mihari's too").isEqualTo(3L);
    }

    // ---- the record ----

    @Test
    void anOpenedIncidentHasItsFirstReportAndFirstStatusReportDue() {
        Instant detected = Instant.parse("2026-11-25T15:30:00Z");
        Instant opened = detected.plusSeconds(30);

        SlaRecord sla = SlaRecord.opened(detected, opened, POLICY, false);

        assertThat(sla).isEqualTo(new SlaRecord(new SlaRecord.Report(detected.plusSeconds(3600), null, true, 0L,
                opened, null), List.of(), opened.plusSeconds(3600), List.of(), null, null, false));
        SlaRecord muted = SlaRecord.opened(detected, opened, POLICY, true);
        assertThat(muted.nextStatusReportDue()).isNull();
        assertThat(muted.muted()).isTrue();
        assertThat(muted.recoveryDue(opened.plusSeconds(60)).recoveryReport()).as("nobody is mailed").isNull();
    }

    @Test
    void anSlaRecordStoredBeforeIssue14StillLoadsAndKeepsItsFigures() throws Exception {
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper()
                .registerModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule())
                .disable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        String old = """
                {"firstReport":{"dueAt":"2026-11-25T16:30:00Z","sentAt":"2026-11-25T15:30:32Z","automatic":true,
                 "lateBySeconds":0},
                 "statusReports":[{"seq":1,"dueAt":"2026-11-25T16:30:30Z","createdAt":"2026-11-25T16:30:32Z",
                 "sentAt":"2026-11-25T16:30:33Z","automatic":true,"author":null,"message":"automatic: …",
                 "lateBySeconds":3}],
                 "nextStatusReportDue":"2026-11-25T17:30:32Z","reminders":[],"recoveryReport":null,
                 "postIncidentReport":null,"muted":false}""";

        SlaRecord sla = json.readValue(old, SlaRecord.class);

        assertThat(sla.firstReport()).isEqualTo(new SlaRecord.Report(Instant.parse("2026-11-25T16:30:00Z"),
                Instant.parse("2026-11-25T15:30:32Z"), true, 0L, null, null));
        assertThat(sla.statusReport(1)).isEqualTo(new SlaRecord.StatusReport(1, Instant.parse("2026-11-25T16:30:30Z"),
                Instant.parse("2026-11-25T16:30:32Z"), Instant.parse("2026-11-25T16:30:33Z"), true, null,
                "automatic: …", 3L, null, false));
        assertThat(json.readValue(json.writeValueAsString(sla), SlaRecord.class)).as("and round-trips").isEqualTo(sla);
        assertThat(json.readTree(json.writeValueAsString(SlaRecord.Report.made(DUE, DUE))).fieldNames())
                .toIterable().as("only the stored fields (the mapping is strict)")
                .containsExactlyInAnyOrder("dueAt", "sentAt", "automatic", "lateBySeconds", "madeAt",
                        "mihariDelaySeconds");
    }

    @Test
    void listsAreNeverNull() {
        SlaRecord sla = new SlaRecord(null, null, null, null, null, null, false);
        SlaRecord.ReportClock clock = new SlaRecord.ReportClock(DUE, null, null, null, null, null);

        assertThat(sla.statusReports()).isEmpty();
        assertThat(sla.reminders()).isEmpty();
        assertThat(clock.reminders()).isEmpty();
        assertThat(sla.statusReport(1)).isNull();
        assertThat(sla.remindedFor(DUE)).isFalse();
    }

    @Test
    void theFirstSentTimeOfAStatusReportStands() {
        Instant due = Instant.parse("2026-11-25T16:30:30Z");
        SlaRecord sla = new SlaRecord(SlaRecord.Report.made(due, due)).withStatusReport(
                SlaRecord.StatusReport.made(1, due, due, true, null, "automatic", false), due.plusSeconds(3600));

        SlaRecord sent = sla.statusReportSent(1, due.plusSeconds(5));

        assertThat(sent.statusReport(1).sentAt()).isEqualTo(due.plusSeconds(5));
        assertThat(sent.statusReport(1).mihariDelaySeconds()).isEqualTo(5L);
        assertThat(sent.nextStatusReportDue()).isEqualTo(due.plusSeconds(3600));
        assertThat(sent.statusReportSent(1, due.plusSeconds(50))).isSameAs(sent);
        assertThat(sent.statusReportSent(2, due.plusSeconds(50))).as("no such report").isSameAs(sent);
    }

    @Test
    void remindersAreKeptPerDeadline() {
        Instant due = Instant.parse("2026-11-25T16:30:30Z");
        SlaRecord sla = new SlaRecord(SlaRecord.Report.made(due, due))
                .withReminder(new SlaRecord.Reminder(due, due.minusSeconds(900)));

        assertThat(sla.remindedFor(due)).isTrue();
        assertThat(sla.remindedFor(due.plusSeconds(3600))).isFalse();
    }

    // ---- the policy ----

    @Test
    void aWrittenReportIsRequiredFromExactlySixtyMinutes() {
        assertThat(POLICY.reportRequired(Duration.ofSeconds(3599))).isFalse();
        assertThat(POLICY.reportRequired(Duration.ofSeconds(3599).plusMillis(999))).isFalse();
        assertThat(POLICY.reportRequired(Duration.ofMinutes(60))).isTrue();
        assertThat(POLICY.reportRequired(Duration.ofDays(1))).isTrue();
    }

    @Test
    void intervalsThatCouldNeverAdvanceAreRefusedWithTheSettingsNamed() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new SlaPolicy(Duration.ofMinutes(60), Duration.ZERO,
                Duration.ofMinutes(15), Duration.ofMinutes(60), Duration.ofDays(7), Duration.ofDays(2),
                Duration.ofDays(1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("mihari.sla.*").hasMessageContaining("status reports every PT0S");
    }

    @Test
    void defaultsAreTheCitiesRequirement() {
        assertThat(POLICY).isEqualTo(new SlaPolicy(Duration.ofMinutes(60), Duration.ofMinutes(60),
                Duration.ofMinutes(15), Duration.ofMinutes(60), Duration.ofDays(7), Duration.ofDays(2),
                Duration.ofDays(1)));
        assertThat(SlaPolicy.withFirstReportDue(Duration.ofMinutes(30))).isEqualTo(new SlaPolicy(
                Duration.ofMinutes(30), Duration.ofMinutes(60), Duration.ofMinutes(15), Duration.ofMinutes(60),
                Duration.ofDays(7), Duration.ofDays(2), Duration.ofDays(1)));
    }
}
