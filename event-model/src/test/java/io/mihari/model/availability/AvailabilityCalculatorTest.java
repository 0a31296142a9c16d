package io.mihari.model.availability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.mihari.model.availability.Availability.Day;
import io.mihari.model.availability.Availability.Kind;
import io.mihari.model.availability.Availability.Line;
import io.mihari.model.availability.Availability.Status;
import io.mihari.model.catalog.Service;
import io.mihari.model.catalog.ServiceHours;
import io.mihari.model.catalog.Target;
import io.mihari.model.maintenance.MaintenanceWindow;
import io.mihari.model.maintenance.Recurrence;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static java.time.DayOfWeek.FRIDAY;
import static java.time.DayOfWeek.MONDAY;
import static java.time.DayOfWeek.SUNDAY;
import static java.time.DayOfWeek.THURSDAY;
import static java.time.DayOfWeek.TUESDAY;
import static java.time.DayOfWeek.WEDNESDAY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Every expected figure is computed by hand in the comments (Asia/Tokyo, exact milliseconds); every computed
 * {@link Availability} is also checked against the invariants (lines add up to the totals, days add up to the totals).
 */
class AvailabilityCalculatorTest {

    static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");
    static final String SERVICE = "kurashiki-juki";
    static final String AP1 = "kurashiki/krs-juki-ap1";
    static final String AP2 = "kurashiki/krs-juki-ap2";
    static final String DB1 = "kurashiki/krs-juki-db1";
    static final String EUC1 = "kurashiki/krs-juki-euc1";
    static final long MIN = 60_000L;
    static final long HOUR = 60 * MIN;
    static final long DAY = 24 * HOUR;

    static final YearMonth OCT = YearMonth.of(2026, 10);
    static final YearMonth NOV = YearMonth.of(2026, 11);
    static final YearMonth DEC = YearMonth.of(2026, 12);
    static final YearMonth FEB = YearMonth.of(2027, 2);
    /** Long after November: every month computed with it is complete. */
    static final Instant LATER = jst("2027-06-01T00:00");

    static final PenaltyTier TIER1 = new PenaltyTier(new BigDecimal("99.5"), "減額1", "月額の5%を減額");
    static final PenaltyTier TIER2 = new PenaltyTier(new BigDecimal("99.0"), "減額2", "月額の10%を減額");
    /** Deliberately not sorted by threshold. */
    static final List<PenaltyTier> TIERS = List.of(TIER2, TIER1);

    /** A local date-time in JST, e.g. {@code jst("2026-11-10T23:30")}. */
    static Instant jst(String localDateTime) {
        return OffsetDateTime.parse(localDateTime + "+09:00").toInstant();
    }

    static Target target(String id, String role, boolean critical, String group) {
        return new Target(id, id.substring(id.indexOf('/') + 1), role, critical, group, Duration.ofSeconds(30));
    }

    static final List<Target> TARGETS = List.of(
            target(AP1, "AP/WEB", false, "ap"),
            target(AP2, "AP/WEB", false, "ap"),
            target(DB1, "BT/DB", true, null),
            target(EUC1, "EUC", false, null));

    /** AP1 and AP2 stand in for each other, DB1 is critical, EUC1 neither. Around the clock, 99.5 %. */
    static Service juki() {
        return juki(ServiceHours.ALWAYS, new BigDecimal("99.5"), TOKYO);
    }

    static Service juki(ServiceHours hours, BigDecimal target, ZoneId zone) {
        return new Service(SERVICE, "kurashiki", "juki", "fujitsu-japan", target, zone, TARGETS, List.of(), hours,
                List.of());
    }

    static TargetTransition t(String targetId, String jst, String to, String cause) {
        return new TargetTransition(targetId, jst(jst), to, cause);
    }

    static TargetTransition t(String targetId, Instant at, String to, String cause) {
        return new TargetTransition(targetId, at, to, cause);
    }

    /** Every target UP since 2026-09-30 12:00 JST (before October and November). */
    static List<TargetTransition> allUp() {
        return Stream.of(AP1, AP2, DB1, EUC1).map(id -> t(id, "2026-09-30T12:00", "UP", "CHECK_OK")).toList();
    }

    @SafeVarargs
    static List<TargetTransition> allUpAnd(TargetTransition... more) {
        List<TargetTransition> all = new ArrayList<>(allUp());
        all.addAll(Arrays.asList(more));
        return all;
    }

    static MaintenanceWindow window(String id, Instant start, Instant end, String... targetIds) {
        return new MaintenanceWindow(id, SERVICE, List.of(targetIds), "OS patching", start, end, null, "tanaka",
                jst("2026-10-01T00:00"), null, null);
    }

    static Availability compute(Service service, YearMonth month, Instant asOf, List<TargetTransition> transitions,
            List<MaintenanceWindow> maintenance, List<Attribution> attributions) {
        Availability a = AvailabilityCalculator.compute(service, month, asOf, transitions, maintenance, attributions,
                TIERS);
        assertInvariants(a, service);
        return a;
    }

    /** November 2026, complete, around the clock, no maintenance, no attributions. */
    static Availability november(List<TargetTransition> transitions) {
        return compute(juki(), NOV, LATER, transitions, List.of(), List.of());
    }

    static List<Line> lines(Availability a, Kind kind) {
        return a.intervals().stream().filter(l -> l.kind() == kind).toList();
    }

    static Day day(Availability a, int dayOfMonth) {
        Day d = a.days().get(dayOfMonth - 1);
        assertThat(d.date().getDayOfMonth()).isEqualTo(dayOfMonth);
        return d;
    }

    static BigDecimal pct(String value) {
        return new BigDecimal(value);
    }

    /** The figure can be explained line by line: lines and days add up to the totals. */
    static void assertInvariants(Availability a, Service service) {
        long down = 0;
        long counted = 0;
        long notCounted = 0;
        long noData = 0;
        Instant previousEnd = null;
        for (Line l : a.intervals()) {
            assertThat(l.ms()).as("line %s", l).isPositive()
                    .isEqualTo(l.end().toEpochMilli() - l.start().toEpochMilli());
            assertThat(l.start()).as("line %s inside the evaluated range", l).isAfterOrEqualTo(a.from());
            assertThat(l.end()).as("line %s inside the evaluated range", l).isBeforeOrEqualTo(a.to());
            if (previousEnd != null) {
                assertThat(l.start()).as("lines sorted and disjoint").isAfterOrEqualTo(previousEnd);
            }
            previousEnd = l.end();
            assertThat(l.targets()).isSorted().doesNotHaveDuplicates();
            assertThat(l.causes()).isSorted().doesNotHaveDuplicates();
            assertThat(l.ongoing()).isEqualTo(!a.complete() && l.end().equals(a.to()));
            switch (l.kind()) {
                case DOWN -> {
                    down += l.ms();
                    assertThat(l.counted()).isEqualTo("VENDOR".equals(l.attribution()));
                    assertThat(l.targets()).isNotEmpty();
                    assertThat(l.maintenanceIds()).isEmpty();
                    if (l.counted()) {
                        counted += l.ms();
                    } else {
                        notCounted += l.ms();
                    }
                }
                case NO_DATA -> {
                    noData += l.ms();
                    assertThat(l.counted()).isFalse();
                    assertThat(l.attribution()).isNull();
                }
                case MAINTENANCE -> {
                    assertThat(l.counted()).isFalse();
                    assertThat(l.attribution()).isEqualTo("PLANNED");
                    assertThat(l.maintenanceIds()).isNotEmpty();
                }
            }
        }
        assertThat(down).as("DOWN lines add up to downtimeMs").isEqualTo(a.downtimeMs());
        assertThat(counted).as("counted DOWN lines add up to contractualDowntimeMs")
                .isEqualTo(a.contractualDowntimeMs());
        assertThat(notCounted).as("DOWN lines not counted add up to excludedMs").isEqualTo(a.excludedMs());
        assertThat(noData).as("NO_DATA lines add up to noDataMs").isEqualTo(a.noDataMs());
        assertThat(a.contractualDowntimeMs()).isEqualTo(a.downtimeMs() - a.excludedMs());
        assertThat(a.budgetUsedMs()).isEqualTo(a.contractualDowntimeMs());
        assertThat(a.budgetLeftMs()).isEqualTo(a.budgetMs() - a.budgetUsedMs());
        assertThat(a.downtimeMs() + a.noDataMs()).isLessThanOrEqualTo(a.plannedMs());
        assertThat(a.plannedMs()).isLessThanOrEqualTo(a.plannedMonthMs());
        assertThat(a.budgetMs()).isEqualTo(new BigDecimal(100).subtract(a.target())
                .multiply(BigDecimal.valueOf(a.plannedMonthMs())).movePointLeft(2).longValue());

        assertThat(a.days().stream().mapToLong(Day::plannedMs).sum()).isEqualTo(a.plannedMs());
        assertThat(a.days().stream().mapToLong(Day::downtimeMs).sum()).isEqualTo(a.downtimeMs());
        assertThat(a.days().stream().mapToLong(Day::excludedMs).sum()).isEqualTo(a.excludedMs());
        assertThat(a.days().stream().mapToLong(Day::contractualDowntimeMs).sum())
                .isEqualTo(a.contractualDowntimeMs());
        assertThat(a.days().stream().mapToLong(Day::noDataMs).sum()).isEqualTo(a.noDataMs());
        for (Day d : a.days()) {
            assertThat(d.contractualDowntimeMs()).isEqualTo(d.downtimeMs() - d.excludedMs());
            assertThat(d.availabilityPercent() == null).as("no evidence that day: '—'")
                    .isEqualTo(d.plannedMs() == 0 || d.noDataMs() == d.plannedMs());
            assertThat(YearMonth.from(d.date())).isEqualTo(a.month());
        }
        long daysStarted = a.month().atDay(1).datesUntil(a.month().plusMonths(1).atDay(1))
                .filter(d -> d.atStartOfDay(a.zone()).toInstant().isBefore(a.to())).count();
        assertThat(a.days()).hasSize((int) daysStarted);

        assertThat(a.serviceId()).isEqualTo(service.id());
        assertThat(a.from()).isEqualTo(a.month().atDay(1).atStartOfDay(a.zone()).toInstant());
        if (a.complete()) {
            assertThat(a.to()).isEqualTo(a.month().plusMonths(1).atDay(1).atStartOfDay(a.zone()).toInstant());
        }
        boolean noEvidence = a.plannedMs() == 0 || a.noDataMs() == a.plannedMs();
        assertThat(a.availabilityPercent() == null).as("no evidence: '—', never 100 %").isEqualTo(noEvidence);
        assertThat(a.contractualAvailabilityPercent() == null).isEqualTo(noEvidence);
        if (a.plannedMs() > 0 && a.noDataMs() == a.plannedMs()) {
            assertThat(a.status()).as("no data at all is never MET").isEqualTo(Status.INSUFFICIENT_DATA);
        }
        assertThat(a.minCoveragePercent()).isNotNull();
        assertThat(a.coveragePercent() == null).isEqualTo(a.plannedMs() == 0);
        for (BigDecimal p : Arrays.asList(a.availabilityPercent(), a.contractualAvailabilityPercent(),
                a.coveragePercent())) {
            if (p != null) {
                assertThat(p.scale()).isEqualTo(3);
            }
        }
    }

    @Nested
    class WholeMonths {

        @Test
        void cleanThirtyDayMonthAroundTheClock() {
            Availability a = november(allUp());

            // 30 days × 1440 min = 43,200 min = 2,592,000,000 ms
            assertThat(a.plannedMonthMs()).isEqualTo(2_592_000_000L).isEqualTo(43_200 * MIN);
            assertThat(a.plannedMs()).isEqualTo(2_592_000_000L);
            assertThat(a.downtimeMs()).isZero();
            assertThat(a.noDataMs()).isZero();
            assertThat(a.availabilityPercent()).isEqualTo(pct("100.000"));
            assertThat(a.contractualAvailabilityPercent()).isEqualTo(pct("100.000"));
            assertThat(a.coveragePercent()).isEqualTo(pct("100.000"));
            // 0.5 % of 43,200 min = 216 min = 12,960,000 ms
            assertThat(a.budgetMs()).isEqualTo(12_960_000L).isEqualTo(216 * MIN);
            assertThat(a.budgetUsedMs()).isZero();
            assertThat(a.budgetLeftMs()).isEqualTo(12_960_000L);
            assertThat(a.status()).isEqualTo(Status.MET);
            assertThat(a.penaltyTier()).isNull();
            assertThat(a.complete()).isTrue();
            assertThat(a.zone()).isEqualTo(TOKYO);
            assertThat(a.target()).isEqualByComparingTo("99.5");
            assertThat(a.from()).isEqualTo(jst("2026-11-01T00:00"));
            assertThat(a.to()).isEqualTo(jst("2026-12-01T00:00"));
            assertThat(a.intervals()).isEmpty();
            assertThat(a.days()).hasSize(30).allSatisfy(d -> {
                assertThat(d.plannedMs()).isEqualTo(DAY);
                assertThat(d.availabilityPercent()).isEqualTo(pct("100.000"));
            });
            assertThat(a.days().get(0).date()).isEqualTo(LocalDate.of(2026, 11, 1));
            assertThat(a.days().get(29).date()).isEqualTo(LocalDate.of(2026, 11, 30));
        }

        @Test
        void thirtyOneDayMonthBudgetIs223Point2Minutes() {
            Availability a = compute(juki(), DEC, LATER, allUp(), List.of(), List.of());

            // 31 × 1440 = 44,640 min; 0.5 % = 223.2 min = 13,392,000 ms
            assertThat(a.plannedMonthMs()).isEqualTo(44_640 * MIN);
            assertThat(a.budgetMs()).isEqualTo(13_392_000L);
            assertThat(a.days()).hasSize(31);
        }

        @Test
        void twentyEightDayMonthBudgetIs201Point6Minutes() {
            Availability a = compute(juki(), FEB, LATER, allUp(), List.of(), List.of());

            // 28 × 1440 = 40,320 min; 0.5 % = 201.6 min = 12,096,000 ms
            assertThat(a.plannedMonthMs()).isEqualTo(40_320 * MIN);
            assertThat(a.budgetMs()).isEqualTo(12_096_000L);
            assertThat(a.days()).hasSize(28);
        }

        @Test
        void budgetThatIsNoWholeMillisecondIsRoundedDown() {
            Service strict = juki(ServiceHours.ALWAYS, new BigDecimal("99.99999"), TOKYO);

            Availability a = compute(strict, NOV, LATER, allUp(), List.of(), List.of());

            // 0.00001 % of 2,592,000,000 ms = 259.2 ms -> 259
            assertThat(a.budgetMs()).isEqualTo(259L);
        }

        @Test
        void serviceWithoutTargetOrZoneGetsTheDefaults() {
            Availability a = compute(juki(ServiceHours.ALWAYS, null, null), NOV, LATER, allUp(), List.of(), List.of());

            assertThat(a.zone()).isEqualTo(TOKYO);
            assertThat(a.target()).isEqualByComparingTo("99.5");
            assertThat(a.budgetMs()).isEqualTo(12_960_000L);
        }

        @Test
        void monthsAreCountedInTheServicesZoneThroughDaylightSavingTime() {
            ZoneId newYork = ZoneId.of("America/New_York");
            Service service = juki(ServiceHours.ALWAYS, new BigDecimal("99.5"), newYork);

            // DST ends Sunday 2026-11-01 02:00 in New York: that day has 25 hours, the month 30 × 24 + 1 = 721 h
            Availability nov = compute(service, NOV, LATER, allUp(), List.of(), List.of());
            assertThat(nov.plannedMonthMs()).isEqualTo(721 * HOUR);
            assertThat(day(nov, 1).plannedMs()).isEqualTo(25 * HOUR);
            assertThat(day(nov, 2).plannedMs()).isEqualTo(24 * HOUR);
            assertThat(nov.from()).isEqualTo(Instant.parse("2026-11-01T04:00:00Z"));

            // DST starts Sunday 2027-03-14: that day has 23 hours, the month 31 × 24 − 1 = 743 h
            Availability mar = compute(service, YearMonth.of(2027, 3), LATER, allUp(), List.of(), List.of());
            assertThat(mar.plannedMonthMs()).isEqualTo(743 * HOUR);
            assertThat(day(mar, 14).plannedMs()).isEqualTo(23 * HOUR);
        }
    }

    @Nested
    class Outages {

        @Test
        void outageAcrossMidnightIsSplitBetweenTheDays() {
            Availability a = november(allUpAnd(
                    t(DB1, "2026-11-10T23:30", "DOWN", "HEARTBEAT_MISSING"),
                    t(DB1, "2026-11-11T01:15", "UP", "CHECK_OK")));

            // Nov 10: 23:30–24:00 = 30 min; Nov 11: 00:00–01:15 = 75 min; 105 min = 6,300,000 ms
            assertThat(day(a, 10).downtimeMs()).isEqualTo(30 * MIN).isEqualTo(1_800_000L);
            assertThat(day(a, 11).downtimeMs()).isEqualTo(75 * MIN).isEqualTo(4_500_000L);
            // (1440 − 30) / 1440 = 97.9166…; (1440 − 75) / 1440 = 94.7916…
            assertThat(day(a, 10).availabilityPercent()).isEqualTo(pct("97.916"));
            assertThat(day(a, 11).availabilityPercent()).isEqualTo(pct("94.791"));
            assertThat(day(a, 12).availabilityPercent()).isEqualTo(pct("100.000"));
            assertThat(a.downtimeMs()).isEqualTo(6_300_000L);
            assertThat(a.contractualDowntimeMs()).isEqualTo(6_300_000L);
            // (43,200 − 105) / 43,200 = 99.7569…% -> truncated, not rounded to 99.757
            assertThat(a.availabilityPercent()).isEqualTo(pct("99.756"));
            assertThat(a.contractualAvailabilityPercent()).isEqualTo(pct("99.756"));
            assertThat(a.budgetLeftMs()).isEqualTo(12_960_000L - 6_300_000L);
            // 6,300,000 × 2 = 12,600,000 < 12,960,000: less than half the budget
            assertThat(a.status()).isEqualTo(Status.MET);
            assertThat(a.intervals()).containsExactly(new Line(jst("2026-11-10T23:30"), jst("2026-11-11T01:15"),
                    6_300_000L, Kind.DOWN, List.of(DB1), List.of("HEARTBEAT_MISSING"), "VENDOR", true, null, false,
                    List.of()));
        }

        @Test
        void outageAcrossTheMonthBoundaryCountsInBothMonths() {
            List<TargetTransition> transitions = allUpAnd(
                    t(DB1, "2026-10-31T23:00", "DOWN", "HEARTBEAT_MISSING"),
                    t(DB1, "2026-11-01T01:00", "UP", "CHECK_OK"));

            Availability nov = november(transitions);
            // November: 00:00–01:00 = 60 min; (43,200 − 60) / 43,200 = 99.8611…
            assertThat(nov.downtimeMs()).isEqualTo(60 * MIN);
            assertThat(nov.availabilityPercent()).isEqualTo(pct("99.861"));
            assertThat(nov.intervals()).singleElement().satisfies(l -> {
                assertThat(l.start()).isEqualTo(jst("2026-11-01T00:00"));
                assertThat(l.end()).isEqualTo(jst("2026-11-01T01:00"));
                assertThat(l.causes()).containsExactly("HEARTBEAT_MISSING");
                assertThat(l.ongoing()).isFalse();
            });
            assertThat(day(nov, 1).downtimeMs()).isEqualTo(60 * MIN);

            Availability oct = compute(juki(), OCT, LATER, transitions, List.of(), List.of());
            // October: 23:00–24:00 = 60 min of 31 × 1440 = 44,640 min; (44,640 − 60) / 44,640 = 99.8655…
            assertThat(oct.plannedMonthMs()).isEqualTo(44_640 * MIN);
            assertThat(oct.downtimeMs()).isEqualTo(60 * MIN);
            assertThat(oct.availabilityPercent()).isEqualTo(pct("99.865"));
            assertThat(oct.budgetMs()).isEqualTo(13_392_000L);
            assertThat(oct.intervals()).singleElement().satisfies(l -> {
                assertThat(l.start()).isEqualTo(jst("2026-10-31T23:00"));
                assertThat(l.end()).isEqualTo(jst("2026-11-01T00:00"));
                assertThat(l.ongoing()).as("the month is over").isFalse();
            });
            assertThat(day(oct, 31).downtimeMs()).isEqualTo(60 * MIN);
        }

        @Test
        void redundantServersMakeTheServiceDownOnlyWhileAllAreDown() {
            Availability a = november(allUpAnd(
                    t(AP1, "2026-11-12T10:00", "DOWN", "HEARTBEAT_MISSING"),
                    t(AP1, "2026-11-12T10:30", "UP", "CHECK_OK"),
                    t(AP2, "2026-11-12T10:20", "DOWN", "HTTP_FAILED"),
                    t(AP2, "2026-11-12T11:00", "UP", "CHECK_OK")));

            // AP1 10:00–10:30 and AP2 10:20–11:00: both down only 10:20–10:30 = 10 min; the rest is DEGRADED
            assertThat(a.downtimeMs()).isEqualTo(10 * MIN).isEqualTo(600_000L);
            // (43,200 − 10) / 43,200 = 99.9768…
            assertThat(a.availabilityPercent()).isEqualTo(pct("99.976"));
            assertThat(a.intervals()).containsExactly(new Line(jst("2026-11-12T10:20"), jst("2026-11-12T10:30"),
                    600_000L, Kind.DOWN, List.of(AP1, AP2), List.of("HEARTBEAT_MISSING", "HTTP_FAILED"), "VENDOR",
                    true, null, false, List.of()));
        }

        @Test
        void criticalServerDownOverlappingAddsTheUnionNotTheSum() {
            Availability a = november(allUpAnd(
                    t(AP1, "2026-11-12T10:00", "DOWN", "HEARTBEAT_MISSING"),
                    t(AP1, "2026-11-12T10:30", "UP", "CHECK_OK"),
                    t(AP2, "2026-11-12T10:20", "DOWN", "HTTP_FAILED"),
                    t(AP2, "2026-11-12T11:00", "UP", "CHECK_OK"),
                    t(DB1, "2026-11-12T10:25", "DOWN", "PORT_CLOSED"),
                    t(DB1, "2026-11-12T10:40", "UP", "CHECK_OK")));

            // group 10:20–10:30 ∪ DB1 10:25–10:40 = 10:20–10:40 = 20 min (not 10 + 15 = 25)
            assertThat(a.downtimeMs()).isEqualTo(20 * MIN);
            // (43,200 − 20) / 43,200 = 99.9537…
            assertThat(a.availabilityPercent()).isEqualTo(pct("99.953"));
            assertThat(a.intervals()).singleElement().satisfies(l -> {
                assertThat(l.start()).isEqualTo(jst("2026-11-12T10:20"));
                assertThat(l.end()).isEqualTo(jst("2026-11-12T10:40"));
                assertThat(l.targets()).containsExactly(AP1, AP2, DB1);
                assertThat(l.causes()).containsExactly("HEARTBEAT_MISSING", "HTTP_FAILED", "PORT_CLOSED");
            });
        }

        @Test
        void nonCriticalServerOutsideAnyGroupDoesNotMakeTheServiceDown() {
            Availability a = november(allUpAnd(
                    t(EUC1, "2026-11-12T10:00", "DOWN", "HEARTBEAT_MISSING"),
                    t(EUC1, "2026-11-12T18:00", "UP", "CHECK_OK")));

            assertThat(a.downtimeMs()).isZero();
            assertThat(a.noDataMs()).isZero();
            assertThat(a.intervals()).isEmpty();
        }

        @Test
        void outageUntilTheEndOfACompleteMonthIsNotOngoing() {
            Availability a = november(allUpAnd(t(DB1, "2026-11-30T23:00", "DOWN", "HEARTBEAT_MISSING")));

            assertThat(a.downtimeMs()).isEqualTo(60 * MIN);
            assertThat(a.intervals()).singleElement().satisfies(l -> {
                assertThat(l.end()).isEqualTo(jst("2026-12-01T00:00"));
                assertThat(l.ongoing()).isFalse();
            });
            assertThat(a.status()).isEqualTo(Status.MET);
        }
    }

    @Nested
    class Maintenance {

        @Test
        void wholeServiceWindowLeavesTheDenominatorAndHidesTheOutageInside() {
            Availability a = compute(juki(), NOV, LATER, allUpAnd(
                    t(DB1, "2026-11-15T03:00", "DOWN", "HEARTBEAT_MISSING"),
                    t(DB1, "2026-11-15T05:00", "UP", "CHECK_OK")),
                    List.of(window("mw-patch", jst("2026-11-15T02:00"), jst("2026-11-15T04:00"))), List.of());

            // planned 43,200 − 120 = 43,080 min; downtime only 04:00–05:00 = 60 min
            assertThat(a.plannedMonthMs()).isEqualTo(43_080 * MIN).isEqualTo(2_584_800_000L);
            assertThat(a.plannedMs()).isEqualTo(43_080 * MIN);
            assertThat(a.downtimeMs()).isEqualTo(60 * MIN);
            // (43,080 − 60) / 43,080 = 99.8607…
            assertThat(a.availabilityPercent()).isEqualTo(pct("99.860"));
            // 0.5 % of 2,584,800,000 = 12,924,000
            assertThat(a.budgetMs()).isEqualTo(12_924_000L);
            // Nov 15: 1440 − 120 = 1320 min planned, 60 down: (1320 − 60) / 1320 = 95.4545…
            assertThat(day(a, 15).plannedMs()).isEqualTo(1320 * MIN);
            assertThat(day(a, 15).downtimeMs()).isEqualTo(60 * MIN);
            assertThat(day(a, 15).availabilityPercent()).isEqualTo(pct("95.454"));
            assertThat(a.intervals()).containsExactly(
                    new Line(jst("2026-11-15T02:00"), jst("2026-11-15T04:00"), 120 * MIN, Kind.MAINTENANCE,
                            List.of(), List.of(), "PLANNED", false, null, false, List.of("mw-patch")),
                    new Line(jst("2026-11-15T04:00"), jst("2026-11-15T05:00"), 60 * MIN, Kind.DOWN, List.of(DB1),
                            List.of("HEARTBEAT_MISSING"), "VENDOR", true, null, false, List.of()));
        }

        @Test
        void targetScopedWindowOverTheCriticalServersOutageKeepsTheServiceUp() {
            Availability a = compute(juki(), NOV, LATER, allUpAnd(
                    t(DB1, "2026-11-15T03:00", "DOWN", "HEARTBEAT_MISSING"),
                    t(DB1, "2026-11-15T05:00", "UP", "CHECK_OK")),
                    List.of(window("mw-db", jst("2026-11-15T02:00"), jst("2026-11-15T06:00"), DB1)), List.of());

            // a target-scoped window does not leave the denominator; DB1 counts as UP inside it
            assertThat(a.plannedMonthMs()).isEqualTo(43_200 * MIN);
            assertThat(a.downtimeMs()).isZero();
            assertThat(a.intervals()).isEmpty();
            assertThat(a.availabilityPercent()).isEqualTo(pct("100.000"));
        }

        @Test
        void targetScopedWindowEndingDuringTheOutageLetsTheRestCount() {
            Availability a = compute(juki(), NOV, LATER, allUpAnd(
                    t(DB1, "2026-11-15T03:00", "DOWN", "HEARTBEAT_MISSING"),
                    t(DB1, "2026-11-15T05:00", "UP", "CHECK_OK")),
                    List.of(window("mw-db", jst("2026-11-15T02:00"), jst("2026-11-15T04:00"), DB1)), List.of());

            // DB1 DOWN since 03:00, but UP for the service until the window ends at 04:00: 04:00–05:00 = 60 min
            assertThat(a.downtimeMs()).isEqualTo(60 * MIN);
            assertThat(a.intervals()).singleElement().satisfies(l -> {
                assertThat(l.start()).isEqualTo(jst("2026-11-15T04:00"));
                assertThat(l.end()).isEqualTo(jst("2026-11-15T05:00"));
                assertThat(l.causes()).as("from the transition at 03:00").containsExactly("HEARTBEAT_MISSING");
            });
        }

        @Test
        void targetScopedWindowOnOneRedundantServerDoesNotHideTheOthersOutage() {
            Availability a = compute(juki(), NOV, LATER, allUpAnd(
                    t(AP1, "2026-11-15T03:00", "DOWN", "HEARTBEAT_MISSING"),
                    t(AP1, "2026-11-15T04:00", "UP", "CHECK_OK"),
                    t(AP2, "2026-11-15T03:30", "DOWN", "HEARTBEAT_MISSING"),
                    t(AP2, "2026-11-15T05:00", "UP", "CHECK_OK")),
                    List.of(window("mw-ap1", jst("2026-11-15T02:00"), jst("2026-11-15T04:00"), AP1)), List.of());

            // AP1 counts as UP until 04:00, and is UP from 04:00: the group is never all down
            assertThat(a.downtimeMs()).isZero();
        }

        @Test
        void cancelledWindowsAndOtherServicesWindowsPlanNothing() {
            MaintenanceWindow cancelled = window("mw-cancelled", jst("2026-11-15T02:00"), jst("2026-11-15T04:00"))
                    .cancel(jst("2026-11-14T12:00"), "tanaka");
            MaintenanceWindow other = new MaintenanceWindow("mw-other", "takamatsu-juki", List.of(), "Other",
                    jst("2026-11-15T02:00"), jst("2026-11-15T04:00"), null, "tanaka", jst("2026-10-01T00:00"), null,
                    null);

            Availability a = compute(juki(), NOV, LATER, allUpAnd(
                    t(DB1, "2026-11-15T03:00", "DOWN", "HEARTBEAT_MISSING"),
                    t(DB1, "2026-11-15T05:00", "UP", "CHECK_OK")), List.of(cancelled, other), List.of());

            assertThat(a.plannedMonthMs()).isEqualTo(43_200 * MIN);
            assertThat(a.downtimeMs()).isEqualTo(120 * MIN);
            assertThat(lines(a, Kind.MAINTENANCE)).isEmpty();
        }

        @Test
        void weeklyWindowIsRemovedEveryWeek() {
            MaintenanceWindow sundays = new MaintenanceWindow("mw-weekly", SERVICE, List.of(), "Weekly backup",
                    jst("2026-01-01T00:00"), null,
                    new Recurrence(List.of(SUNDAY), LocalTime.of(2, 0), Duration.ofHours(3), "Asia/Tokyo"),
                    "tanaka", jst("2026-01-01T00:00"), null, null);

            Availability a = compute(juki(), NOV, LATER, allUp(), List.of(sundays), List.of());

            // Sundays in November 2026: 1, 8, 15, 22, 29 -> 5 × 180 min = 900 min; 43,200 − 900 = 42,300 min
            assertThat(a.plannedMonthMs()).isEqualTo(42_300 * MIN);
            // 0.5 % of 42,300 min = 211.5 min = 12,690,000 ms
            assertThat(a.budgetMs()).isEqualTo(12_690_000L);
            assertThat(lines(a, Kind.MAINTENANCE)).hasSize(5).allSatisfy(l -> {
                assertThat(l.ms()).isEqualTo(180 * MIN);
                assertThat(l.maintenanceIds()).containsExactly("mw-weekly");
            });
            assertThat(lines(a, Kind.MAINTENANCE).get(0).start()).isEqualTo(jst("2026-11-01T02:00"));
        }

        @Test
        void overlappingWindowsAreRemovedOnce() {
            Availability a = compute(juki(), NOV, LATER, allUp(), List.of(
                    window("mw-a", jst("2026-11-15T02:00"), jst("2026-11-15T04:00")),
                    window("mw-b", jst("2026-11-15T03:00"), jst("2026-11-15T05:00"))), List.of());

            // 02:00–05:00 = 180 min, not 120 + 120
            assertThat(a.plannedMonthMs()).isEqualTo((43_200 - 180) * MIN);
            assertThat(lines(a, Kind.MAINTENANCE)).singleElement().satisfies(l -> {
                assertThat(l.ms()).isEqualTo(180 * MIN);
                assertThat(l.maintenanceIds()).containsExactly("mw-a", "mw-b");
            });
        }
    }

    @Nested
    class NoData {

        @Test
        void criticalServerWithoutDataIsCoverageNotDowntime() {
            Availability a = november(allUpAnd(
                    t(DB1, "2026-11-20T09:00", "UNKNOWN", "AGENT_SILENT"),
                    t(DB1, "2026-11-20T11:00", "UP", "CHECK_OK")));

            assertThat(a.noDataMs()).isEqualTo(120 * MIN).isEqualTo(7_200_000L);
            assertThat(a.downtimeMs()).isZero();
            assertThat(a.availabilityPercent()).isEqualTo(pct("100.000"));
            // (43,200 − 120) / 43,200 = 99.7222…
            assertThat(a.coveragePercent()).isEqualTo(pct("99.722"));
            assertThat(a.status()).isEqualTo(Status.MET);
            assertThat(day(a, 20).noDataMs()).isEqualTo(120 * MIN);
            assertThat(a.intervals()).containsExactly(new Line(jst("2026-11-20T09:00"), jst("2026-11-20T11:00"),
                    7_200_000L, Kind.NO_DATA, List.of(DB1), List.of("AGENT_SILENT"), null, false, null, false,
                    List.of()));
        }

        @Test
        void targetWithoutTransitionBeforeTheMonthIsUnknownUntilItsFirst() {
            List<TargetTransition> transitions = new ArrayList<>(allUp().stream()
                    .filter(t -> !t.targetId().equals(DB1)).toList());
            transitions.add(t(DB1, "2026-11-01T06:00", "UP", "CHECK_OK"));

            Availability a = november(transitions);

            // 00:00–06:00 = 360 min without data; (43,200 − 360) / 43,200 = 99.1666…
            assertThat(a.noDataMs()).isEqualTo(360 * MIN).isEqualTo(21_600_000L);
            assertThat(a.coveragePercent()).isEqualTo(pct("99.166"));
            assertThat(a.availabilityPercent()).isEqualTo(pct("100.000"));
            assertThat(a.intervals()).containsExactly(new Line(jst("2026-11-01T00:00"), jst("2026-11-01T06:00"),
                    21_600_000L, Kind.NO_DATA, List.of(DB1), List.of(), null, false, null, false, List.of()));
        }

        @Test
        void noDataThenDownAreSeparateLines() {
            Availability a = november(allUpAnd(
                    t(DB1, "2026-11-20T09:00", "UNKNOWN", "AGENT_SILENT"),
                    t(DB1, "2026-11-20T10:00", "DOWN", "HEARTBEAT_MISSING"),
                    t(DB1, "2026-11-20T11:00", "UP", "CHECK_OK")));

            assertThat(a.noDataMs()).isEqualTo(60 * MIN);
            assertThat(a.downtimeMs()).isEqualTo(60 * MIN);
            assertThat(a.intervals()).extracting(Line::kind, Line::start, Line::end).containsExactly(
                    tuple(Kind.NO_DATA, jst("2026-11-20T09:00"),
                            jst("2026-11-20T10:00")),
                    tuple(Kind.DOWN, jst("2026-11-20T10:00"),
                            jst("2026-11-20T11:00")));
        }

        @Test
        void redundancyGroupWithNoMemberUpAndOneWithoutDataIsNoData() {
            Availability a = november(allUpAnd(
                    t(AP1, "2026-11-20T09:00", "DOWN", "HEARTBEAT_MISSING"),
                    t(AP2, "2026-11-20T09:30", "UNKNOWN", "AGENT_SILENT"),
                    t(AP1, "2026-11-20T10:00", "UP", "CHECK_OK"),
                    t(AP2, "2026-11-20T10:00", "UP", "CHECK_OK")));

            // 09:30–10:00: AP1 DOWN, AP2 UNKNOWN -> the service cannot be told up: no data, not down
            assertThat(a.downtimeMs()).isZero();
            assertThat(a.noDataMs()).isEqualTo(30 * MIN);
            assertThat(a.intervals()).singleElement().satisfies(l -> assertThat(l.targets()).containsExactly(AP2));
        }

        @Test
        void serviceWithNoTransitionsAtAllHasNoCoverage() {
            Availability a = november(List.of());

            assertThat(a.noDataMs()).isEqualTo(a.plannedMs());
            assertThat(a.coveragePercent()).isEqualTo(pct("0.000"));
            // issue 14: 0 % coverage was shown as 100.000 % and MET; there is no evidence for either
            assertThat(a.availabilityPercent()).isNull();
            assertThat(a.contractualAvailabilityPercent()).isNull();
            assertThat(a.status()).isEqualTo(Status.INSUFFICIENT_DATA);
            assertThat(a.days()).allSatisfy(d -> assertThat(d.availabilityPercent()).isNull());
            assertThat(a.intervals()).singleElement().satisfies(l -> {
                assertThat(l.kind()).isEqualTo(Kind.NO_DATA);
                assertThat(l.targets()).containsExactly(AP1, AP2, DB1, EUC1);
            });
        }
    }

    @Nested
    class OfficeHours {

        /** Mon–Fri 08:30–17:30; closed on 文化の日 (Tue Nov 3) and 勤労感謝の日 (Mon Nov 23). */
        final ServiceHours office = new ServiceHours(
                List.of(new ServiceHours.Window(EnumSet.of(MONDAY, TUESDAY, WEDNESDAY, THURSDAY, FRIDAY),
                        LocalTime.of(8, 30), LocalTime.of(17, 30))),
                List.of(LocalDate.of(2026, 11, 3), LocalDate.of(2026, 11, 23)));
        final Service service = juki(office, new BigDecimal("99.5"), TOKYO);

        Availability november(List<TargetTransition> transitions, List<MaintenanceWindow> maintenance) {
            return compute(service, NOV, LATER, transitions, maintenance, List.of());
        }

        @Test
        void plannedTimeIsWeekdaysMinusClosedDates() {
            Availability a = november(allUp(), List.of());

            // Nov 2026 starts on a Sunday. Weekdays: 2–6, 9–13, 16–20, 23–27, 30 = 21;
            // minus Nov 3 and Nov 23 = 19
            // 19 days × 9 h (540 min) = 10,260 min = 615,600,000 ms
            assertThat(a.plannedMonthMs()).isEqualTo(10_260 * MIN).isEqualTo(615_600_000L);
            // 0.5 % of 10,260 min = 51.3 min = 3,078,000 ms
            assertThat(a.budgetMs()).isEqualTo(3_078_000L);
            assertThat(day(a, 1).plannedMs()).as("Sunday").isZero();
            assertThat(day(a, 1).availabilityPercent()).isNull();
            assertThat(day(a, 2).plannedMs()).as("Monday").isEqualTo(540 * MIN);
            assertThat(day(a, 3).plannedMs()).as("closed").isZero();
            assertThat(day(a, 7).plannedMs()).as("Saturday").isZero();
            assertThat(day(a, 23).plannedMs()).as("closed").isZero();
            assertThat(day(a, 30).plannedMs()).as("Monday").isEqualTo(540 * MIN);
            assertThat(a.days().stream().filter(d -> d.plannedMs() > 0)).hasSize(19);
        }

        @Test
        void onlyOutagesInsideServiceHoursCount() {
            Availability a = november(allUpAnd(
                    // Thursday 17:00–19:00: only 17:00–17:30 is planned
                    t(DB1, "2026-11-05T17:00", "DOWN", "HEARTBEAT_MISSING"),
                    t(DB1, "2026-11-05T19:00", "UP", "CHECK_OK"),
                    // Saturday: nothing planned
                    t(DB1, "2026-11-07T10:00", "DOWN", "HEARTBEAT_MISSING"),
                    t(DB1, "2026-11-07T12:00", "UP", "CHECK_OK"),
                    // closed date (Tuesday Nov 3): nothing planned
                    t(DB1, "2026-11-03T10:00", "DOWN", "HEARTBEAT_MISSING"),
                    t(DB1, "2026-11-03T11:00", "UP", "CHECK_OK")), List.of());

            assertThat(a.downtimeMs()).isEqualTo(30 * MIN).isEqualTo(1_800_000L);
            // (10,260 − 30) / 10,260 = 99.7076…
            assertThat(a.availabilityPercent()).isEqualTo(pct("99.707"));
            assertThat(day(a, 5).downtimeMs()).isEqualTo(30 * MIN);
            // (540 − 30) / 540 = 94.4444…
            assertThat(day(a, 5).availabilityPercent()).isEqualTo(pct("94.444"));
            assertThat(day(a, 7).downtimeMs()).isZero();
            assertThat(a.intervals()).singleElement().satisfies(l -> {
                assertThat(l.start()).isEqualTo(jst("2026-11-05T17:00"));
                assertThat(l.end()).isEqualTo(jst("2026-11-05T17:30"));
            });
            // 1,800,000 × 2 = 3,600,000 ≥ 3,078,000: half the budget is gone
            assertThat(a.status()).isEqualTo(Status.AT_RISK);
        }

        @Test
        void overnightOutageIsSplitAtPlannedTimeBoundaries() {
            Availability a = november(allUpAnd(
                    t(DB1, "2026-11-09T17:00", "DOWN", "HEARTBEAT_MISSING"),
                    t(DB1, "2026-11-10T09:00", "UP", "CHECK_OK")), List.of());

            // Mon 17:00–17:30 + Tue 08:30–09:00 = 60 min, as two lines
            assertThat(a.downtimeMs()).isEqualTo(60 * MIN);
            assertThat(lines(a, Kind.DOWN)).extracting(Line::start, Line::end).containsExactly(
                    tuple(jst("2026-11-09T17:00"), jst("2026-11-09T17:30")),
                    tuple(jst("2026-11-10T08:30"), jst("2026-11-10T09:00")));
            // 3,600,000 > 3,078,000
            assertThat(a.status()).isEqualTo(Status.BREACHED);
            assertThat(a.budgetLeftMs()).isEqualTo(-522_000L);
        }

        @Test
        void maintenanceRemovesOnlyServiceHours() {
            Availability a = november(allUp(), List.of(
                    window("mw-thu", jst("2026-11-05T17:00"), jst("2026-11-05T19:00")),
                    window("mw-sat", jst("2026-11-07T09:00"), jst("2026-11-07T18:00"))));

            // Thursday 17:00–17:30 leaves planned time; Saturday had none
            assertThat(a.plannedMonthMs()).isEqualTo((10_260 - 30) * MIN);
            assertThat(a.intervals()).containsExactly(new Line(jst("2026-11-05T17:00"), jst("2026-11-05T17:30"),
                    30 * MIN, Kind.MAINTENANCE, List.of(), List.of(), "PLANNED", false, null, false,
                    List.of("mw-thu")));
        }

        @Test
        void noDataOutsideServiceHoursIsNotReported() {
            Availability a = november(allUpAnd(
                    t(DB1, "2026-11-05T20:00", "UNKNOWN", "AGENT_SILENT"),
                    t(DB1, "2026-11-06T09:00", "UP", "CHECK_OK")), List.of());

            // only Friday 08:30–09:00 is planned
            assertThat(a.noDataMs()).isEqualTo(30 * MIN);
        }

        @Test
        void windowUntilEndOfDayRunsToMidnight() {
            ServiceHours evenings = new ServiceHours(List.of(new ServiceHours.Window(EnumSet.of(FRIDAY),
                    LocalTime.of(18, 0), ServiceHours.END_OF_DAY)), List.of());

            Availability a = compute(juki(evenings, new BigDecimal("99.5"), TOKYO), NOV, LATER, allUp(), List.of(),
                    List.of());

            // Fridays in November 2026: 6, 13, 20, 27 -> 4 × 6 h = 24 h
            assertThat(a.plannedMonthMs()).isEqualTo(24 * HOUR);
            assertThat(day(a, 6).plannedMs()).isEqualTo(6 * HOUR);
        }
    }

    @Nested
    class Attributions {

        final List<TargetTransition> outage = allUpAnd(
                t(DB1, "2026-11-18T13:00", "DOWN", "HEARTBEAT_MISSING"),
                t(DB1, "2026-11-18T14:00", "UP", "CHECK_OK"));

        @Test
        void timeAttributedToTheCloudIsExcludedFromTheContractualFigure() {
            Availability a = compute(juki(), NOV, LATER, outage, List.of(),
                    List.of(new Attribution(jst("2026-11-18T13:20"), jst("2026-11-18T15:00"), "CLOUD", "INC-7")));

            assertThat(a.downtimeMs()).isEqualTo(60 * MIN);
            assertThat(a.excludedMs()).isEqualTo(40 * MIN);
            assertThat(a.contractualDowntimeMs()).isEqualTo(20 * MIN).isEqualTo(1_200_000L);
            // (43,200 − 60) / 43,200 = 99.8611…; (43,200 − 20) / 43,200 = 99.9537…
            assertThat(a.availabilityPercent()).isEqualTo(pct("99.861"));
            assertThat(a.contractualAvailabilityPercent()).isEqualTo(pct("99.953"));
            assertThat(a.budgetUsedMs()).isEqualTo(1_200_000L);
            assertThat(a.budgetLeftMs()).isEqualTo(12_960_000L - 1_200_000L);
            assertThat(day(a, 18).excludedMs()).isEqualTo(40 * MIN);
            assertThat(day(a, 18).contractualDowntimeMs()).isEqualTo(20 * MIN);
            // (1440 − 20) / 1440 = 98.6111…
            assertThat(day(a, 18).contractualAvailabilityPercent()).isEqualTo(pct("98.611"));
            assertThat(a.intervals()).containsExactly(
                    new Line(jst("2026-11-18T13:00"), jst("2026-11-18T13:20"), 20 * MIN, Kind.DOWN, List.of(DB1),
                            List.of("HEARTBEAT_MISSING"), "VENDOR", true, null, false, List.of()),
                    new Line(jst("2026-11-18T13:20"), jst("2026-11-18T14:00"), 40 * MIN, Kind.DOWN, List.of(DB1),
                            List.of("HEARTBEAT_MISSING"), "CLOUD", false, "INC-7", false, List.of()));
        }

        @Test
        void vendorAttributionCarriesItsIncidentAndLosesWhereANonVendorOneOverlaps() {
            Availability a = compute(juki(), NOV, LATER, outage, List.of(), List.of(
                    new Attribution(jst("2026-11-18T13:00"), jst("2026-11-18T13:30"), "VENDOR", "INC-8"),
                    new Attribution(jst("2026-11-18T13:20"), jst("2026-11-18T15:00"), "CITY", "INC-7")));

            assertThat(a.contractualDowntimeMs()).isEqualTo(20 * MIN);
            assertThat(a.intervals()).extracting(Line::start, Line::attribution, Line::incidentId, Line::counted)
                    .containsExactly(
                            tuple(jst("2026-11-18T13:00"), "VENDOR", "INC-8", true),
                            tuple(jst("2026-11-18T13:20"), "CITY", "INC-7", false));
        }

        @Test
        void attributionOutsideDowntimeExcludesNothing() {
            Availability a = compute(juki(), NOV, LATER, outage, List.of(), List.of(
                    new Attribution(jst("2026-11-18T14:00"), jst("2026-11-18T16:00"), "EXTERNAL", "INC-9")));

            assertThat(a.excludedMs()).isZero();
            assertThat(a.contractualDowntimeMs()).isEqualTo(60 * MIN);
            assertThat(a.intervals()).singleElement().satisfies(l -> {
                assertThat(l.attribution()).isEqualTo("VENDOR");
                assertThat(l.incidentId()).isNull();
            });
        }

        @Test
        void fullyExcludedOutageLeavesTheContractualFigureWhole() {
            Availability a = compute(juki(), NOV, LATER, allUpAnd(
                    t(DB1, "2026-11-18T10:00", "DOWN", "AZ_FAILURE"),
                    t(DB1, "2026-11-18T15:00", "UP", "CHECK_OK")), List.of(),
                    List.of(new Attribution(jst("2026-11-18T09:00"), jst("2026-11-18T16:00"), "CLOUD", "INC-1")));

            // 300 min down, all of it the cloud's: (43,200 − 300) / 43,200 = 99.3055…
            assertThat(a.availabilityPercent()).isEqualTo(pct("99.305"));
            assertThat(a.contractualAvailabilityPercent()).isEqualTo(pct("100.000"));
            assertThat(a.status()).isEqualTo(Status.MET);
            assertThat(a.penaltyTier()).isNull();
        }

        @Test
        void unknownAttributionIsRejected() {
            assertThatThrownBy(() -> new Attribution(jst("2026-11-18T13:00"), jst("2026-11-18T14:00"), "GOD", null))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("GOD");
            assertThatThrownBy(() -> new Attribution(jst("2026-11-18T14:00"), jst("2026-11-18T13:00"), "CLOUD", null))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Nested
    class StatusAndPenalty {

        /** DB1 down from Nov 18 10:00 for exactly {@code ms}. */
        Availability downFor(long ms) {
            if (ms == 0) {
                return november(allUp());
            }
            Instant start = jst("2026-11-18T10:00");
            return november(allUpAnd(t(DB1, start, "DOWN", "HEARTBEAT_MISSING"),
                    t(DB1, start.plusMillis(ms), "UP", "CHECK_OK")));
        }

        @Test
        void exactlyHalfTheBudgetIsAtRisk() {
            // budget 12,960,000; half = 6,480,000 = 108 min
            assertThat(downFor(6_480_000L).status()).isEqualTo(Status.AT_RISK);
            assertThat(downFor(6_479_999L).status()).isEqualTo(Status.MET);
        }

        @Test
        void exactlyTheBudgetIsAtRiskAndOneMillisecondMoreIsBreached() {
            Availability atBudget = downFor(12_960_000L);
            assertThat(atBudget.status()).isEqualTo(Status.AT_RISK);
            assertThat(atBudget.budgetLeftMs()).isZero();
            // (2,592,000,000 − 12,960,000) / 2,592,000,000 = 99.5 exactly: no tier
            assertThat(atBudget.availabilityPercent()).isEqualTo(pct("99.500"));
            assertThat(atBudget.penaltyTier()).isNull();

            Availability over = downFor(12_960_001L);
            assertThat(over.status()).isEqualTo(Status.BREACHED);
            assertThat(over.budgetLeftMs()).isEqualTo(-1L);
            // 99.49999996…: truncated to 99.499, never rounded up to 99.500
            assertThat(over.availabilityPercent()).isEqualTo(pct("99.499"));
            assertThat(over.penaltyTier()).isEqualTo(TIER1);
        }

        @ParameterizedTest(name = "{0} ms down -> {1}")
        @CsvSource({
                // 0.8 % of 2,592,000,000 = 20,736,000 -> 99.2 %
                "20736000, 減額1, BREACHED",
                // 1 % = 25,920,000 -> 99.0 % exactly: not below 99.0
                "25920000, 減額1, BREACHED",
                "25920001, 減額2, BREACHED",
                // 2 % = 51,840,000 -> 98.0 %
                "51840000, 減額2, BREACHED",
                "6480000, , AT_RISK",
                "0, , MET"
        })
        void penaltyTierIsTheLowestThresholdStillAboveTheFigure(long downMs, String tier, Status status) {
            Availability a = downFor(downMs);

            assertThat(a.penaltyTier() == null ? null : a.penaltyTier().name()).isEqualTo(tier);
            assertThat(a.status()).isEqualTo(status);
        }

        @Test
        void noTiersNoPenalty() {
            Availability a = AvailabilityCalculator.compute(juki(), NOV, LATER, allUpAnd(
                    t(DB1, "2026-11-18T10:00", "DOWN", "HEARTBEAT_MISSING")), List.of(), List.of(), List.of());

            assertThat(a.status()).isEqualTo(Status.BREACHED);
            assertThat(a.penaltyTier()).isNull();
        }
    }

    @Nested
    class MonthSoFar {

        final Instant asOf = jst("2026-11-16T12:00");

        @Test
        void ongoingOutageInARunningMonth() {
            Availability a = compute(juki(), NOV, asOf, allUpAnd(
                    t(DB1, "2026-11-16T11:30", "DOWN", "HEARTBEAT_MISSING"),
                    // after asOf: not known yet
                    t(DB1, "2026-11-16T13:00", "UP", "CHECK_OK")), List.of(), List.of());

            assertThat(a.complete()).isFalse();
            assertThat(a.to()).isEqualTo(asOf);
            // 15 days + 12 h = 22,320 min so far, of 43,200 in the month
            assertThat(a.plannedMs()).isEqualTo(22_320 * MIN).isEqualTo(1_339_200_000L);
            assertThat(a.plannedMonthMs()).isEqualTo(43_200 * MIN);
            assertThat(a.budgetMs()).as("of the whole month").isEqualTo(12_960_000L);
            assertThat(a.downtimeMs()).isEqualTo(30 * MIN);
            // (22,320 − 30) / 22,320 = 99.8655…
            assertThat(a.availabilityPercent()).isEqualTo(pct("99.865"));
            assertThat(a.days()).hasSize(16);
            assertThat(day(a, 16).plannedMs()).isEqualTo(12 * HOUR);
            assertThat(a.intervals()).containsExactly(new Line(jst("2026-11-16T11:30"), asOf, 30 * MIN, Kind.DOWN,
                    List.of(DB1), List.of("HEARTBEAT_MISSING"), "VENDOR", true, null, true, List.of()));
            // 1,800,000 × 2 < 12,960,000, but down right now
            assertThat(a.status()).isEqualTo(Status.AT_RISK);
            assertThat(a.penaltyTier()).isNull();
        }

        @Test
        void recoveredOutageInARunningMonthIsMet() {
            Availability a = compute(juki(), NOV, jst("2026-11-16T14:00"), allUpAnd(
                    t(DB1, "2026-11-16T11:30", "DOWN", "HEARTBEAT_MISSING"),
                    t(DB1, "2026-11-16T13:00", "UP", "CHECK_OK")), List.of(), List.of());

            assertThat(a.downtimeMs()).isEqualTo(90 * MIN);
            assertThat(a.intervals()).singleElement().satisfies(l -> assertThat(l.ongoing()).isFalse());
            assertThat(a.status()).isEqualTo(Status.MET);
        }

        @Test
        void penaltyTierOfARunningMonthIsTheBestItCanStillEndAt() {
            // 240 min so far: the month can at best end at (43,200 − 240) / 43,200 = 99.444…% < 99.5
            Availability a = compute(juki(), NOV, asOf, allUpAnd(
                    t(DB1, "2026-11-02T10:00", "DOWN", "HEARTBEAT_MISSING"),
                    t(DB1, "2026-11-02T14:00", "UP", "CHECK_OK")), List.of(), List.of());

            assertThat(a.status()).isEqualTo(Status.BREACHED);
            assertThat(a.penaltyTier()).isEqualTo(TIER1);
            // (22,320 − 240) / 22,320 = 98.9247…
            assertThat(a.availabilityPercent()).isEqualTo(pct("98.924"));
        }

        @Test
        void ongoingOutageAtTheEndOfOctoberWhileOctoberRuns() {
            Availability a = compute(juki(), OCT, jst("2026-10-31T23:30"), allUpAnd(
                    t(DB1, "2026-10-31T23:00", "DOWN", "HEARTBEAT_MISSING")), List.of(), List.of());

            assertThat(a.downtimeMs()).isEqualTo(30 * MIN);
            assertThat(a.intervals()).singleElement().satisfies(l -> assertThat(l.ongoing()).isTrue());
            assertThat(a.status()).isEqualTo(Status.AT_RISK);
        }

        @Test
        void ongoingMaintenanceIsOngoingToo() {
            Availability a = compute(juki(), NOV, jst("2026-11-15T03:00"), allUp(),
                    List.of(window("mw-patch", jst("2026-11-15T02:00"), jst("2026-11-15T04:00"))), List.of());

            assertThat(a.plannedMonthMs()).isEqualTo(43_080 * MIN);
            // 14 days + 3 h − 1 h of maintenance = 20,160 + 120 = 20,280 min
            assertThat(a.plannedMs()).isEqualTo(20_280 * MIN);
            assertThat(a.intervals()).singleElement().satisfies(l -> {
                assertThat(l.kind()).isEqualTo(Kind.MAINTENANCE);
                assertThat(l.end()).isEqualTo(jst("2026-11-15T03:00"));
                assertThat(l.ongoing()).isTrue();
            });
            assertThat(a.status()).isEqualTo(Status.MET);
        }

        @Test
        void beforeTheMonthStartsNothingIsPlannedYet() {
            Availability a = compute(juki(), NOV, jst("2026-10-20T00:00"), allUp(), List.of(), List.of());

            assertThat(a.to()).isEqualTo(a.from());
            assertThat(a.plannedMs()).isZero();
            assertThat(a.plannedMonthMs()).isEqualTo(43_200 * MIN);
            assertThat(a.availabilityPercent()).isNull();
            assertThat(a.contractualAvailabilityPercent()).isNull();
            assertThat(a.coveragePercent()).isNull();
            assertThat(a.days()).isEmpty();
            assertThat(a.intervals()).isEmpty();
            assertThat(a.status()).isEqualTo(Status.MET);
            assertThat(a.budgetMs()).isEqualTo(12_960_000L);
        }

        @Test
        void asOfExactlyAtTheMonthEndIsComplete() {
            Availability a = compute(juki(), NOV, jst("2026-12-01T00:00"), allUpAnd(
                    t(DB1, "2026-11-30T23:00", "DOWN", "HEARTBEAT_MISSING")), List.of(), List.of());

            assertThat(a.complete()).isTrue();
            assertThat(a.plannedMs()).isEqualTo(a.plannedMonthMs());
            assertThat(a.intervals()).singleElement().satisfies(l -> assertThat(l.ongoing()).isFalse());
            assertThat(a.status()).isEqualTo(Status.MET);
        }

        @Test
        void asOfAtMidnightEndsTheDaysThere() {
            Availability a = compute(juki(), NOV, jst("2026-11-15T00:00"), allUp(), List.of(), List.of());

            assertThat(a.days()).hasSize(14);
            assertThat(a.plannedMs()).isEqualTo(14 * DAY);
        }
    }

    @Nested
    class Ordering {

        List<TargetTransition> rich() {
            return allUpAnd(
                    // an earlier month's outage: only the last transition before the month matters
                    t(DB1, "2026-10-05T10:00", "DOWN", "OLD"),
                    t(DB1, "2026-10-05T11:00", "UP", "CHECK_OK"),
                    t(AP1, "2026-11-12T10:00", "DOWN", "HEARTBEAT_MISSING"),
                    t(AP1, "2026-11-12T10:30", "UP", "CHECK_OK"),
                    t(AP2, "2026-11-12T10:20", "DOWN", "HTTP_FAILED"),
                    t(AP2, "2026-11-12T11:00", "UP", "CHECK_OK"),
                    t(DB1, "2026-11-12T10:25", "DOWN", "PORT_CLOSED"),
                    t(DB1, "2026-11-12T10:40", "UP", "CHECK_OK"),
                    t(DB1, "2026-11-20T09:00", "UNKNOWN", "AGENT_SILENT"),
                    t(DB1, "2026-11-20T11:00", "UP", "CHECK_OK"),
                    t(EUC1, "2026-11-21T09:00", "DOWN", "DISK_FULL"),
                    t(EUC1, "2026-11-21T09:30", "UP", "CHECK_OK"),
                    t(DB1, "2026-11-30T23:00", "DOWN", "HEARTBEAT_MISSING"));
        }

        @Test
        void unorderedInputGivesTheSameFigure() {
            Availability expected = november(rich());
            assertThat(expected.downtimeMs()).isEqualTo((20 + 60) * MIN);
            assertThat(expected.noDataMs()).isEqualTo(120 * MIN);

            Random random = new Random(42);
            for (int i = 0; i < 20; i++) {
                List<TargetTransition> shuffled = new ArrayList<>(rich());
                Collections.shuffle(shuffled, random);
                assertThat(november(shuffled)).isEqualTo(expected);
            }
            List<TargetTransition> reversed = new ArrayList<>(rich());
            Collections.reverse(reversed);
            assertThat(november(reversed)).isEqualTo(expected);
        }

        @Test
        void simultaneousTransitionsAreAppliedTogether() {
            // AP2 down since 09:00; at 10:00 AP2 comes back exactly when AP1 goes down: the group is never all down
            List<TargetTransition> transitions = allUpAnd(
                    t(AP2, "2026-11-12T09:00", "DOWN", "HTTP_FAILED"),
                    t(AP1, "2026-11-12T10:00", "DOWN", "HEARTBEAT_MISSING"),
                    t(AP2, "2026-11-12T10:00", "UP", "CHECK_OK"),
                    t(AP1, "2026-11-12T11:00", "UP", "CHECK_OK"));

            Availability a = november(transitions);
            assertThat(a.downtimeMs()).isZero();
            assertThat(a.intervals()).isEmpty();

            List<TargetTransition> reversed = new ArrayList<>(transitions);
            Collections.reverse(reversed);
            assertThat(november(reversed)).isEqualTo(a);
        }

        @Test
        void twoTransitionsOfOneTargetAtOneInstantResolveTheSameWayInAnyOrder() {
            TargetTransition down = t(DB1, "2026-11-12T10:00", "DOWN", "HEARTBEAT_MISSING");
            TargetTransition up = t(DB1, "2026-11-12T10:00", "UP", "CHECK_OK");
            TargetTransition laterUp = t(DB1, "2026-11-12T10:05", "UP", "CHECK_OK");

            Availability a = november(allUpAnd(down, up, laterUp));
            Availability b = november(allUpAnd(up, down, laterUp));

            assertThat(a).isEqualTo(b);
            // DOWN wins the tie (never over-report availability): 10:00–10:05
            assertThat(a.downtimeMs()).isEqualTo(5 * MIN);
        }

        @Test
        void transitionsOfOtherTargetsAreIgnored() {
            Availability a = november(allUpAnd(
                    t("takamatsu/tkm-juki-db1", "2026-11-12T10:00", "DOWN", "HEARTBEAT_MISSING")));

            assertThat(a.downtimeMs()).isZero();
        }

        @Test
        void repeatedStatusKeepsTheCauseOfTheTransitionThatMadeItDown() {
            Availability a = november(allUpAnd(
                    t(DB1, "2026-11-12T10:00", "DOWN", "HEARTBEAT_MISSING"),
                    t(DB1, "2026-11-12T10:10", "DOWN", "PORT_CLOSED"),
                    t(DB1, "2026-11-12T10:20", "UP", "CHECK_OK")));

            assertThat(a.intervals()).singleElement().satisfies(l -> {
                assertThat(l.ms()).isEqualTo(20 * MIN);
                assertThat(l.causes()).containsExactly("HEARTBEAT_MISSING");
            });
        }

        @Test
        void subMillisecondDigitsAreDropped() {
            Instant start = jst("2026-11-12T10:00").plusNanos(999_999);
            Availability a = november(allUpAnd(t(DB1, start, "DOWN", "HEARTBEAT_MISSING"),
                    t(DB1, jst("2026-11-12T10:00").plusMillis(1500).plusNanos(1), "UP", "CHECK_OK")));

            assertThat(a.downtimeMs()).isEqualTo(1500L);
            assertThat(a.intervals().get(0).start()).isEqualTo(jst("2026-11-12T10:00"));
        }

        @Test
        void invalidTransitionIsRejected() {
            assertThatThrownBy(() -> t(DB1, "2026-11-12T10:00", "DEGRADED", null))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("DEGRADED");
        }
    }

    @Nested
    class Output {

        @Test
        void serialisesToJson() throws Exception {
            Availability a = compute(juki(), NOV, LATER, allUpAnd(
                    t(DB1, "2026-11-10T23:30", "DOWN", "HEARTBEAT_MISSING"),
                    t(DB1, "2026-11-11T01:15", "UP", "CHECK_OK")), List.of(), List.of());
            ObjectMapper mapper = new ObjectMapper().registerModule(new JavaTimeModule())
                    .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

            JsonNode json = mapper.readTree(mapper.writeValueAsString(a));

            assertThat(json.get("serviceId").asText()).isEqualTo(SERVICE);
            assertThat(json.get("month").asText()).isEqualTo("2026-11");
            assertThat(json.get("zone").asText()).isEqualTo("Asia/Tokyo");
            assertThat(json.get("availabilityPercent").decimalValue()).isEqualTo(pct("99.756"));
            assertThat(json.get("budgetMs").asLong()).isEqualTo(12_960_000L);
            assertThat(json.get("status").asText()).isEqualTo("MET");
            assertThat(json.get("intervals").get(0).get("kind").asText()).isEqualTo("DOWN");
            assertThat(json.get("intervals").get(0).get("start").asText()).isEqualTo("2026-11-10T14:30:00Z");
            assertThat(json.get("days").get(9).get("date").asText()).isEqualTo("2026-11-10");
        }
    }

    /**
     * The scale of the largest deployment, computed in the normal suite for what it gives, not for how fast: a
     * time bound here would fail on a busy machine and prove little. Speed is measured by the availability
     * benchmark (bench/availability.sh, docs/benchmarks.md), against a baseline in the same run.
     */
    @Nested
    class Scale {

        @Test
        void tenThousandTargetsOfAThousandServicesAreComputed() {
            // 1,000 services of 10 targets (2 redundancy groups of 3, 2 critical, 2 plain), 5 outages a target:
            // 10,000 targets, 110,000 transitions
            Random random = new Random(7);
            List<Service> services = new ArrayList<>();
            List<List<TargetTransition>> inputs = new ArrayList<>();
            long monthStart = jst("2026-11-01T00:00").toEpochMilli();
            for (int s = 0; s < 1_000; s++) {
                List<Target> targets = new ArrayList<>();
                List<TargetTransition> transitions = new ArrayList<>();
                for (int k = 0; k < 10; k++) {
                    String id = "city" + s + "/host" + k;
                    targets.add(target(id, "AP", k >= 6 && k < 8, k < 3 ? "g1" : k < 6 ? "g2" : null));
                    transitions.add(t(id, jst("2026-10-31T00:00"), "UP", "CHECK_OK"));
                    for (int o = 0; o < 5; o++) {
                        long start = monthStart + (long) random.nextInt(30 * 24 * 60) * MIN;
                        transitions.add(t(id, Instant.ofEpochMilli(start), "DOWN", "HEARTBEAT_MISSING"));
                        transitions.add(t(id, Instant.ofEpochMilli(start + random.nextInt(30) * MIN + MIN), "UP",
                                "CHECK_OK"));
                    }
                }
                Collections.shuffle(transitions, random);
                services.add(new Service("svc" + s, "city" + s, "juki", "v", new BigDecimal("99.5"), TOKYO, targets));
                inputs.add(transitions);
            }

            long total = 0;
            for (int s = 0; s < services.size(); s++) {
                total += AvailabilityCalculator.compute(services.get(s), NOV, LATER, inputs.get(s), List.of(),
                        List.of(), TIERS).downtimeMs();
            }

            assertThat(total).isPositive();
        }
    }
}
