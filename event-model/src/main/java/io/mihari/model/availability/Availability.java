package io.mihari.model.availability;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.List;

/**
 * One service's availability (サービス稼働率) for one calendar month, or for the month so far. Computed by
 * {@link AvailabilityCalculator#compute}; every figure is exact milliseconds, every percentage truncated (never
 * rounded up) to three decimals, and {@link #intervals()} lists the lines the figures add up from.
 *
 * @param serviceId the service
 * @param month the calendar month in {@link #zone()}
 * @param zone where the month, its days and the service hours are counted
 * @param from the month's first instant (the 1st, 00:00 local)
 * @param to the end of the evaluated range: the month's end, or {@code asOf} while the month runs
 * @param complete whether the month is over ({@code asOf} at or after its end)
 * @param target the availability target in percent, e.g. {@code 99.5}
 * @param plannedMonthMs planned service time of the whole month: service hours minus closed dates minus
 *        whole-service maintenance
 * @param plannedMs planned service time within {@code [from, to)}; the denominator of the percentages
 * @param downtimeMs service DOWN within planned time
 * @param excludedMs the part of {@code downtimeMs} attributed outside the vendor's responsibility
 * @param contractualDowntimeMs {@code downtimeMs - excludedMs}: what counts against the vendor
 * @param noDataMs planned time in which the service status was UNKNOWN (no data); neither up nor down
 * @param availabilityPercent {@code (plannedMs - downtimeMs) / plannedMs × 100}, truncated to 3 decimals; null when
 *        nothing is planned or there is no evidence at all (every planned millisecond without data): shown as '—',
 *        never as 100 %
 * @param contractualAvailabilityPercent {@code (plannedMs - contractualDowntimeMs) / plannedMs × 100}, truncated;
 *        null when nothing is planned or there is no evidence at all
 * @param coveragePercent {@code (plannedMs - noDataMs) / plannedMs × 100}, truncated; null when nothing is planned
 * @param minCoveragePercent the coverage below which the month is INSUFFICIENT_DATA instead of MET (the catalog's
 *        {@code minCoverage}); null in reports frozen before it existed
 * @param budgetMs allowed contractual downtime of the month: {@code (100 - target) / 100 × plannedMonthMs}, rounded
 *        down to a whole millisecond
 * @param budgetUsedMs {@code contractualDowntimeMs}
 * @param budgetLeftMs {@code budgetMs - budgetUsedMs}; negative once breached
 * @param status MET, AT_RISK, BREACHED or INSUFFICIENT_DATA
 * @param penaltyTier the tier that applies to the month's contractual availability over {@code plannedMonthMs}
 *        (for a running month: the best it can still end at); null when none applies
 * @param days one line per local date of the month up to {@code to}
 * @param intervals the DOWN, NO_DATA and MAINTENANCE lines within {@code [from, to)}, sorted by start
 */
public record Availability(String serviceId, YearMonth month, ZoneId zone, Instant from, Instant to,
        boolean complete, BigDecimal target, long plannedMonthMs, long plannedMs, long downtimeMs, long excludedMs,
        long contractualDowntimeMs, long noDataMs, BigDecimal availabilityPercent,
        BigDecimal contractualAvailabilityPercent, BigDecimal coveragePercent, BigDecimal minCoveragePercent,
        long budgetMs, long budgetUsedMs,
        long budgetLeftMs, Status status, PenaltyTier penaltyTier, List<Day> days, List<Line> intervals) {

    public Availability {
        // a summary read without its days and lines (e.g. a frozen report listed in an overview) has none
        days = days == null ? List.of() : List.copyOf(days);
        intervals = intervals == null ? List.of() : List.copyOf(intervals);
    }

    /** How the month stands against its target. */
    public enum Status {
        /** Contractual downtime below half the budget, and not down at the end of a running month. */
        MET,
        /** Half the budget or more used (but not more than all of it), or down right now in a running month. */
        AT_RISK,
        /** More than the budget used: the month can no longer reach its target. */
        BREACHED,
        /**
         * Not enough evidence to call the month MET: its coverage (planned time with data) is below the catalog's
         * {@code minCoverage}, or there is no data at all. The downtime measured is not enough to make it AT_RISK or
         * BREACHED either (measured trouble is always shown as such, whatever the coverage).
         */
        INSUFFICIENT_DATA
    }

    /**
     * One local date of the month (only its part up to {@link Availability#to()} while the month runs).
     *
     * @param date the local date
     * @param plannedMs planned service time of that day
     * @param downtimeMs service DOWN within it
     * @param excludedMs the part of {@code downtimeMs} attributed outside the vendor's responsibility
     * @param contractualDowntimeMs {@code downtimeMs - excludedMs}
     * @param noDataMs UNKNOWN within its planned time
     * @param availabilityPercent truncated to 3 decimals; null when nothing is planned that day or it has no data
     *        at all
     * @param contractualAvailabilityPercent truncated to 3 decimals; null when nothing is planned that day or it has
     *        no data at all
     */
    public record Day(LocalDate date, long plannedMs, long downtimeMs, long excludedMs, long contractualDowntimeMs,
            long noDataMs, BigDecimal availabilityPercent, BigDecimal contractualAvailabilityPercent) {
    }

    /** What a line of the figure is. */
    public enum Kind {
        /** The service was DOWN in planned time: counts as downtime. */
        DOWN,
        /** The service's status was UNKNOWN in planned time: reduces coverage, counts neither up nor down. */
        NO_DATA,
        /** Whole-service maintenance inside service hours: removed from planned time. */
        MAINTENANCE
    }

    /**
     * One line of the figure: a maximal span of one kind (and, for DOWN, one attribution) inside
     * {@code [from, to)}.
     *
     * @param start first instant (inclusive)
     * @param end first instant after it (exclusive)
     * @param ms {@code end - start} in milliseconds
     * @param kind DOWN, NO_DATA or MAINTENANCE
     * @param targets DOWN: the targets DOWN at some time during it; NO_DATA: those without data; sorted ids
     * @param causes the causes of the transitions that put those targets in that state, sorted, distinct
     * @param attribution DOWN: {@code VENDOR} unless inside a non-vendor attribution; MAINTENANCE: {@code PLANNED};
     *        NO_DATA: null
     * @param counted whether it counts against the vendor (a DOWN line attributed to {@code VENDOR})
     * @param incidentId the incident of the attribution that covers it, if any
     * @param ongoing whether it reaches the evaluated end of a running month (it may still grow)
     * @param maintenanceIds MAINTENANCE: the ids of the windows behind it; otherwise empty
     */
    public record Line(Instant start, Instant end, long ms, Kind kind, List<String> targets, List<String> causes,
            String attribution, boolean counted, String incidentId, boolean ongoing, List<String> maintenanceIds) {

        public Line {
            targets = List.copyOf(targets);
            causes = List.copyOf(causes);
            maintenanceIds = List.copyOf(maintenanceIds);
        }
    }
}
