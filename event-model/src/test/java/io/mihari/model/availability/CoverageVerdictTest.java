package io.mihari.model.availability;

import io.mihari.model.availability.Availability.Status;
import io.mihari.model.catalog.Service;
import io.mihari.model.catalog.ServiceHours;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;
import java.util.List;

import static io.mihari.model.availability.AvailabilityCalculatorTest.DB1;
import static io.mihari.model.availability.AvailabilityCalculatorTest.LATER;
import static io.mihari.model.availability.AvailabilityCalculatorTest.MIN;
import static io.mihari.model.availability.AvailabilityCalculatorTest.NOV;
import static io.mihari.model.availability.AvailabilityCalculatorTest.SERVICE;
import static io.mihari.model.availability.AvailabilityCalculatorTest.TARGETS;
import static io.mihari.model.availability.AvailabilityCalculatorTest.TOKYO;
import static io.mihari.model.availability.AvailabilityCalculatorTest.allUp;
import static io.mihari.model.availability.AvailabilityCalculatorTest.allUpAnd;
import static io.mihari.model.availability.AvailabilityCalculatorTest.compute;
import static io.mihari.model.availability.AvailabilityCalculatorTest.day;
import static io.mihari.model.availability.AvailabilityCalculatorTest.jst;
import static io.mihari.model.availability.AvailabilityCalculatorTest.november;
import static io.mihari.model.availability.AvailabilityCalculatorTest.pct;
import static io.mihari.model.availability.AvailabilityCalculatorTest.t;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The one rule of issue 14, "MET on no evidence": a month is called MET only when its data coverage (planned time in
 * which the service's status was known) reaches the service's {@code minCoverage} (95 % unless the catalog says
 * otherwise); below it the month is INSUFFICIENT_DATA, and with no data at all its availability is null ('—'), never
 * 100 %. Measured trouble (AT_RISK, BREACHED) is shown whatever the coverage.
 * <p>
 * November 2026 around the clock: 43,200 planned minutes = 2,592,000,000 ms; 5 % of it is 129,600,000 ms = 36 h
 * exactly; the budget at 99.5 % is 12,960,000 ms (216 min).
 */
class CoverageVerdictTest {

    static Service juki(String minCoverage) {
        return new Service(SERVICE, "kurashiki", "juki", "fujitsu-japan", new BigDecimal("99.5"), TOKYO, TARGETS,
                List.of(), ServiceHours.ALWAYS, List.of(), minCoverage == null ? null : new BigDecimal(minCoverage));
    }

    @Test
    void aMonthWithoutAnyDataIsInsufficientDataWithoutAnAvailability() {
        Availability a = november(List.of());

        assertThat(a.plannedMs()).isEqualTo(2_592_000_000L);
        assertThat(a.noDataMs()).isEqualTo(2_592_000_000L);
        assertThat(a.coveragePercent()).isEqualTo(pct("0.000"));
        assertThat(a.minCoveragePercent()).isEqualByComparingTo("95");
        assertThat(a.status()).isEqualTo(Status.INSUFFICIENT_DATA);
        assertThat(a.availabilityPercent()).isNull();
        assertThat(a.contractualAvailabilityPercent()).isNull();
        assertThat(a.penaltyTier()).isNull();
        assertThat(a.days()).hasSize(30).allSatisfy(d -> {
            assertThat(d.availabilityPercent()).isNull();
            assertThat(d.contractualAvailabilityPercent()).isNull();
        });
    }

    @Test
    void exactlyAtTheThresholdIsEnoughAndOneMillisecondLessIsNot() {
        // DB1 (critical) without data 10th 00:00 – 11th 12:00 JST: 36 h = 129,600,000 ms = 5 % → coverage 95.000 %
        Availability at = november(allUpAnd(
                t(DB1, "2026-11-10T00:00", "UNKNOWN", "HEARTBEAT_MISSING"),
                t(DB1, "2026-11-11T12:00", "UP", "CHECK_OK")));
        assertThat(at.noDataMs()).isEqualTo(129_600_000L);
        assertThat(at.coveragePercent()).isEqualTo(pct("95.000"));
        assertThat(at.status()).isEqualTo(Status.MET);
        assertThat(at.availabilityPercent()).isEqualTo(pct("100.000"));

        // one millisecond more: 2,462,399,999 / 2,592,000,000 = 94.99999996 % < 95 %
        Availability below = november(allUpAnd(
                t(DB1, "2026-11-10T00:00", "UNKNOWN", "HEARTBEAT_MISSING"),
                t(DB1, "2026-11-11T12:00:00.001", "UP", "CHECK_OK")));
        assertThat(below.noDataMs()).isEqualTo(129_600_001L);
        assertThat(below.coveragePercent()).isEqualTo(pct("94.999"));
        assertThat(below.status()).isEqualTo(Status.INSUFFICIENT_DATA);
        // some evidence: the figure is still given (with its coverage), only not called MET
        assertThat(below.availabilityPercent()).isEqualTo(pct("100.000"));
        // a day without any data has no availability; the days around it do
        assertThat(day(below, 10).availabilityPercent()).isNull();
        assertThat(day(below, 11).availabilityPercent()).isEqualTo(pct("100.000"));
        assertThat(day(below, 9).availabilityPercent()).isEqualTo(pct("100.000"));
    }

    /** 40 h without data (coverage 94.444 %) and then an outage of DB1: the measured downtime decides. */
    @ParameterizedTest
    @CsvSource({
            // 217 min > 216 min budget
            "2026-11-20T13:37, BREACHED",
            // 108 min: half the budget
            "2026-11-20T11:48, AT_RISK",
            // 107 min: below half the budget, so only the coverage speaks
            "2026-11-20T11:47, INSUFFICIENT_DATA"})
    void measuredTroubleIsShownWhateverTheCoverage(String upAgain, Status expected) {
        Availability a = november(allUpAnd(
                t(DB1, "2026-11-10T00:00", "UNKNOWN", "HEARTBEAT_MISSING"),
                t(DB1, "2026-11-11T16:00", "UP", "CHECK_OK"),
                t(DB1, "2026-11-20T10:00", "DOWN", "HEARTBEAT_MISSING"),
                t(DB1, upAgain, "UP", "CHECK_OK")));

        assertThat(a.noDataMs()).isEqualTo(40 * 60 * MIN);
        assertThat(a.coveragePercent()).isEqualTo(pct("94.444"));
        assertThat(a.status()).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({
            // 2 h without data: 43,080 / 43,200 = 99.7222 %
            "99.9, INSUFFICIENT_DATA",
            "99.7222, MET",
            "99.72223, INSUFFICIENT_DATA",
            "0, MET"})
    void theServicesOwnMinimumApplies(String minCoverage, Status expected) {
        Availability a = compute(juki(minCoverage), NOV, LATER, allUpAnd(
                t(DB1, "2026-11-20T09:00", "UNKNOWN", "HEARTBEAT_MISSING"),
                t(DB1, "2026-11-20T11:00", "UP", "CHECK_OK")), List.of(), List.of());

        assertThat(a.coveragePercent()).isEqualTo(pct("99.722"));
        assertThat(a.minCoveragePercent()).isEqualByComparingTo(minCoverage);
        assertThat(a.status()).isEqualTo(expected);
    }

    @Test
    void noDataAtAllIsNeverMetEvenWithAMinimumOfZero() {
        Availability none = compute(juki("0"), NOV, LATER, List.of(), List.of(), List.of());
        assertThat(none.status()).isEqualTo(Status.INSUFFICIENT_DATA);
        assertThat(none.availabilityPercent()).isNull();

        // one hour of data in the whole month is evidence, and a minimum of 0 asks for no more
        List<TargetTransition> oneHour = TARGETS.stream().flatMap(x -> java.util.stream.Stream.of(
                t(x.id(), "2026-11-20T09:00", "UP", "CHECK_OK"),
                t(x.id(), "2026-11-20T10:00", "UNKNOWN", "HEARTBEAT_MISSING"))).toList();
        Availability hour = compute(juki("0"), NOV, LATER, oneHour, List.of(), List.of());
        assertThat(hour.noDataMs()).isEqualTo(hour.plannedMs() - 60 * MIN);
        assertThat(hour.coveragePercent()).isEqualTo(pct("0.138"));
        assertThat(hour.status()).isEqualTo(Status.MET);
        assertThat(hour.availabilityPercent()).isEqualTo(pct("100.000"));
    }

    @Test
    void theMonthSoFarWithoutDataIsInsufficientData() {
        Availability a = compute(juki(null), NOV, jst("2026-11-03T06:00"), List.of(), List.of(), List.of());

        assertThat(a.complete()).isFalse();
        assertThat(a.plannedMs()).isEqualTo(54 * 60 * MIN);
        assertThat(a.status()).isEqualTo(Status.INSUFFICIENT_DATA);
        assertThat(a.availabilityPercent()).isNull();
        assertThat(a.days()).hasSize(3).allSatisfy(d -> assertThat(d.availabilityPercent()).isNull());
    }

    @Test
    void nothingPlannedIsNothingOwed() {
        Availability a = compute(juki(null), NOV, jst("2026-10-20T00:00"), allUp(), List.of(), List.of());

        assertThat(a.plannedMs()).isZero();
        assertThat(a.availabilityPercent()).isNull();
        assertThat(a.status()).isEqualTo(Status.MET);
    }

    @Test
    void aMinimumOutsideZeroToHundredIsRefused() {
        assertThatThrownBy(() -> compute(juki("100.5"), NOV, LATER, allUp(), List.of(), List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("minimum coverage");
    }
}
