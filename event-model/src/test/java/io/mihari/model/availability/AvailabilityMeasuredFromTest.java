package io.mihari.model.availability;

import io.mihari.model.availability.Availability.Kind;
import io.mihari.model.availability.Availability.Status;
import io.mihari.model.catalog.Service;
import io.mihari.model.catalog.ServiceHours;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalTime;
import java.time.YearMonth;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.Stream;

import static io.mihari.model.availability.AvailabilityCalculatorTest.AP1;
import static io.mihari.model.availability.AvailabilityCalculatorTest.AP2;
import static io.mihari.model.availability.AvailabilityCalculatorTest.DB1;
import static io.mihari.model.availability.AvailabilityCalculatorTest.DEC;
import static io.mihari.model.availability.AvailabilityCalculatorTest.EUC1;
import static io.mihari.model.availability.AvailabilityCalculatorTest.LATER;
import static io.mihari.model.availability.AvailabilityCalculatorTest.MIN;
import static io.mihari.model.availability.AvailabilityCalculatorTest.NOV;
import static io.mihari.model.availability.AvailabilityCalculatorTest.SERVICE;
import static io.mihari.model.availability.AvailabilityCalculatorTest.TARGETS;
import static io.mihari.model.availability.AvailabilityCalculatorTest.TOKYO;
import static io.mihari.model.availability.AvailabilityCalculatorTest.compute;
import static io.mihari.model.availability.AvailabilityCalculatorTest.day;
import static io.mihari.model.availability.AvailabilityCalculatorTest.jst;
import static io.mihari.model.availability.AvailabilityCalculatorTest.lines;
import static io.mihari.model.availability.AvailabilityCalculatorTest.pct;
import static io.mihari.model.availability.AvailabilityCalculatorTest.t;
import static io.mihari.model.availability.AvailabilityCalculatorTest.window;
import static java.time.DayOfWeek.FRIDAY;
import static java.time.DayOfWeek.MONDAY;
import static java.time.DayOfWeek.THURSDAY;
import static java.time.DayOfWeek.TUESDAY;
import static java.time.DayOfWeek.WEDNESDAY;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The measurement start 計測開始 ({@code measuredFrom}, issue 14): a service onboarded mid-month — and the quick start
 * on a fresh machine — is judged only on the time it was measured. Planned time begins at the start; before it nothing
 * is owed, so nothing is missing.
 * <p>
 * The start used here is Sunday 2026-12-06 15:20 JST. December 2026 around the clock from then: 6th 15:20 – 7th 00:00
 * = 520 min, plus 7th – 31st = 25 days = 36,000 min; 36,520 min = 2,191,200,000 ms. The budget at 99.5 % is 182.6 min
 * = 10,956,000 ms.
 */
class AvailabilityMeasuredFromTest {

    static final Instant START = jst("2026-12-06T15:20");

    static Service measuredFrom(ServiceHours hours, Instant start) {
        return new Service(SERVICE, "kurashiki", "juki", "fujitsu-japan", new BigDecimal("99.5"), TOKYO, TARGETS,
                List.of(), hours, List.of(), null, start);
    }

    /** Every target UP from {@code at} on, no transition before: no data before it. */
    static List<TargetTransition> upFrom(Instant at, TargetTransition... more) {
        return Stream.concat(Stream.of(AP1, AP2, DB1, EUC1).map(id -> t(id, at, "UP", "CHECK_OK")),
                Stream.of(more)).toList();
    }

    @Test
    void aroundTheClockDecemberIsPlannedFromTheStartAndMetWithDataFromThen() {
        Availability a = compute(measuredFrom(ServiceHours.ALWAYS, START), DEC, LATER, upFrom(START), List.of(),
                List.of());

        assertThat(a.plannedMonthMs()).isEqualTo(36_520 * MIN).isEqualTo(2_191_200_000L);
        assertThat(a.plannedMs()).isEqualTo(2_191_200_000L);
        assertThat(a.budgetMs()).isEqualTo(10_956_000L);
        assertThat(a.noDataMs()).isZero();
        assertThat(a.coveragePercent()).isEqualTo(pct("100.000"));
        assertThat(a.availabilityPercent()).isEqualTo(pct("100.000"));
        assertThat(a.status()).isEqualTo(Status.MET);
        assertThat(a.intervals()).isEmpty();
        // the days before it plan nothing and have no figure ('—'); the 6th from 15:20 on
        for (int d = 1; d <= 5; d++) {
            assertThat(day(a, d).plannedMs()).isZero();
            assertThat(day(a, d).noDataMs()).isZero();
            assertThat(day(a, d).availabilityPercent()).isNull();
        }
        assertThat(day(a, 6).plannedMs()).isEqualTo(520 * MIN);
        assertThat(day(a, 6).availabilityPercent()).isEqualTo(pct("100.000"));
        assertThat(day(a, 7).plannedMs()).isEqualTo(1_440 * MIN);
    }

    @Test
    void withoutAStartTheSameDataIsInsufficient() {
        Service always = new Service(SERVICE, "kurashiki", "juki", "fujitsu-japan", new BigDecimal("99.5"), TOKYO,
                TARGETS, List.of(), ServiceHours.ALWAYS, List.of(), null);
        Availability a = compute(always, DEC, LATER, upFrom(START), List.of(), List.of());

        // 31 days = 44,640 min, of which 1st 00:00 – 6th 15:20 (5 days 15 h 20 min = 8,120 min) without data:
        // 36,520 / 44,640 = 81.810 %
        assertThat(a.plannedMs()).isEqualTo(44_640 * MIN);
        assertThat(a.noDataMs()).isEqualTo(8_120 * MIN);
        assertThat(a.coveragePercent()).isEqualTo(pct("81.810"));
        assertThat(a.status()).isEqualTo(Status.INSUFFICIENT_DATA);
    }

    @Test
    void theQuickStartsFirstMinutesAreMet() {
        // ten minutes after the first `up`: 10 min planned, all with data
        Availability a = compute(measuredFrom(ServiceHours.ALWAYS, START), DEC, jst("2026-12-06T15:30"),
                upFrom(START.plusSeconds(20)), List.of(), List.of());

        assertThat(a.complete()).isFalse();
        assertThat(a.plannedMs()).isEqualTo(10 * MIN);
        // the first 20 s until the first heartbeats have no data: 580 / 600 = 96.666 %
        assertThat(a.noDataMs()).isEqualTo(20_000L);
        assertThat(a.coveragePercent()).isEqualTo(pct("96.666"));
        assertThat(a.status()).isEqualTo(Status.MET);
        assertThat(a.plannedMonthMs()).isEqualTo(2_191_200_000L);
    }

    @Test
    void downtimeAndMissingDataBeforeTheStartAreNotCounted() {
        // no data until 15:00, DB1 (critical) DOWN 15:00 – 15:30: only 15:20 – 15:30 is measured
        List<TargetTransition> data = List.of(
                t(AP1, "2026-12-06T15:00", "UP", "CHECK_OK"),
                t(AP2, "2026-12-06T15:00", "UP", "CHECK_OK"),
                t(EUC1, "2026-12-06T15:00", "UP", "CHECK_OK"),
                t(DB1, "2026-12-06T15:00", "DOWN", "CHECK_FAILED"),
                t(DB1, "2026-12-06T15:30", "UP", "CHECK_OK"));
        Availability a = compute(measuredFrom(ServiceHours.ALWAYS, START), DEC, LATER, data, List.of(), List.of());

        assertThat(a.downtimeMs()).isEqualTo(10 * MIN);
        assertThat(a.contractualDowntimeMs()).isEqualTo(10 * MIN);
        assertThat(a.noDataMs()).isZero();
        assertThat(lines(a, Kind.DOWN)).singleElement().satisfies(l -> {
            assertThat(l.start()).isEqualTo(START);
            assertThat(l.end()).isEqualTo(jst("2026-12-06T15:30"));
        });
        assertThat(lines(a, Kind.NO_DATA)).isEmpty();
        // (2,191,200,000 − 600,000) / 2,191,200,000 = 99.97261 %
        assertThat(a.availabilityPercent()).isEqualTo(pct("99.972"));
        assertThat(a.status()).isEqualTo(Status.MET);
    }

    @Test
    void maintenanceBeforeTheStartIsNoLine() {
        // a whole-service window 6th 14:00 – 16:00: only 15:20 – 16:00 leaves planned time and is a line
        Availability a = compute(measuredFrom(ServiceHours.ALWAYS, START), DEC, LATER, upFrom(START),
                List.of(window("w1", jst("2026-12-06T14:00"), jst("2026-12-06T16:00"))), List.of());

        assertThat(a.plannedMonthMs()).isEqualTo((36_520 - 40) * MIN);
        assertThat(lines(a, Kind.MAINTENANCE)).singleElement().satisfies(l -> {
            assertThat(l.start()).isEqualTo(START);
            assertThat(l.end()).isEqualTo(jst("2026-12-06T16:00"));
        });
    }

    @Test
    void weekdayHoursArePlannedFromTheStart() {
        ServiceHours office = new ServiceHours(List.of(new ServiceHours.Window(
                EnumSet.of(MONDAY, TUESDAY, WEDNESDAY, THURSDAY, FRIDAY), LocalTime.of(8, 30), LocalTime.of(17, 30))),
                List.of());

        // from Tuesday 8th 10:00: 8th 10:00 – 17:30 = 450 min; weekdays 9th – 31st: 9–11, 14–18, 21–25, 28–31 = 17
        // days × 540 min = 9,180 min; 9,630 min = 577,800,000 ms; budget 0.5 % = 48.15 min = 2,889,000 ms
        Instant tuesday = jst("2026-12-08T10:00");
        Availability a = compute(measuredFrom(office, tuesday), DEC, LATER, upFrom(tuesday), List.of(), List.of());
        assertThat(a.plannedMonthMs()).isEqualTo(9_630 * MIN).isEqualTo(577_800_000L);
        assertThat(a.budgetMs()).isEqualTo(2_889_000L);
        assertThat(day(a, 7).plannedMs()).as("Monday before the start").isZero();
        assertThat(day(a, 8).plannedMs()).isEqualTo(450 * MIN);
        assertThat(day(a, 9).plannedMs()).isEqualTo(540 * MIN);
        assertThat(a.coveragePercent()).isEqualTo(pct("100.000"));
        assertThat(a.status()).isEqualTo(Status.MET);

        // from Sunday 6th 15:20 (no service hours that day): Monday 7th on, 19 weekdays × 540 = 10,260 min
        Availability sunday = compute(measuredFrom(office, START), DEC, LATER, upFrom(START), List.of(), List.of());
        assertThat(sunday.plannedMonthMs()).isEqualTo(10_260 * MIN);
        assertThat(day(sunday, 6).plannedMs()).isZero();
        assertThat(day(sunday, 7).plannedMs()).isEqualTo(540 * MIN);

        // from Tuesday 8th 18:00, after its hours: Wednesday 9th on, 17 × 540 = 9,180 min
        Availability evening = compute(measuredFrom(office, jst("2026-12-08T18:00")), DEC, LATER,
                upFrom(jst("2026-12-08T18:00")), List.of(), List.of());
        assertThat(evening.plannedMonthMs()).isEqualTo(9_180 * MIN);
        assertThat(day(evening, 8).plannedMs()).isZero();
    }

    @Test
    void aMonthBeforeTheStartPlansNothingWhateverItsData() {
        // November: DB1 down for a day and no data for another; nothing is owed yet
        List<TargetTransition> data = List.of(
                t(AP1, "2026-11-01T00:00", "UP", "CHECK_OK"),
                t(AP2, "2026-11-01T00:00", "UP", "CHECK_OK"),
                t(EUC1, "2026-11-01T00:00", "UP", "CHECK_OK"),
                t(DB1, "2026-11-10T00:00", "DOWN", "CHECK_FAILED"),
                t(DB1, "2026-11-11T00:00", "UNKNOWN", "HEARTBEAT_MISSING"));
        Availability a = compute(measuredFrom(ServiceHours.ALWAYS, START), NOV, LATER, data, List.of(), List.of());

        assertThat(a.plannedMonthMs()).isZero();
        assertThat(a.plannedMs()).isZero();
        assertThat(a.downtimeMs()).isZero();
        assertThat(a.noDataMs()).isZero();
        assertThat(a.budgetMs()).isZero();
        assertThat(a.intervals()).isEmpty();
        assertThat(a.days()).hasSize(30).allSatisfy(d -> assertThat(d.plannedMs()).isZero());
        // nothing planned is nothing owed: MET with availability '—'
        assertThat(a.status()).isEqualTo(Status.MET);
        assertThat(a.availabilityPercent()).isNull();
        assertThat(a.coveragePercent()).isNull();
        assertThat(a.penaltyTier()).isNull();
    }

    @Test
    void aServiceDownBeforeItsStartIsNotAtRisk() {
        // the 6th at 10:00, the start still ahead at 15:20, DB1 down: nothing planned so far, nothing at risk
        List<TargetTransition> data = upFrom(jst("2026-12-06T09:00"),
                t(DB1, "2026-12-06T09:30", "DOWN", "CHECK_FAILED"));
        Availability a = compute(measuredFrom(ServiceHours.ALWAYS, START), DEC, jst("2026-12-06T10:00"), data,
                List.of(), List.of());

        assertThat(a.plannedMs()).isZero();
        assertThat(a.plannedMonthMs()).isEqualTo(2_191_200_000L);
        assertThat(a.status()).isEqualTo(Status.MET);

        // once measured, down now is at risk
        Availability after = compute(measuredFrom(ServiceHours.ALWAYS, START), DEC, jst("2026-12-06T15:21"), data,
                List.of(), List.of());
        assertThat(after.downtimeMs()).isEqualTo(MIN);
        assertThat(after.status()).isEqualTo(Status.AT_RISK);
    }

    @Test
    void theMonthAfterIsPlannedInFull() {
        Availability a = compute(measuredFrom(ServiceHours.ALWAYS, START), YearMonth.of(2027, 1), LATER,
                upFrom(START), List.of(), List.of());
        assertThat(a.plannedMonthMs()).isEqualTo(44_640 * MIN);
        assertThat(a.status()).isEqualTo(Status.MET);
    }
}
