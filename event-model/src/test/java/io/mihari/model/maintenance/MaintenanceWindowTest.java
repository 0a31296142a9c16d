package io.mihari.model.maintenance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static java.time.DayOfWeek.MONDAY;
import static java.time.DayOfWeek.SATURDAY;
import static java.time.DayOfWeek.SUNDAY;
import static java.time.DayOfWeek.THURSDAY;
import static org.assertj.core.api.Assertions.assertThat;

class MaintenanceWindowTest {

    static final String SERVICE = "kurashiki-juki";
    static final String AP1 = "kurashiki/krs-juki-ap1";
    static final String AP2 = "kurashiki/krs-juki-ap2";
    static final Instant CREATED = Instant.parse("2026-10-01T00:00:00Z");

    static Instant at(String instant) {
        return Instant.parse(instant);
    }

    /** A local date-time with an explicit offset, e.g. {@code jst("2026-11-01T02:00")}. */
    static Instant jst(String localDateTime) {
        return OffsetDateTime.parse(localDateTime + "+09:00").toInstant();
    }

    static Interval iv(String start, String end) {
        return new Interval(at(start), at(end));
    }

    static MaintenanceWindow oneOff(Instant start, Instant end, String... targetIds) {
        return new MaintenanceWindow("mw-1", SERVICE, List.of(targetIds), "OS patching", start, end, null,
                "tanaka", CREATED, null, null);
    }

    static MaintenanceWindow recurring(Instant start, Instant end, Recurrence recurrence) {
        return new MaintenanceWindow("mw-weekly", SERVICE, List.of(), "Weekly backup", start, end, recurrence,
                "tanaka", CREATED, null, null);
    }

    static Recurrence weekly(List<DayOfWeek> days, String startTime, Duration duration, String zone) {
        return new Recurrence(days, LocalTime.parse(startTime), duration, zone);
    }

    /** Every Sunday 02:00–05:00 JST, from 2026-01-01 JST, open-ended. */
    static MaintenanceWindow sundayNights() {
        return recurring(jst("2026-01-01T00:00"), null,
                weekly(List.of(SUNDAY), "02:00", Duration.ofHours(3), "Asia/Tokyo"));
    }

    static final Instant NOV_START = jst("2026-11-01T00:00");
    static final Instant DEC_START = jst("2026-12-01T00:00");

    @Nested
    class OneOff {

        final MaintenanceWindow window = oneOff(at("2026-11-01T01:00:00Z"), at("2026-11-01T05:00:00Z"));

        @Test
        void isClippedToTheQueryRange() {
            assertThat(window.intervals(at("2026-11-01T03:00:00Z"), at("2026-11-01T10:00:00Z")))
                    .containsExactly(iv("2026-11-01T03:00:00Z", "2026-11-01T05:00:00Z"));
            assertThat(window.intervals(at("2026-11-01T00:00:00Z"), at("2026-11-01T02:00:00Z")))
                    .containsExactly(iv("2026-11-01T01:00:00Z", "2026-11-01T02:00:00Z"));
            assertThat(window.intervals(at("2026-10-01T00:00:00Z"), at("2026-12-01T00:00:00Z")))
                    .containsExactly(iv("2026-11-01T01:00:00Z", "2026-11-01T05:00:00Z"));
        }

        @Test
        void outsideTheQueryRangeIsEmpty() {
            assertThat(window.intervals(at("2026-11-01T05:00:00Z"), at("2026-11-01T06:00:00Z"))).isEmpty();
            assertThat(window.intervals(at("2026-11-01T00:00:00Z"), at("2026-11-01T01:00:00Z"))).isEmpty();
            assertThat(window.intervals(at("2026-11-01T03:00:00Z"), at("2026-11-01T03:00:00Z"))).isEmpty();
            assertThat(window.intervals(at("2026-11-01T04:00:00Z"), at("2026-11-01T03:00:00Z"))).isEmpty();
        }

        @Test
        void coversFromStartInclusiveToEndExclusive() {
            assertThat(window.covers(at("2026-11-01T00:59:59Z"), AP1)).isFalse();
            assertThat(window.covers(at("2026-11-01T01:00:00Z"), AP1)).isTrue();
            assertThat(window.covers(at("2026-11-01T04:59:59.999999999Z"), AP1)).isTrue();
            assertThat(window.covers(at("2026-11-01T05:00:00Z"), AP1)).isFalse();
            assertThat(window.coversService(at("2026-11-01T01:00:00Z"))).isTrue();
            assertThat(window.coversService(at("2026-11-01T05:00:00Z"))).isFalse();
        }

        @Test
        void aWholeServiceWindowCoversEveryTargetAndNoTarget() {
            assertThat(window.covers(at("2026-11-01T02:00:00Z"), AP2)).isTrue();
            assertThat(window.covers(at("2026-11-01T02:00:00Z"), null)).isTrue();
        }

        @Test
        void aTargetScopedWindowCoversOnlyItsTargetsAndNotTheService() {
            MaintenanceWindow scoped = oneOff(at("2026-11-01T01:00:00Z"), at("2026-11-01T05:00:00Z"), AP1);

            assertThat(scoped.covers(at("2026-11-01T02:00:00Z"), AP1)).isTrue();
            assertThat(scoped.covers(at("2026-11-01T02:00:00Z"), AP2)).isFalse();
            assertThat(scoped.covers(at("2026-11-01T02:00:00Z"), null)).isFalse();
            assertThat(scoped.coversService(at("2026-11-01T02:00:00Z"))).isFalse();
            assertThat(scoped.intervals(at("2026-11-01T00:00:00Z"), at("2026-11-02T00:00:00Z")))
                    .containsExactly(iv("2026-11-01T01:00:00Z", "2026-11-01T05:00:00Z"));
        }
    }

    @Nested
    class Cancellation {

        @Test
        void aWindowWithdrawnBeforeItStartsPlansNothingAtAll() {
            MaintenanceWindow window = oneOff(at("2026-11-01T01:00:00Z"), at("2026-11-01T05:00:00Z"))
                    .cancel(at("2026-10-31T03:00:00Z"), "suzuki");

            assertThat(window.cancelled()).isTrue();
            assertThat(window.cancelledAt()).isEqualTo(at("2026-10-31T03:00:00Z"));
            assertThat(window.cancelledBy()).isEqualTo("suzuki");
            assertThat(window.intervals(at("2026-11-01T00:00:00Z"), at("2026-11-02T00:00:00Z"))).isEmpty();
            assertThat(window.covers(at("2026-11-01T02:00:00Z"), AP1)).isFalse();
            assertThat(window.coversService(at("2026-11-01T02:00:00Z"))).isFalse();
            assertThat(sundayNights().cancel(CREATED, "suzuki").intervals(NOV_START, DEC_START)).isEmpty();
        }

        @Test
        void aWindowWithdrawnWhileItRunsKeepsWhatAlreadyHappenedAndPlansNothingAfter() {
            // nobody changes the past by withdrawing: corrections are an administrator's report revisions
            MaintenanceWindow window = oneOff(at("2026-11-01T01:00:00Z"), at("2026-11-01T05:00:00Z"))
                    .cancel(at("2026-11-01T03:00:00Z"), "sato");

            assertThat(window.intervals(at("2026-11-01T00:00:00Z"), at("2026-11-02T00:00:00Z")))
                    .containsExactly(iv("2026-11-01T01:00:00Z", "2026-11-01T03:00:00Z"));
            assertThat(window.coversService(at("2026-11-01T02:59:59Z"))).isTrue();
            assertThat(window.coversService(at("2026-11-01T03:00:00Z"))).isFalse();
        }

        @Test
        void cancelKeepsEverythingElseAndTheFirstCancellationStands() {
            MaintenanceWindow window = oneOff(at("2026-11-01T01:00:00Z"), at("2026-11-01T05:00:00Z"));
            MaintenanceWindow cancelled = window.cancel(at("2026-10-20T00:00:00Z"), "suzuki");

            assertThat(window.cancelled()).isFalse();
            assertThat(cancelled).isEqualTo(new MaintenanceWindow("mw-1", SERVICE, List.of(), "OS patching",
                    at("2026-11-01T01:00:00Z"), at("2026-11-01T05:00:00Z"), null, "tanaka", CREATED,
                    at("2026-10-20T00:00:00Z"), "suzuki"));
            assertThat(cancelled.cancel(at("2026-10-21T00:00:00Z"), "sato")).isSameAs(cancelled);
        }
    }

    @Nested
    class Recurring {

        @Test
        void everySundayNightInNovember() {
            assertThat(sundayNights().intervals(NOV_START, DEC_START)).containsExactly(
                    iv("2026-10-31T17:00:00Z", "2026-10-31T20:00:00Z"),
                    iv("2026-11-07T17:00:00Z", "2026-11-07T20:00:00Z"),
                    iv("2026-11-14T17:00:00Z", "2026-11-14T20:00:00Z"),
                    iv("2026-11-21T17:00:00Z", "2026-11-21T20:00:00Z"),
                    iv("2026-11-28T17:00:00Z", "2026-11-28T20:00:00Z"));
        }

        @Test
        void theZoneDefaultsToTokyo() {
            Recurrence recurrence = weekly(List.of(SUNDAY), "02:00", Duration.ofHours(3), null);

            assertThat(recurrence.zone()).isEqualTo("Asia/Tokyo");
            assertThat(recurring(jst("2026-01-01T00:00"), null, recurrence).intervals(NOV_START, DEC_START))
                    .isEqualTo(sundayNights().intervals(NOV_START, DEC_START));
        }

        @Test
        void anOccurrenceRunningAtTheQueryStartIsClippedThere() {
            // Saturday 2026-10-31 23:00 JST for 3 h, into Sunday 02:00 JST
            MaintenanceWindow window = recurring(jst("2026-01-01T00:00"), null,
                    weekly(List.of(SATURDAY), "23:00", Duration.ofHours(3), "Asia/Tokyo"));

            assertThat(window.intervals(NOV_START, jst("2026-11-02T00:00")))
                    .containsExactly(iv("2026-10-31T15:00:00Z", "2026-10-31T17:00:00Z"));
            assertThat(window.intervals(jst("2026-10-31T00:00"), NOV_START))
                    .containsExactly(iv("2026-10-31T14:00:00Z", "2026-10-31T15:00:00Z"));
        }

        @Test
        void isBoundedByTheWindowsEnd() {
            MaintenanceWindow window = recurring(jst("2026-01-01T00:00"), jst("2026-11-15T00:00"),
                    weekly(List.of(SUNDAY), "02:00", Duration.ofHours(3), "Asia/Tokyo"));

            assertThat(window.intervals(NOV_START, DEC_START)).containsExactly(
                    iv("2026-10-31T17:00:00Z", "2026-10-31T20:00:00Z"),
                    iv("2026-11-07T17:00:00Z", "2026-11-07T20:00:00Z"));
        }

        @Test
        void anOccurrenceRunningAtTheWindowsEndIsCutThere() {
            MaintenanceWindow window = recurring(jst("2026-01-01T00:00"), jst("2026-11-08T03:00"),
                    weekly(List.of(SUNDAY), "02:00", Duration.ofHours(3), "Asia/Tokyo"));

            assertThat(window.intervals(NOV_START, DEC_START)).containsExactly(
                    iv("2026-10-31T17:00:00Z", "2026-10-31T20:00:00Z"),
                    iv("2026-11-07T17:00:00Z", "2026-11-07T18:00:00Z"));
            assertThat(window.covers(jst("2026-11-08T02:59:59"), AP1)).isTrue();
            assertThat(window.covers(jst("2026-11-08T03:00"), AP1)).isFalse();
        }

        @Test
        void occurrencesStartAtOrAfterTheWindowsStart() {
            // starts during the Nov 1 occurrence: that one is not planned, not even partly
            MaintenanceWindow window = recurring(jst("2026-11-01T03:00"), null,
                    weekly(List.of(SUNDAY), "02:00", Duration.ofHours(3), "Asia/Tokyo"));
            MaintenanceWindow exactly = recurring(jst("2026-11-08T02:00"), null,
                    weekly(List.of(SUNDAY), "02:00", Duration.ofHours(3), "Asia/Tokyo"));

            assertThat(window.intervals(NOV_START, jst("2026-11-09T00:00")))
                    .containsExactly(iv("2026-11-07T17:00:00Z", "2026-11-07T20:00:00Z"));
            assertThat(exactly.intervals(NOV_START, jst("2026-11-09T00:00")))
                    .containsExactly(iv("2026-11-07T17:00:00Z", "2026-11-07T20:00:00Z"));
        }

        @Test
        void severalDaysOfTheWeek() {
            MaintenanceWindow window = recurring(jst("2026-01-01T00:00"), null,
                    weekly(List.of(THURSDAY, MONDAY), "22:00", Duration.ofHours(1), "Asia/Tokyo"));

            assertThat(window.intervals(jst("2026-11-02T00:00"), jst("2026-11-09T00:00"))).containsExactly(
                    iv("2026-11-02T13:00:00Z", "2026-11-02T14:00:00Z"),   // Monday 22:00 JST
                    iv("2026-11-05T13:00:00Z", "2026-11-05T14:00:00Z"));  // Thursday 22:00 JST
        }

        @Test
        void overlappingAndTouchingOccurrencesAreMerged() {
            MaintenanceWindow daily = recurring(jst("2026-01-01T00:00"), null,
                    weekly(Arrays.asList(DayOfWeek.values()), "00:00", Duration.ofDays(1), "Asia/Tokyo"));
            MaintenanceWindow longer = recurring(jst("2026-01-01T00:00"), null,
                    weekly(List.of(SUNDAY, MONDAY), "00:00", Duration.ofHours(36), "Asia/Tokyo"));

            assertThat(daily.intervals(NOV_START, jst("2026-11-04T00:00")))
                    .containsExactly(iv("2026-10-31T15:00:00Z", "2026-11-03T15:00:00Z"));
            assertThat(longer.intervals(NOV_START, jst("2026-11-08T00:00")))
                    .containsExactly(iv("2026-10-31T15:00:00Z", "2026-11-03T03:00:00Z"));
        }

        @Test
        void coversOnlyDuringOccurrences() {
            MaintenanceWindow window = sundayNights();

            assertThat(window.coversService(jst("2026-11-08T02:00"))).isTrue();
            assertThat(window.coversService(jst("2026-11-08T04:59:59"))).isTrue();
            assertThat(window.coversService(jst("2026-11-08T05:00"))).isFalse();
            assertThat(window.coversService(jst("2026-11-08T01:59:59"))).isFalse();
            assertThat(window.coversService(jst("2026-11-09T02:00"))).isFalse();
            assertThat(window.covers(jst("2026-11-08T03:00"), AP1)).isTrue();
        }

        @Test
        void aStartTimeInTheSpringForwardGapMovesForward() {
            // 2026-03-29 02:30 does not exist in Berlin (02:00 CET -> 03:00 CEST): it starts 03:30 CEST
            MaintenanceWindow window = recurring(at("2026-03-01T00:00:00Z"), null,
                    weekly(List.of(SUNDAY), "02:30", Duration.ofHours(1), "Europe/Berlin"));

            assertThat(window.intervals(at("2026-03-21T00:00:00Z"), at("2026-04-06T00:00:00Z"))).containsExactly(
                    iv("2026-03-22T01:30:00Z", "2026-03-22T02:30:00Z"),   // 02:30 CET
                    iv("2026-03-29T01:30:00Z", "2026-03-29T02:30:00Z"),   // 03:30 CEST
                    iv("2026-04-05T00:30:00Z", "2026-04-05T01:30:00Z"));  // 02:30 CEST
        }

        @Test
        void aStartTimeInTheFallBackOverlapTakesTheEarlierOffset() {
            // 2026-10-25 02:30 happens twice in Berlin: the first (CEST) counts; the duration is elapsed time
            MaintenanceWindow window = recurring(at("2026-03-01T00:00:00Z"), null,
                    weekly(List.of(SUNDAY), "02:30", Duration.ofHours(1), "Europe/Berlin"));

            assertThat(window.intervals(at("2026-10-17T00:00:00Z"), at("2026-11-02T00:00:00Z"))).containsExactly(
                    iv("2026-10-18T00:30:00Z", "2026-10-18T01:30:00Z"),   // 02:30 CEST
                    iv("2026-10-25T00:30:00Z", "2026-10-25T01:30:00Z"),   // 02:30 CEST, ends 02:30 CET
                    iv("2026-11-01T01:30:00Z", "2026-11-01T02:30:00Z"));  // 02:30 CET
        }

        @Test
        void anInvalidRulePlansNothing() {
            MaintenanceWindow window = recurring(jst("2026-01-01T00:00"), null,
                    weekly(List.of(), "02:00", Duration.ofHours(3), "Asia/Tokyo"));

            assertThat(window.intervals(NOV_START, DEC_START)).isEmpty();
        }
    }

    @Nested
    class Validation {

        static List<String> problems(MaintenanceWindow w) {
            return w.problems();
        }

        static MaintenanceWindow withId(String id) {
            return new MaintenanceWindow(id, SERVICE, List.of(), "OS patching", at("2026-11-01T01:00:00Z"),
                    at("2026-11-01T05:00:00Z"), null, "tanaka", CREATED, null, null);
        }

        static MaintenanceWindow withTitle(String title) {
            return new MaintenanceWindow("mw-1", SERVICE, List.of(), title, at("2026-11-01T01:00:00Z"),
                    at("2026-11-01T05:00:00Z"), null, "tanaka", CREATED, null, null);
        }

        static MaintenanceWindow withRecurrence(Recurrence recurrence) {
            return recurring(jst("2026-01-01T00:00"), null, recurrence);
        }

        @Test
        void validWindowsHaveNoProblems() {
            assertThat(oneOff(at("2026-11-01T01:00:00Z"), at("2026-11-01T05:00:00Z"), AP1, AP2).problems())
                    .isEmpty();
            assertThat(sundayNights().problems()).isEmpty();
            assertThat(recurring(jst("2026-01-01T00:00"), jst("2027-01-01T00:00"),
                    weekly(List.of(SUNDAY), "02:00", Duration.ofDays(7), null)).problems()).isEmpty();
            assertThat(sundayNights().cancel(CREATED, "suzuki").problems()).isEmpty();
        }

        @Test
        void missingFieldsAreRequired() {
            MaintenanceWindow empty = new MaintenanceWindow(null, " ", null, "", null, null, null, null, null,
                    null, null);

            assertThat(empty.problems()).containsExactly(
                    "id: required", "serviceId: required", "title: required", "start: required", "end: required");
        }

        @Test
        void idIsShortAndPlain() {
            assertThat(withId("2026-11.sun:patch_A").problems()).isEmpty();
            assertThat(withId("a".repeat(100)).problems()).isEmpty();
            assertThat(withId("a".repeat(101)).problems()).containsExactly("id: at most 100 characters");
            assertThat(withId("mw 1").problems())
                    .containsExactly("id: only letters, digits and . _ : - are allowed");
            assertThat(withId("kurashiki/mw").problems())
                    .containsExactly("id: only letters, digits and . _ : - are allowed");
            assertThat(withId("メンテ").problems())
                    .containsExactly("id: only letters, digits and . _ : - are allowed");
        }

        @Test
        void titleIsAtMost200Characters() {
            assertThat(withTitle("あ".repeat(200)).problems()).isEmpty();
            assertThat(withTitle("あ".repeat(201)).problems()).containsExactly("title: at most 200 characters");
        }

        @Test
        void targetIdsAreNonBlankAndDistinct() {
            assertThat(oneOff(at("2026-11-01T01:00:00Z"), at("2026-11-01T05:00:00Z"), AP1, "", AP1).problems())
                    .containsExactly("targetIds[1]: required", "targetIds[2]: duplicate '" + AP1 + "'");
            assertThat(new MaintenanceWindow("mw-1", SERVICE, Arrays.asList(AP1, null), "OS patching",
                    at("2026-11-01T01:00:00Z"), at("2026-11-01T05:00:00Z"), null, null, null, null, null)
                    .problems()).containsExactly("targetIds[1]: required");
        }

        @Test
        void aOneOffWindowEndsAfterItsStartAndWithin31Days() {
            Instant start = at("2026-11-01T01:00:00Z");

            assertThat(oneOff(start, start.minusSeconds(1)).problems()).containsExactly("end: must be after start");
            assertThat(oneOff(start, start).problems()).containsExactly("end: must be after start");
            assertThat(oneOff(start, null).problems()).containsExactly("end: required");
            assertThat(oneOff(start, start.plus(Duration.ofDays(31))).problems()).isEmpty();
            assertThat(oneOff(start, start.plus(Duration.ofDays(31)).plusSeconds(1)).problems())
                    .containsExactly("end: a one-off window is at most 31 days");
        }

        @Test
        void aRecurringWindowMayBeOpenEndedButEndsAfterItsStart() {
            Recurrence rule = weekly(List.of(SUNDAY), "02:00", Duration.ofHours(3), null);

            assertThat(recurring(jst("2026-01-01T00:00"), null, rule).problems()).isEmpty();
            assertThat(recurring(jst("2026-01-01T00:00"), jst("2028-01-01T00:00"), rule).problems()).isEmpty();
            assertThat(recurring(jst("2026-01-01T00:00"), jst("2025-12-01T00:00"), rule).problems())
                    .containsExactly("end: must be after start");
            assertThat(recurring(null, null, rule).problems()).containsExactly("start: required");
        }

        @Test
        void theDurationIsPositiveAndAtMostSevenDays() {
            String problem = "recurrence.duration: must be positive and at most 7 days";

            assertThat(withRecurrence(weekly(List.of(SUNDAY), "02:00", Duration.ZERO, null)).problems())
                    .containsExactly(problem);
            assertThat(withRecurrence(weekly(List.of(SUNDAY), "02:00", Duration.ofHours(-1), null)).problems())
                    .containsExactly(problem);
            assertThat(withRecurrence(weekly(List.of(SUNDAY), "02:00", Duration.ofDays(7).plusSeconds(1), null))
                    .problems()).containsExactly(problem);
            assertThat(withRecurrence(new Recurrence(List.of(SUNDAY), LocalTime.of(2, 0), null, null)).problems())
                    .containsExactly("recurrence.duration: required");
        }

        @Test
        void theRuleNeedsDaysAStartTimeAndAKnownZone() {
            assertThat(withRecurrence(weekly(List.of(), "02:00", Duration.ofHours(3), null)).problems())
                    .containsExactly("recurrence.daysOfWeek: required");
            assertThat(withRecurrence(new Recurrence(null, LocalTime.of(2, 0), Duration.ofHours(3), null))
                    .problems()).containsExactly("recurrence.daysOfWeek: required");
            assertThat(withRecurrence(new Recurrence(Arrays.asList(SUNDAY, null), LocalTime.of(2, 0),
                    Duration.ofHours(3), null)).problems()).containsExactly("recurrence.daysOfWeek[1]: required");
            assertThat(withRecurrence(new Recurrence(List.of(SUNDAY), null, Duration.ofHours(3), null)).problems())
                    .containsExactly("recurrence.startTime: required");
            assertThat(withRecurrence(weekly(List.of(SUNDAY), "02:00", Duration.ofHours(3), "Mars/Olympus"))
                    .problems()).containsExactly("recurrence.zone: unknown time zone 'Mars/Olympus'");
        }

        @Test
        void aCancellationNamesItsInstant() {
            MaintenanceWindow window = new MaintenanceWindow("mw-1", SERVICE, List.of(), "OS patching",
                    at("2026-11-01T01:00:00Z"), at("2026-11-01T05:00:00Z"), null, "tanaka", CREATED, null, "suzuki");

            assertThat(window.problems()).containsExactly("cancelledAt: required when cancelledBy is set");
        }
    }

    @Test
    void listsAreCopiedAndNullListsAreEmpty() {
        List<String> targets = new ArrayList<>(List.of(AP1));
        List<DayOfWeek> days = new ArrayList<>(List.of(SUNDAY));
        MaintenanceWindow window = recurring(jst("2026-01-01T00:00"), null,
                new Recurrence(days, LocalTime.of(2, 0), Duration.ofHours(3), null));
        MaintenanceWindow scoped = new MaintenanceWindow("mw-1", SERVICE, targets, "OS patching",
                at("2026-11-01T01:00:00Z"), at("2026-11-01T05:00:00Z"), null, null, null, null, null);
        targets.add(AP2);
        days.add(MONDAY);

        assertThat(scoped.targetIds()).containsExactly(AP1);
        assertThat(window.recurrence().daysOfWeek()).containsExactly(SUNDAY);
        assertThat(new MaintenanceWindow("mw-1", SERVICE, null, "t", null, null, null, null, null, null, null)
                .targetIds()).isEmpty();
        assertThat(new Recurrence(null, null, null, null).daysOfWeek()).isEmpty();
    }

    @Test
    void roundTripsThroughJsonWithIsoInstants() throws Exception {
        ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        MaintenanceWindow window = new MaintenanceWindow("mw-weekly", SERVICE, List.of(AP1), "Weekly backup",
                jst("2026-01-01T00:00"), jst("2027-01-01T00:00"),
                weekly(List.of(SUNDAY, MONDAY), "02:00", Duration.ofHours(3), null), "tanaka", CREATED,
                at("2026-10-20T00:00:00Z"), "suzuki");

        String text = json.writeValueAsString(window);
        JsonNode tree = json.readTree(text);

        assertThat(tree.fieldNames()).toIterable().containsExactlyInAnyOrder("id", "serviceId", "targetIds",
                "title", "start", "end", "recurrence", "createdBy", "createdAt", "cancelledAt", "cancelledBy",
                "status", "urgent", "decidedBy", "decidedAt", "decisionNote", "createdByRole");
        assertThat(tree.get("start").asText()).isEqualTo("2025-12-31T15:00:00Z");
        assertThat(tree.get("recurrence").fieldNames()).toIterable()
                .containsExactlyInAnyOrder("daysOfWeek", "startTime", "duration", "zone");
        assertThat(json.readValue(text, MaintenanceWindow.class)).isEqualTo(window);

        // durations are seconds (10800.0) by default, ISO text only with WRITE_DURATIONS_AS_TIMESTAMPS off
        ObjectMapper isoDurations = json.copy().disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS);
        String isoText = isoDurations.writeValueAsString(window);
        assertThat(isoDurations.readTree(isoText).get("recurrence").get("duration").asText()).isEqualTo("PT3H");
        assertThat(isoDurations.readValue(isoText, MaintenanceWindow.class)).isEqualTo(window);

        String interval = json.writeValueAsString(iv("2026-11-01T01:00:00Z", "2026-11-01T05:00:00Z"));
        assertThat(interval).isEqualTo("{\"start\":\"2026-11-01T01:00:00Z\",\"end\":\"2026-11-01T05:00:00Z\"}");
    }

    @Nested
    class Approval {

        @Test
        void aRequestPlansNothingUntilItIsApproved() {
            MaintenanceWindow requested = oneOff(at("2026-11-01T01:00:00Z"), at("2026-11-01T05:00:00Z"))
                    .requested("tanaka", CREATED, false);

            assertThat(requested.status()).isEqualTo(MaintenanceWindow.Status.REQUESTED);
            assertThat(requested.intervals(NOV_START, DEC_START)).isEmpty();
            assertThat(requested.coversService(at("2026-11-01T02:00:00Z"))).isFalse();

            MaintenanceWindow approved = requested.decided(MaintenanceWindow.Status.APPROVED, "sato",
                    at("2026-10-25T00:00:00Z"), null);
            assertThat(approved.intervals(NOV_START, DEC_START))
                    .containsExactly(iv("2026-11-01T01:00:00Z", "2026-11-01T05:00:00Z"));
            assertThat(approved.decidedBy()).isEqualTo("sato");
            assertThat(approved.createdBy()).isEqualTo("tanaka");
        }

        @Test
        void aRejectedRequestOrOneStoredBeforeApprovalsExistedPlansNothing() throws Exception {
            MaintenanceWindow rejected = oneOff(at("2026-11-01T01:00:00Z"), at("2026-11-01T05:00:00Z"))
                    .requested("tanaka", CREATED, true)
                    .decided(MaintenanceWindow.Status.REJECTED, "sato", at("2026-10-25T00:00:00Z"), "選挙期間中のため");
            assertThat(rejected.intervals(NOV_START, DEC_START)).isEmpty();
            assertThat(rejected.urgent()).isTrue();

            ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule());
            MaintenanceWindow legacy = json.readValue("{\"id\":\"mw-old\",\"serviceId\":\"" + SERVICE + "\","
                    + "\"title\":\"old\",\"start\":\"2026-11-01T01:00:00Z\",\"end\":\"2026-11-01T05:00:00Z\"}",
                    MaintenanceWindow.class);
            assertThat(legacy.status()).isNull();
            assertThat(legacy.intervals(NOV_START, DEC_START)).isEmpty();
        }
    }
}
