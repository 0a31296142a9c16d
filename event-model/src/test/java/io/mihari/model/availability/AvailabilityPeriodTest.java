package io.mihari.model.availability;

import io.mihari.model.availability.Availability.Status;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.mihari.model.availability.AvailabilityCalculatorTest.AP1;
import static io.mihari.model.availability.AvailabilityCalculatorTest.AP2;
import static io.mihari.model.availability.AvailabilityCalculatorTest.DB1;
import static io.mihari.model.availability.AvailabilityCalculatorTest.EUC1;
import static io.mihari.model.availability.AvailabilityCalculatorTest.LATER;
import static io.mihari.model.availability.AvailabilityCalculatorTest.TIERS;
import static io.mihari.model.availability.AvailabilityCalculatorTest.compute;
import static io.mihari.model.availability.AvailabilityCalculatorTest.juki;
import static io.mihari.model.availability.AvailabilityCalculatorTest.pct;
import static io.mihari.model.availability.AvailabilityCalculatorTest.t;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Quarters and years from the frozen months, weighted by planned time. Hand-computed, 2026-Q3 around the clock:
 * <ul>
 * <li>July (31 days, 44,640 min): DB1 down 60 min → 99.865 %, budget 223.2 min, MET;</li>
 * <li>August (31 days, 44,640 min): DB1 down 300 min → 99.327 %, BREACHED;</li>
 * <li>September (30 days, 43,200 min): no downtime → 100.000 %, budget 216 min, MET.</li>
 * </ul>
 * Quarter: (132,480 − 360) / 132,480 = 99.72826 % → 99.728 % (the mean of the monthly percentages would say 99.730 %);
 * budget 223.2 + 223.2 + 216 = 662.4 min; 360 min used is more than half: AT_RISK.
 */
class AvailabilityPeriodTest {

    static final YearMonth JUL = YearMonth.of(2026, 7);
    static final YearMonth AUG = YearMonth.of(2026, 8);
    static final YearMonth SEP = YearMonth.of(2026, 9);

    static Availability month(YearMonth month, String downFrom, String upAt) {
        List<TargetTransition> transitions = new ArrayList<>();
        for (String id : List.of(AP1, AP2, DB1, EUC1)) {
            transitions.add(t(id, "2026-06-30T12:00", "UP", "CHECK_OK"));
        }
        if (downFrom != null) {
            transitions.add(t(DB1, downFrom, "DOWN", "HEARTBEAT_MISSING"));
            transitions.add(t(DB1, upAt, "UP", "CHECK_OK"));
        }
        return compute(juki(), month, LATER, transitions, List.of(), List.of());
    }

    static Map<YearMonth, Availability> q3() {
        Map<YearMonth, Availability> frozen = new HashMap<>();
        frozen.put(JUL, month(JUL, "2026-07-15T10:00", "2026-07-15T11:00"));
        frozen.put(AUG, month(AUG, "2026-08-20T09:00", "2026-08-20T14:00"));
        frozen.put(SEP, month(SEP, null, null));
        return frozen;
    }

    @Test
    void aQuarterIsWeightedByPlannedTimeNotTheMeanOfPercentages() {
        Map<YearMonth, Availability> frozen = q3();
        assertThat(frozen.get(JUL).contractualAvailabilityPercent()).isEqualTo(pct("99.865"));
        assertThat(frozen.get(AUG).contractualAvailabilityPercent()).isEqualTo(pct("99.327"));
        assertThat(frozen.get(AUG).status()).isEqualTo(Status.BREACHED);
        assertThat(frozen.get(SEP).contractualAvailabilityPercent()).isEqualTo(pct("100.000"));

        AvailabilityPeriod q = AvailabilityPeriod.combine("kurashiki-juki", "2026-Q3",
                AvailabilityPeriod.quarter("2026-Q3"), frozen, null, TIERS);

        assertThat(q.complete()).isTrue();
        assertThat(q.missingMonths()).isEmpty();
        assertThat(q.months()).containsExactly(JUL, AUG, SEP);
        assertThat(q.monthly()).extracting(Availability::month).containsExactly(JUL, AUG, SEP);
        assertThat(q.plannedMs()).isEqualTo(132_480 * 60_000L).isEqualTo(7_948_800_000L);
        assertThat(q.downtimeMs()).isEqualTo(21_600_000L);
        assertThat(q.contractualDowntimeMs()).isEqualTo(21_600_000L);
        assertThat(q.noDataMs()).isZero();
        assertThat(q.availabilityPercent()).isEqualTo(pct("99.728"));
        assertThat(q.contractualAvailabilityPercent()).isEqualTo(pct("99.728"));
        assertThat(q.coveragePercent()).isEqualTo(pct("100.000"));
        assertThat(q.budgetMs()).isEqualTo(13_392_000L + 13_392_000L + 12_960_000L).isEqualTo(39_744_000L);
        assertThat(q.budgetLeftMs()).isEqualTo(18_144_000L);
        assertThat(q.target()).isEqualByComparingTo("99.5");
        assertThat(q.status()).isEqualTo(Status.AT_RISK);
        assertThat(q.penaltyTier()).isNull();
    }

    @Test
    void aPeriodWithAMonthNotFrozenSaysSoAndHasNoVerdict() {
        Map<YearMonth, Availability> frozen = q3();
        frozen.remove(SEP);

        AvailabilityPeriod q = AvailabilityPeriod.combine("kurashiki-juki", "2026-Q3",
                AvailabilityPeriod.quarter("2026-Q3"), frozen, null, TIERS);

        assertThat(q.complete()).isFalse();
        assertThat(q.missingMonths()).containsExactly(SEP);
        // July and August so far: (89,280 − 360) / 89,280 = 99.5967… %
        assertThat(q.plannedMs()).isEqualTo(89_280 * 60_000L);
        assertThat(q.contractualAvailabilityPercent()).isEqualTo(pct("99.596"));
        assertThat(q.status()).isNull();
        assertThat(q.penaltyTier()).isNull();
    }

    @Test
    void aBlindMonthMakesTheQuarterInsufficientDataAndNoMonthsAtAllGiveNoFigure() {
        Map<YearMonth, Availability> frozen = q3();
        // September without any data: 43,200 of 132,480 planned minutes unknown, coverage 67.391 %
        frozen.put(SEP, compute(juki(), SEP, LATER, List.of(), List.of(), List.of()));
        assertThat(frozen.get(SEP).status()).isEqualTo(Status.INSUFFICIENT_DATA);

        AvailabilityPeriod q = AvailabilityPeriod.combine("kurashiki-juki", "2026-Q3",
                AvailabilityPeriod.quarter("2026-Q3"), frozen, new BigDecimal("95"), TIERS);
        assertThat(q.coveragePercent()).isEqualTo(pct("67.391"));
        // 360 of 662.4 budget minutes is more than half: measured trouble wins over the missing data
        assertThat(q.status()).isEqualTo(Status.AT_RISK);

        frozen.put(JUL, month(JUL, null, null));
        frozen.put(AUG, month(AUG, null, null));
        AvailabilityPeriod quiet = AvailabilityPeriod.combine("kurashiki-juki", "2026-Q3",
                AvailabilityPeriod.quarter("2026-Q3"), frozen, null, TIERS);
        assertThat(quiet.status()).isEqualTo(Status.INSUFFICIENT_DATA);
        assertThat(quiet.contractualAvailabilityPercent()).isEqualTo(pct("100.000"));

        AvailabilityPeriod none = AvailabilityPeriod.combine("kurashiki-juki", "2026-Q3",
                AvailabilityPeriod.quarter("2026-Q3"), Map.of(SEP, frozen.get(SEP)), null, TIERS);
        assertThat(none.missingMonths()).containsExactly(JUL, AUG);
        assertThat(none.availabilityPercent()).isNull();
        assertThat(none.contractualAvailabilityPercent()).isNull();
    }

    @Test
    void aYearAppliesTheCatalogsTiersToItsFigure() {
        Map<YearMonth, Availability> frozen = new HashMap<>();
        for (YearMonth m : AvailabilityPeriod.year("2026")) {
            frozen.put(m, month(m, null, null));
        }
        // 2026 has 365 days = 525,600 min; 3,000 min down in August → 522,600 / 525,600 = 99.42922… % (減額1)
        frozen.put(AUG, month(AUG, "2026-08-01T00:00", "2026-08-03T02:00"));

        AvailabilityPeriod y = AvailabilityPeriod.combine("kurashiki-juki", "2026", AvailabilityPeriod.year("2026"),
                frozen, null, TIERS);

        assertThat(y.complete()).isTrue();
        assertThat(y.plannedMs()).isEqualTo(525_600 * 60_000L);
        assertThat(y.contractualDowntimeMs()).isEqualTo(3_000 * 60_000L);
        assertThat(y.contractualAvailabilityPercent()).isEqualTo(pct("99.429"));
        // budget 0.5 % of 525,600 min = 2,628 min < 3,000 min
        assertThat(y.budgetMs()).isEqualTo(157_680_000L);
        assertThat(y.status()).isEqualTo(Status.BREACHED);
        assertThat(y.penaltyTier()).isNotNull().extracting(PenaltyTier::name).isEqualTo("減額1");
    }

    @Test
    void quartersAndYearsAreCalendarOrFiscal() {
        assertThat(AvailabilityPeriod.quarter("2026-Q3")).containsExactly(JUL, AUG, SEP);
        assertThat(AvailabilityPeriod.quarter("2026-Q1")).containsExactly(YearMonth.of(2026, 1),
                YearMonth.of(2026, 2), YearMonth.of(2026, 3));
        assertThat(AvailabilityPeriod.quarter("FY2026-Q1")).containsExactly(YearMonth.of(2026, 4),
                YearMonth.of(2026, 5), YearMonth.of(2026, 6));
        assertThat(AvailabilityPeriod.quarter("FY2026-Q4")).containsExactly(YearMonth.of(2027, 1),
                YearMonth.of(2027, 2), YearMonth.of(2027, 3));
        assertThat(AvailabilityPeriod.year("2026")).hasSize(12).startsWith(YearMonth.of(2026, 1))
                .endsWith(YearMonth.of(2026, 12));
        assertThat(AvailabilityPeriod.year("FY2026")).hasSize(12).startsWith(YearMonth.of(2026, 4))
                .endsWith(YearMonth.of(2027, 3));
        assertThatThrownBy(() -> AvailabilityPeriod.quarter("2026-Q5")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2026-Q5");
        assertThatThrownBy(() -> AvailabilityPeriod.year("26")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AvailabilityPeriod.year(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
