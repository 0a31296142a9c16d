package io.mihari.model.availability;

import io.mihari.model.availability.Availability.Status;

import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One service's availability over a quarter or a year, from its frozen months (the reports of record): the cities'
 * quarterly report meeting (定期報告会) and contracts that compute penalties per quarter or year read it.
 * <p>
 * The figure is weighted by planned time: {@code (Σ planned − Σ downtime) / Σ planned} over the months — not the
 * mean of the monthly percentages (a month with less planned time weighs less). The budget is the sum of the months'
 * budgets; the verdict is the monthly rule ({@link AvailabilityCalculator}) applied to the sums. A period with a
 * month not frozen yet is not complete: its figures are those of the frozen months so far, it names the missing
 * months, and it has no verdict and no penalty tier.
 *
 * @param serviceId the service
 * @param period {@code 2026-Q3} (July–September), {@code 2026} (the calendar year), {@code FY2026} (the fiscal year
 *        年度: April 2026 – March 2027) or {@code FY2026-Q1} (April–June 2026)
 * @param months every month of the period, in order
 * @param missingMonths the months with no report of record (not over, or not frozen yet)
 * @param complete whether every month of the period is frozen
 * @param target the availability target when every frozen month has the same; null otherwise
 * @param plannedMs Σ planned time of the frozen months
 * @param downtimeMs Σ downtime
 * @param excludedMs Σ downtime outside the vendor's responsibility
 * @param contractualDowntimeMs Σ counted downtime
 * @param noDataMs Σ planned time without data
 * @param availabilityPercent {@code (plannedMs - downtimeMs) / plannedMs × 100}, truncated to 3 decimals; null when
 *        nothing is planned or there is no data at all
 * @param contractualAvailabilityPercent {@code (plannedMs - contractualDowntimeMs) / plannedMs × 100}, truncated;
 *        null likewise
 * @param coveragePercent {@code (plannedMs - noDataMs) / plannedMs × 100}, truncated; null when nothing is planned
 * @param minCoveragePercent the minimum coverage the verdict applies
 * @param budgetMs Σ the months' budgets
 * @param budgetUsedMs {@code contractualDowntimeMs}
 * @param budgetLeftMs {@code budgetMs - budgetUsedMs}
 * @param status the verdict over the period; null while a month is missing
 * @param penaltyTier the catalog's tier for the period's counted figure (for contracts that compute penalties per
 *        quarter or year); null while a month is missing or when none applies
 * @param monthly the frozen months (figures only), in order
 */
public record AvailabilityPeriod(String serviceId, String period, List<YearMonth> months,
        List<YearMonth> missingMonths, boolean complete, BigDecimal target, long plannedMs, long downtimeMs,
        long excludedMs, long contractualDowntimeMs, long noDataMs, BigDecimal availabilityPercent,
        BigDecimal contractualAvailabilityPercent, BigDecimal coveragePercent, BigDecimal minCoveragePercent,
        long budgetMs, long budgetUsedMs, long budgetLeftMs, Status status, PenaltyTier penaltyTier,
        List<Availability> monthly) {

    private static final Pattern QUARTER = Pattern.compile("(FY)?(\\d{4})-Q([1-4])");
    private static final Pattern YEAR = Pattern.compile("(FY)?(\\d{4})");

    public AvailabilityPeriod {
        months = List.copyOf(months);
        missingMonths = List.copyOf(missingMonths);
        monthly = List.copyOf(monthly);
    }

    /** The months of a quarter: {@code 2026-Q3} = 2026-07..09, {@code FY2026-Q1} = 2026-04..06 (年度の第1四半期). */
    public static List<YearMonth> quarter(String id) {
        Matcher m = id == null ? null : QUARTER.matcher(id.trim());
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException("a quarter is nnnn-Qn (calendar) or FYnnnn-Qn (fiscal year from April), "
                    + "e.g. 2026-Q3 or FY2026-Q1; was '" + id + "'");
        }
        int year = Integer.parseInt(m.group(2));
        int q = Integer.parseInt(m.group(3));
        YearMonth first = m.group(1) == null ? YearMonth.of(year, 3 * q - 2) : YearMonth.of(year, 4).plusMonths(3L * (q - 1));
        return List.of(first, first.plusMonths(1), first.plusMonths(2));
    }

    /** The months of a year: {@code 2026} = 2026-01..12, {@code FY2026} = 2026-04..2027-03 (年度). */
    public static List<YearMonth> year(String id) {
        Matcher m = id == null ? null : YEAR.matcher(id.trim());
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException("a year is nnnn (calendar) or FYnnnn (fiscal year from April), e.g. 2026 "
                    + "or FY2026; was '" + id + "'");
        }
        YearMonth first = YearMonth.of(Integer.parseInt(m.group(2)), m.group(1) == null ? 1 : 4);
        List<YearMonth> months = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            months.add(first.plusMonths(i));
        }
        return List.copyOf(months);
    }

    /**
     * Combines the frozen months of a period.
     *
     * @param serviceId the service
     * @param period the period's id, as given
     * @param months every month of the period
     * @param frozen the report of record of each month that has one (figures; days and lines are not needed);
     *        months outside {@code months} are ignored
     * @param minCoverage the service's minimum coverage (the catalog's); null = {@link
     *        AvailabilityCalculator#DEFAULT_MIN_COVERAGE}
     * @param tiers the service's penalty tiers
     */
    public static AvailabilityPeriod combine(String serviceId, String period, List<YearMonth> months,
            Map<YearMonth, Availability> frozen, BigDecimal minCoverage, List<PenaltyTier> tiers) {
        Objects.requireNonNull(months, "months");
        BigDecimal min = minCoverage == null ? AvailabilityCalculator.DEFAULT_MIN_COVERAGE : minCoverage;
        List<YearMonth> missing = new ArrayList<>();
        List<Availability> monthly = new ArrayList<>();
        long planned = 0;
        long down = 0;
        long excluded = 0;
        long counted = 0;
        long noData = 0;
        long budget = 0;
        BigDecimal target = null;
        boolean sameTarget = true;
        for (YearMonth month : months) {
            Availability a = frozen == null ? null : frozen.get(month);
            if (a == null) {
                missing.add(month);
                continue;
            }
            monthly.add(a);
            planned += a.plannedMs();
            down += a.downtimeMs();
            excluded += a.excludedMs();
            counted += a.contractualDowntimeMs();
            noData += a.noDataMs();
            budget += a.budgetMs();
            if (target == null && sameTarget) {
                target = a.target();
            } else if (target != null && a.target() != null && target.compareTo(a.target()) != 0) {
                sameTarget = false;
                target = null;
            }
        }
        boolean complete = missing.isEmpty();
        Status status = complete
                ? AvailabilityCalculator.verdict(counted, budget, false, planned, noData, min) : null;
        PenaltyTier tier = complete && AvailabilityCalculator.availability(planned, noData, counted) != null
                ? AvailabilityCalculator.tier(tiers == null ? List.of() : tiers, planned, counted) : null;
        return new AvailabilityPeriod(serviceId, period, months, missing, complete, target, planned, down, excluded,
                counted, noData, AvailabilityCalculator.availability(planned, noData, down),
                AvailabilityCalculator.availability(planned, noData, counted),
                AvailabilityCalculator.percent(planned, noData), min, budget, counted, budget - counted, status, tier,
                monthly);
    }

    /** Whether {@code id} names a quarter ({@code 2026-Q3}, {@code FY2026-Q1}) rather than a year. */
    public static boolean isQuarter(String id) {
        return id != null && QUARTER.matcher(id.trim()).matches();
    }
}
