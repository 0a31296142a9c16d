package io.mihari.model.maintenance;

import io.mihari.model.catalog.MaintenanceLimits;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.List;

import static java.time.DayOfWeek.FRIDAY;
import static java.time.DayOfWeek.MONDAY;
import static java.time.DayOfWeek.SUNDAY;
import static java.time.DayOfWeek.THURSDAY;
import static java.time.DayOfWeek.TUESDAY;
import static java.time.DayOfWeek.WEDNESDAY;
import static io.mihari.model.maintenance.MaintenanceWindow.Status.APPROVED;
import static io.mihari.model.maintenance.MaintenanceWindow.Status.REJECTED;
import static org.assertj.core.api.Assertions.assertThat;

/** The contract's rules for planned maintenance, instant by instant, against the request's signed issuedAt. */
class MaintenancePolicyTest {

    static final String SERVICE = "kurashiki-juki";
    static final MaintenanceLimits LIMITS = MaintenanceLimits.DEFAULT;
    /** When the request was made: 2026-11-02 09:00 JST. */
    static final Instant ISSUED = at("2026-11-02T00:00:00Z");

    static Instant at(String instant) {
        return Instant.parse(instant);
    }

    static Instant jst(String localDateTime) {
        return OffsetDateTime.parse(localDateTime + "+09:00").toInstant();
    }

    static MaintenanceWindow oneOff(Instant start, Instant end, boolean urgent) {
        return MaintenanceWindow.asked("mw-1", SERVICE, List.of(), "OS パッチ適用", start, end, null, urgent);
    }

    static MaintenanceWindow weekly(Instant start, Instant end, List<DayOfWeek> days, String time, Duration each) {
        return MaintenanceWindow.asked("mw-weekly", SERVICE, List.of(), "定期バックアップ", start, end,
                new Recurrence(days, LocalTime.parse(time), each, null), false);
    }

    static List<String> problems(MaintenanceWindow window) {
        return MaintenancePolicy.requestProblems(window, LIMITS, ISSUED);
    }

    @Nested
    class TheTwoAttacksOfIssue12 {

        @Test
        void aWindowOverTheVendorsOwnOutageThatAlreadyHappenedIsRefusedUrgentOrNot() {
            // down from 08:30 to 08:56 JST; at 09:00 the vendor asks for maintenance 08:30–08:56
            MaintenanceWindow overOutage = oneOff(jst("2026-11-02T08:30"), jst("2026-11-02T08:56"), false);

            assertThat(problems(overOutage)).containsExactly("start: 2026-11-01T23:30:00Z is before the request "
                    + "(2026-11-02T00:00:00Z): no maintenance window may start in the past; a past month is corrected "
                    + "only by an administrator's report revision with its reason");
            assertThat(problems(oneOff(jst("2026-11-02T08:30"), jst("2026-11-02T08:56"), true)))
                    .containsExactly(problems(overOutage).get(0));
        }

        @Test
        void aWeeklyWindowOfSevenTimes24HoursSince2000IsRefusedOnEveryRuleItBreaks() {
            MaintenanceWindow always = weekly(jst("2000-01-01T00:00"), null, List.of(DayOfWeek.values()), "00:00",
                    Duration.ofHours(24));

            assertThat(problems(always)).containsExactly(
                    "start: 1999-12-31T15:00:00Z is before the request (2026-11-02T00:00:00Z): no maintenance window "
                            + "may start in the past; a past month is corrected only by an administrator's report "
                            + "revision with its reason",
                    "recurrence.duration: each occurrence lasts at most 12h (maintenance.maxLength), was 1d",
                    "recurrence: 7d a week, at most 12h (maintenance.maxHoursPerWeek)",
                    "end: required for a recurring window, at most 366d after its start (maintenance.maxRecurringSpan)");
        }

        @Test
        void theSameWeeklyWindowStartingTomorrowIsStillRefusedForItsLengthAndItsHours() {
            MaintenanceWindow always = weekly(ISSUED.plus(Duration.ofDays(4)), ISSUED.plus(Duration.ofDays(300)),
                    List.of(DayOfWeek.values()), "00:00", Duration.ofHours(24));

            assertThat(problems(always)).containsExactly(
                    "recurrence.duration: each occurrence lasts at most 12h (maintenance.maxLength), was 1d",
                    "recurrence: 7d a week, at most 12h (maintenance.maxHoursPerWeek)");
        }
    }

    @Nested
    class Notice {

        @Test
        void aWindowRequestedExactlyTheNoticeAheadIsAllowedAMillisecondLessIsNot() {
            Instant earliest = ISSUED.plus(Duration.ofDays(3)); // 2026-11-05T00:00:00Z

            assertThat(problems(oneOff(earliest, earliest.plus(Duration.ofHours(2)), false))).isEmpty();
            assertThat(problems(oneOff(earliest.minusMillis(1), earliest.plus(Duration.ofHours(2)), false)))
                    .containsExactly("start: less than the notice of 3d (maintenance.notice) before it starts; the "
                            + "earliest start requested now is 2026-11-05T00:00:00Z, or request it as urgent (the city "
                            + "must still approve it)");
        }

        @Test
        void anUrgentWindowMayStartAtOnceButNeverBeforeTheRequest() {
            assertThat(problems(oneOff(ISSUED.plus(Duration.ofHours(1)), ISSUED.plus(Duration.ofHours(3)), true)))
                    .isEmpty();
            assertThat(problems(oneOff(ISSUED, ISSUED.plus(Duration.ofHours(3)), true))).isEmpty();
            assertThat(problems(oneOff(ISSUED.minusMillis(1), ISSUED.plus(Duration.ofHours(3)), true)))
                    .singleElement().asString().startsWith("start: 2026-11-01T23:59:59.999Z is before the request");
        }

        @Test
        void aServiceWithoutNoticeAcceptsAWindowStartingAsItIsRequested() {
            MaintenanceLimits none = new MaintenanceLimits(Duration.ZERO, Duration.ofHours(12), Duration.ofDays(366),
                    Duration.ofHours(12));

            assertThat(MaintenancePolicy.requestProblems(oneOff(ISSUED, ISSUED.plus(Duration.ofHours(1)), false),
                    none, ISSUED)).isEmpty();
            assertThat(MaintenancePolicy.requestProblems(oneOff(ISSUED.minusSeconds(1), ISSUED.plus(Duration.ofHours(1)),
                    false), none, ISSUED)).singleElement().asString().startsWith("start: ");
        }
    }

    @Nested
    class Length {

        @Test
        void aOneOffWindowLastsAtMostMaxLength() {
            Instant start = ISSUED.plus(Duration.ofDays(4));

            assertThat(problems(oneOff(start, start.plus(Duration.ofHours(12)), false))).isEmpty();
            assertThat(problems(oneOff(start, start.plus(Duration.ofHours(13)), false)))
                    .containsExactly("end: a window lasts at most 12h (maintenance.maxLength), this one 13h");
        }

        @Test
        void eachOccurrenceOfARecurringWindowLastsAtMostMaxLength() {
            Instant start = ISSUED.plus(Duration.ofDays(4));

            assertThat(problems(weekly(start, start.plus(Duration.ofDays(90)), List.of(SUNDAY), "20:00",
                    Duration.ofHours(12)))).isEmpty();
            assertThat(problems(weekly(start, start.plus(Duration.ofDays(90)), List.of(SUNDAY), "20:00",
                    Duration.ofMinutes(12 * 60 + 30)))).containsExactly(
                    "recurrence.duration: each occurrence lasts at most 12h (maintenance.maxLength), was 750m",
                    "recurrence: 750m a week, at most 12h (maintenance.maxHoursPerWeek)");
        }
    }

    @Nested
    class Recurring {

        static final Instant START = ISSUED.plus(Duration.ofDays(4));

        @Test
        void theWeeklyTotalIsBoundedCountingEachDayOnce() {
            assertThat(problems(weekly(START, START.plus(Duration.ofDays(180)), List.of(MONDAY, WEDNESDAY, FRIDAY),
                    "02:00", Duration.ofHours(4)))).isEmpty();
            assertThat(problems(weekly(START, START.plus(Duration.ofDays(180)),
                    List.of(MONDAY, WEDNESDAY, FRIDAY, FRIDAY), "02:00", Duration.ofHours(4)))).isEmpty();
            assertThat(problems(weekly(START, START.plus(Duration.ofDays(180)),
                    List.of(MONDAY, TUESDAY, WEDNESDAY, THURSDAY), "02:00", Duration.ofHours(4))))
                    .containsExactly("recurrence: 16h a week, at most 12h (maintenance.maxHoursPerWeek)");
        }

        @Test
        void aRecurringWindowNeedsAnEndWithinMaxRecurringSpan() {
            List<DayOfWeek> sundays = List.of(SUNDAY);

            assertThat(problems(weekly(START, START.plus(Duration.ofDays(366)), sundays, "02:00",
                    Duration.ofHours(3)))).isEmpty();
            assertThat(problems(weekly(START, START.plus(Duration.ofDays(367)), sundays, "02:00",
                    Duration.ofHours(3)))).containsExactly("end: a recurring window ends at most 366d after its start "
                    + "(maintenance.maxRecurringSpan), this one 367d");
            assertThat(problems(weekly(START, null, sundays, "02:00", Duration.ofHours(3)))).containsExactly(
                    "end: required for a recurring window, at most 366d after its start (maintenance.maxRecurringSpan)");
        }

        @Test
        void anIncompleteRuleIsLeftToTheWindowsOwnValidation() {
            MaintenanceWindow incomplete = MaintenanceWindow.asked("mw-x", SERVICE, List.of(), "t", START,
                    START.plus(Duration.ofDays(30)), new Recurrence(List.of(), null, null, null), false);

            assertThat(problems(incomplete)).isEmpty();
            assertThat(incomplete.problems()).isNotEmpty();
        }
    }

    @Nested
    class Decisions {

        static final Instant START = at("2026-11-08T17:00:00Z");

        static MaintenanceWindow requested() {
            return oneOff(START, START.plus(Duration.ofHours(2)), false).requested("田中 (INES)", ISSUED, false);
        }

        @Test
        void aRequestIsApprovedUpToTheMillisecondBeforeItStarts() {
            assertThat(MaintenancePolicy.decisionProblem(requested(), APPROVED, START.minusMillis(1))).isEmpty();
            assertThat(MaintenancePolicy.decisionProblem(requested(), APPROVED, START)).contains("windowId: mw-1 "
                    + "started at 2026-11-08T17:00:00Z, before the approval (2026-11-08T17:00:00Z): planned "
                    + "maintenance is approved before it starts");
        }

        @Test
        void aRequestMayBeRejectedEvenAfterItsStart() {
            assertThat(MaintenancePolicy.decisionProblem(requested(), REJECTED, START.plus(Duration.ofHours(1))))
                    .isEmpty();
        }

        @Test
        void onlyARequestThatStillStandsIsDecided() {
            MaintenanceWindow approved = requested().decided(APPROVED, "佐藤 (倉敷市)", ISSUED.plusSeconds(60), null);
            MaintenanceWindow withdrawn = requested().cancel(ISSUED.plusSeconds(60), "田中 (INES)");
            MaintenanceWindow legacy = new MaintenanceWindow("mw-old", SERVICE, List.of(), "t", START,
                    START.plus(Duration.ofHours(1)), null, "x", ISSUED, null, null, null, false, null, null, null,
                    null);

            assertThat(MaintenancePolicy.decisionProblem(approved, REJECTED, ISSUED.plusSeconds(120)))
                    .contains("windowId: mw-1 is APPROVED; only a REQUESTED window is approved or rejected");
            assertThat(MaintenancePolicy.decisionProblem(withdrawn, APPROVED, ISSUED.plusSeconds(120)))
                    .contains("windowId: mw-1 was withdrawn at 2026-11-02T00:01:00Z");
            assertThat(MaintenancePolicy.decisionProblem(legacy, APPROVED, ISSUED)).contains("windowId: mw-old is a "
                    + "window stored before requests were approved; only a REQUESTED window is approved or rejected");
        }
    }

    @Nested
    class Withdrawal {

        @Test
        void aVendorWithdrawsWhatAVendorRequestedNeverWhatTheCityRegistered() {
            MaintenanceWindow requested = oneOff(ISSUED.plus(Duration.ofDays(4)), ISSUED.plus(Duration.ofDays(4))
                    .plus(Duration.ofHours(1)), false).requested("田中 (INES)", ISSUED, false)
                    .decided(APPROVED, "佐藤 (倉敷市)", ISSUED.plusSeconds(60), null);
            MaintenanceWindow registered = oneOff(ISSUED.plus(Duration.ofDays(4)), ISSUED.plus(Duration.ofDays(4))
                    .plus(Duration.ofHours(1)), false).registered("佐藤 (倉敷市)", "operator", ISSUED, false);

            assertThat(MaintenancePolicy.withdrawalProblem(requested, "vendor")).isEmpty();
            assertThat(MaintenancePolicy.withdrawalProblem(registered, "vendor")).contains("windowId: mw-1 was "
                    + "registered by the city or an administrator; a vendor withdraws only the windows it requested");
            assertThat(MaintenancePolicy.withdrawalProblem(registered, "operator")).isEmpty();
            assertThat(MaintenancePolicy.withdrawalProblem(requested, "admin")).isEmpty();
        }

        @Test
        void aRegisteredWindowIsApprovedByWhoRegisteredItAtOnce() {
            MaintenanceWindow registered = oneOff(ISSUED.plus(Duration.ofHours(1)), ISSUED.plus(Duration.ofHours(2)),
                    true).registered("佐藤 (倉敷市)", "operator", ISSUED, true);

            assertThat(registered.status()).isEqualTo(APPROVED);
            assertThat(registered.decidedBy()).isEqualTo("佐藤 (倉敷市)");
            assertThat(registered.decidedAt()).isEqualTo(ISSUED);
            assertThat(registered.urgent()).isTrue();
            assertThat(registered.requestedByVendor()).isFalse();
        }
    }
}
