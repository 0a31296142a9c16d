package io.mihari.model.availability;

import io.mihari.model.availability.Availability.Day;
import io.mihari.model.availability.Availability.Kind;
import io.mihari.model.availability.Availability.Line;
import io.mihari.model.availability.Availability.Status;
import io.mihari.model.availability.StatusTimeline.Segment;
import io.mihari.model.catalog.Service;
import io.mihari.model.catalog.ServiceHours;
import io.mihari.model.maintenance.Interval;
import io.mihari.model.maintenance.MaintenanceWindow;
import io.mihari.model.status.ServiceStatusRule.ServiceStatus;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Computes a service's monthly availability (サービス稼働率) from its targets' status transitions, its service
 * hours, its maintenance windows and the attributions set on its incidents. Pure: no clock, no I/O; the same inputs
 * give the same figure, to the millisecond.
 * <p>
 * Accounting (the default policy):
 * <ul>
 *   <li>planned time = the service hours of each day of the month, minus closed dates (and, for a service on
 *       business days only, minus the days its city's business calendar closes), minus whole-service
 *       maintenance (maintenance leaves the denominator), from the service's measurement start
 *       ({@link Service#measuredFrom}, 計測開始) on: before it nothing is owed, so nothing is missing either (a
 *       month wholly before it plans nothing; a day before it has no planned time); a service with no production
 *       target ({@link Service#measured()}: a whole 検証系 environment) plans nothing at all;</li>
 *   <li>the service's status follows from its targets' statuses by
 *       {@link io.mihari.model.status.ServiceStatusRule}, over its production targets only (a test or temporary
 *       target never changes it); a target inside a target-scoped maintenance window counts as
 *       UP; all transitions at one instant are applied together before the service is evaluated;</li>
 *   <li>downtime = service DOWN ∩ planned time; no-data = service UNKNOWN ∩ planned time, reported as coverage and
 *       counted neither up nor down;</li>
 *   <li>downtime inside a non-{@code VENDOR} attribution is excluded from the contractual figure;</li>
 *   <li>percentages are truncated to three decimals (never over-reported); the budget is rounded down to a whole
 *       millisecond;</li>
 *   <li>a month is only called MET on evidence: below the service's minimum coverage (planned time with data; 95 %
 *       unless the catalog says otherwise), or with no data at all, it is INSUFFICIENT_DATA, and with no data at all
 *       its availability is null ('—'), never 100 %. Measured trouble wins: a month whose measured downtime makes it
 *       BREACHED or AT_RISK is shown so, whatever its coverage (the coverage is shown beside it).</li>
 * </ul>
 * Instants are taken at millisecond precision (sub-millisecond digits are dropped).
 */
public final class AvailabilityCalculator {

    /** Where months are counted when the service names no zone. */
    public static final ZoneId DEFAULT_ZONE = ZoneId.of("Asia/Tokyo");
    /** The target when the service names none. */
    public static final BigDecimal DEFAULT_TARGET = new BigDecimal("99.5");
    /** The coverage (percent of planned time with data) below which a month is not called MET, when none is set. */
    public static final BigDecimal DEFAULT_MIN_COVERAGE = new BigDecimal("95");

    static final String VENDOR = io.mihari.model.command.Attribution.VENDOR.name();
    static final String PLANNED = io.mihari.model.command.Attribution.PLANNED.name();
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private AvailabilityCalculator() {
    }

    /**
     * @param service the service, from the catalog
     * @param month the calendar month, in the service's time zone
     * @param asOf now: a month not yet over is computed up to here ("month so far")
     * @param transitions its targets' transitions: every one inside the month and, per target, at least the last one
     *        before the month starts; any order. Transitions of targets not in the service, and those at or after
     *        the evaluated end, are ignored
     * @param maintenance the service's maintenance windows (windows of another service are ignored); only what
     *        {@link MaintenanceWindow#intervals} plans counts: approved windows, a withdrawn one until its withdrawal;
     *        requested, rejected and legacy windows plan nothing
     * @param attributions whose responsibility which time is
     * @param tiers the contract's penalty tiers
     */
    public static Availability compute(Service service, YearMonth month, Instant asOf,
            List<TargetTransition> transitions, List<MaintenanceWindow> maintenance, List<Attribution> attributions,
            List<PenaltyTier> tiers) {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(month, "month");
        Objects.requireNonNull(asOf, "asOf");
        transitions = nonNull(transitions);
        maintenance = nonNull(maintenance);
        attributions = nonNull(attributions);
        tiers = nonNull(tiers);
        ZoneId zone = service.timeZone() == null ? DEFAULT_ZONE : service.timeZone();
        BigDecimal target = service.availabilityTarget() == null ? DEFAULT_TARGET : service.availabilityTarget();
        if (target.signum() < 0 || target.compareTo(HUNDRED) > 0) {
            throw new IllegalArgumentException("availability target must be 0–100 %, was " + target);
        }
        BigDecimal minCoverage = service.minCoverage() == null ? DEFAULT_MIN_COVERAGE : service.minCoverage();
        if (minCoverage.signum() < 0 || minCoverage.compareTo(HUNDRED) > 0) {
            throw new IllegalArgumentException("minimum coverage must be 0–100 %, was " + minCoverage);
        }

        // 1. the month and the evaluated range
        long monthStart = month.atDay(1).atStartOfDay(zone).toInstant().toEpochMilli();
        long monthEnd = month.plusMonths(1).atDay(1).atStartOfDay(zone).toInstant().toEpochMilli();
        long asOfMs = asOf.toEpochMilli();
        boolean complete = asOfMs >= monthEnd;
        long end = Math.max(monthStart, Math.min(monthEnd, asOfMs));
        long[] evaluated = Spans.of(monthStart, end);

        // 2. planned time: the service hours from the measurement start on
        // a service of test or temporary targets only (a whole 検証系 environment) is not measured: nothing planned
        long measuredFromMs = !service.measured() ? Long.MAX_VALUE
                : service.measuredFrom() == null ? Long.MIN_VALUE : service.measuredFrom().toEpochMilli();
        long[] hours = Spans.intersect(serviceHours(service.serviceHours(), month, zone),
                Spans.of(Math.max(monthStart, measuredFromMs), monthEnd));
        Map<String, long[]> wholeServiceWindows = new LinkedHashMap<>();
        Map<String, List<Interval>> targetWindows = new HashMap<>();
        Instant monthFrom = Instant.ofEpochMilli(monthStart);
        Instant monthTo = Instant.ofEpochMilli(monthEnd);
        int unnamed = 0;
        for (MaintenanceWindow w : maintenance) {
            if (w == null || (w.serviceId() != null && !w.serviceId().equals(service.id()))) {
                continue;
            }
            List<Interval> intervals = w.intervals(monthFrom, monthTo);
            if (w.targetIds().isEmpty()) {
                String id = w.id() != null ? w.id() : "#" + unnamed++;
                wholeServiceWindows.merge(id, spans(intervals), Spans::union);
            } else {
                for (String targetId : w.targetIds()) {
                    targetWindows.computeIfAbsent(targetId, k -> new ArrayList<>()).addAll(intervals);
                }
            }
        }
        long[] maintenanceSpans = Spans.EMPTY;
        for (long[] s : wholeServiceWindows.values()) {
            maintenanceSpans = Spans.union(maintenanceSpans, s);
        }
        long[] plannedMonth = Spans.subtract(hours, maintenanceSpans);
        long[] planned = Spans.intersect(plannedMonth, evaluated);
        long plannedMonthMs = Spans.length(plannedMonth);
        long plannedMs = Spans.length(planned);

        // 3. the service's status over the evaluated range
        Map<String, long[]> maintenanceByTarget = new HashMap<>();
        targetWindows.forEach((targetId, intervals) -> maintenanceByTarget.put(targetId,
                spans(Interval.merge(intervals))));
        StatusTimeline timeline = StatusTimeline.sweep(service, transitions, maintenanceByTarget, monthStart, end);

        // 4. downtime, no data, exclusions
        AttributionTimeline attributed = new AttributionTimeline(attributions);
        long[] down = Spans.intersect(timeline.spans(ServiceStatus.DOWN), planned);
        long[] noData = Spans.intersect(timeline.spans(ServiceStatus.UNKNOWN), planned);
        long[] excluded = Spans.intersect(down, attributed.nonVendor());
        long downtimeMs = Spans.length(down);
        long noDataMs = Spans.length(noData);
        long excludedMs = Spans.length(excluded);
        long contractualMs = downtimeMs - excludedMs;

        // 6. budget
        long budgetMs = HUNDRED.subtract(target).multiply(BigDecimal.valueOf(plannedMonthMs)).movePointLeft(2)
                .setScale(0, RoundingMode.DOWN).longValueExact();

        // 7. status and penalty tier
        // down now counts only once measured (a start still ahead owes nothing yet)
        boolean downAtEnd = !complete && end > measuredFromMs && timeline.last() == ServiceStatus.DOWN;
        Status status = verdict(contractualMs, budgetMs, downAtEnd, plannedMs, noDataMs, minCoverage);
        PenaltyTier tier = tier(tiers, plannedMonthMs, contractualMs);

        // 8. days
        List<Day> days = new ArrayList<>();
        for (LocalDate d = month.atDay(1); month.equals(YearMonth.from(d)); d = d.plusDays(1)) {
            long dayStart = d.atStartOfDay(zone).toInstant().toEpochMilli();
            if (dayStart >= end) {
                break;
            }
            long dayEnd = Math.min(end, d.plusDays(1).atStartOfDay(zone).toInstant().toEpochMilli());
            long dPlanned = Spans.overlap(planned, dayStart, dayEnd);
            long dDown = Spans.overlap(down, dayStart, dayEnd);
            long dExcluded = Spans.overlap(excluded, dayStart, dayEnd);
            long dNoData = Spans.overlap(noData, dayStart, dayEnd);
            days.add(new Day(d, dPlanned, dDown, dExcluded, dDown - dExcluded, dNoData,
                    availability(dPlanned, dNoData, dDown), availability(dPlanned, dNoData, dDown - dExcluded)));
        }

        // 9. lines
        List<LineBuilder> lines = new ArrayList<>();
        List<LineBuilder> downLines = new ArrayList<>();
        List<LineBuilder> noDataLines = new ArrayList<>();
        for (Segment s : timeline.segments()) {
            if (s.status() != ServiceStatus.DOWN && s.status() != ServiceStatus.UNKNOWN) {
                continue;
            }
            for (int i = Spans.firstEndingAfter(planned, s.start()); i < planned.length && planned[i] < s.end();
                    i += 2) {
                long from = Math.max(s.start(), planned[i]);
                long to = Math.min(s.end(), planned[i + 1]);
                if (s.status() == ServiceStatus.DOWN) {
                    attributed.split(from, to, (a, b, attribution, incidentId) -> append(downLines, Kind.DOWN, a, b,
                            s.targets(), s.causes(), attribution, incidentId, List.of()));
                } else {
                    append(noDataLines, Kind.NO_DATA, from, to, s.targets(), s.causes(), null, null, List.of());
                }
            }
        }
        lines.addAll(downLines);
        lines.addAll(noDataLines);
        long[] maintenanceLines = Spans.intersect(Spans.intersect(maintenanceSpans, hours), evaluated);
        for (int i = 0; i < maintenanceLines.length; i += 2) {
            long from = maintenanceLines[i];
            long to = maintenanceLines[i + 1];
            List<String> ids = new ArrayList<>();
            wholeServiceWindows.forEach((id, s) -> {
                if (Spans.overlap(s, from, to) > 0) {
                    ids.add(id);
                }
            });
            lines.add(new LineBuilder(Kind.MAINTENANCE, from, to, PLANNED, null, ids));
        }
        List<Line> intervals = lines.stream()
                .sorted(Comparator.comparingLong((LineBuilder l) -> l.start).thenComparing(l -> l.kind))
                .map(l -> l.build(end, complete))
                .toList();

        return new Availability(service.id(), month, zone, Instant.ofEpochMilli(monthStart),
                Instant.ofEpochMilli(end), complete, target, plannedMonthMs, plannedMs, downtimeMs, excludedMs,
                contractualMs, noDataMs, availability(plannedMs, noDataMs, downtimeMs),
                availability(plannedMs, noDataMs, contractualMs), percent(plannedMs, noDataMs), minCoverage, budgetMs,
                contractualMs, budgetMs - contractualMs, status, tier, days, intervals);
    }

    /**
     * The verdict of a month (or of a period of frozen months, {@link AvailabilityPeriod}): BREACHED when the counted
     * downtime exceeds the budget; AT_RISK when half the budget or more is used, or the service is down at the end of
     * a running month; INSUFFICIENT_DATA when the coverage is below {@code minCoverage} or there is no data at all;
     * otherwise MET.
     */
    static Status verdict(long contractualMs, long budgetMs, boolean downAtEnd, long plannedMs, long noDataMs,
            BigDecimal minCoverage) {
        if (contractualMs > budgetMs) {
            return Status.BREACHED;
        }
        if ((contractualMs > 0 && 2 * contractualMs >= budgetMs) || downAtEnd) {
            return Status.AT_RISK;
        }
        return insufficient(plannedMs, noDataMs, minCoverage) ? Status.INSUFFICIENT_DATA : Status.MET;
    }

    /**
     * Whether {@code [planned - noData] / planned} is below {@code minCoverage} percent (exactly: a month at the
     * threshold has enough), or there is no data at all. Nothing planned is nothing owed: not insufficient.
     */
    static boolean insufficient(long plannedMs, long noDataMs, BigDecimal minCoverage) {
        if (plannedMs <= 0) {
            return false;
        }
        long evidenceMs = plannedMs - noDataMs;
        return evidenceMs <= 0 || BigDecimal.valueOf(evidenceMs).multiply(HUNDRED)
                .compareTo(minCoverage.multiply(BigDecimal.valueOf(plannedMs))) < 0;
    }

    /** {@link #percent}, but null when there is no evidence: every planned millisecond without data. */
    static BigDecimal availability(long plannedMs, long noDataMs, long lostMs) {
        return noDataMs >= plannedMs ? null : percent(plannedMs, lostMs);
    }

    /** {@code (planned - lost) / planned × 100}, truncated to three decimals; null when nothing is planned. */
    static BigDecimal percent(long plannedMs, long lostMs) {
        if (plannedMs <= 0) {
            return null;
        }
        return BigDecimal.valueOf(plannedMs - lostMs).multiply(HUNDRED)
                .divide(BigDecimal.valueOf(plannedMs), 3, RoundingMode.DOWN);
    }

    /**
     * The tier with the lowest {@code below} that the exact availability {@code (planned - down) / planned × 100} is
     * strictly below; null when none applies or nothing is planned.
     */
    static PenaltyTier tier(List<PenaltyTier> tiers, long plannedMs, long downMs) {
        if (plannedMs <= 0) {
            return null;
        }
        BigDecimal scaledAvailability = BigDecimal.valueOf(plannedMs - downMs).multiply(HUNDRED);
        BigDecimal planned = BigDecimal.valueOf(plannedMs);
        PenaltyTier best = null;
        for (PenaltyTier t : tiers) {
            if (t != null && scaledAvailability.compareTo(t.below().multiply(planned)) < 0
                    && (best == null || t.below().compareTo(best.below()) < 0)) {
                best = t;
            }
        }
        return best;
    }

    /**
     * The service hours of every day of the month, minus closed dates and, for a service on business days only,
     * minus the days its business calendar closes, as spans.
     */
    static long[] serviceHours(ServiceHours hours, YearMonth month, ZoneId zone) {
        Set<LocalDate> closed = new HashSet<>(hours.closedDates());
        Spans.Builder out = new Spans.Builder();
        for (LocalDate d = month.atDay(1); month.equals(YearMonth.from(d)); d = d.plusDays(1)) {
            if (closed.contains(d) || (hours.calendar() != null && !hours.calendar().isBusinessDay(d))) {
                continue;
            }
            for (ServiceHours.Window w : hours.windows()) {
                if (!w.days().contains(d.getDayOfWeek())) {
                    continue;
                }
                long start = ZonedDateTime.of(d, w.from(), zone).toInstant().toEpochMilli();
                long stop = ServiceHours.END_OF_DAY.equals(w.to())
                        ? d.plusDays(1).atStartOfDay(zone).toInstant().toEpochMilli()
                        : ZonedDateTime.of(d, w.to(), zone).toInstant().toEpochMilli();
                out.add(start, stop);
            }
        }
        return out.build();
    }

    private static long[] spans(List<Interval> intervals) {
        Spans.Builder out = new Spans.Builder();
        for (Interval i : intervals) {
            out.add(i.start().toEpochMilli(), i.end().toEpochMilli());
        }
        return out.build();
    }

    private static <T> List<T> nonNull(List<T> list) {
        return list == null ? List.of() : list;
    }

    /** Adds a piece, extending the last line when it continues it (touching, same kind and attribution). */
    private static void append(List<LineBuilder> lines, Kind kind, long start, long end, List<String> targets,
            List<String> causes, String attribution, String incidentId, List<String> maintenanceIds) {
        if (end <= start) {
            return;
        }
        LineBuilder last = lines.isEmpty() ? null : lines.get(lines.size() - 1);
        if (last != null && last.kind == kind && last.end == start && Objects.equals(last.attribution, attribution)
                && Objects.equals(last.incidentId, incidentId)) {
            last.end = end;
        } else {
            last = new LineBuilder(kind, start, end, attribution, incidentId, maintenanceIds);
            lines.add(last);
        }
        last.targets.addAll(targets);
        last.causes.addAll(causes);
    }

    private static final class LineBuilder {
        final Kind kind;
        final long start;
        long end;
        final String attribution;
        final String incidentId;
        final TreeSet<String> targets = new TreeSet<>();
        final TreeSet<String> causes = new TreeSet<>();
        final List<String> maintenanceIds;

        LineBuilder(Kind kind, long start, long end, String attribution, String incidentId,
                List<String> maintenanceIds) {
            this.kind = kind;
            this.start = start;
            this.end = end;
            this.attribution = attribution;
            this.incidentId = incidentId;
            this.maintenanceIds = maintenanceIds;
        }

        Line build(long evaluatedEnd, boolean complete) {
            boolean counted = kind == Kind.DOWN && VENDOR.equals(attribution);
            return new Line(Instant.ofEpochMilli(start), Instant.ofEpochMilli(end), end - start, kind,
                    List.copyOf(targets), List.copyOf(causes), attribution, counted, incidentId,
                    !complete && end == evaluatedEnd, maintenanceIds);
        }
    }

    /**
     * Who answers for which time. Where attributions overlap, a non-{@code VENDOR} one wins over {@code VENDOR};
     * among equals, the one that starts first, then by attribution name, then by incident id. Time no attribution
     * covers is the vendor's.
     */
    private static final class AttributionTimeline {

        interface PieceConsumer {
            void accept(long start, long end, String attribution, String incidentId);
        }

        private static final Comparator<Attribution> PRECEDENCE = Comparator
                .comparing((Attribution a) -> a.vendorsResponsibility())
                .thenComparing(Attribution::start)
                .thenComparing(Attribution::attribution)
                .thenComparing(Attribution::incidentId, Comparator.nullsLast(Comparator.naturalOrder()));

        /** Sorted distinct boundaries; {@code resolved[k]} covers {@code [bounds[k], bounds[k + 1])}, or null. */
        private final long[] bounds;
        private final Attribution[] resolved;
        private final long[] nonVendor;

        AttributionTimeline(List<Attribution> attributions) {
            List<Attribution> all = new ArrayList<>();
            TreeSet<Long> points = new TreeSet<>();
            Spans.Builder nonVendorSpans = new Spans.Builder();
            for (Attribution a : attributions) {
                long start = a == null ? 0 : a.start().toEpochMilli();
                long end = a == null ? 0 : a.end().toEpochMilli();
                if (end > start) {
                    all.add(a);
                    points.add(start);
                    points.add(end);
                    if (!a.vendorsResponsibility()) {
                        nonVendorSpans.add(start, end);
                    }
                }
            }
            all.sort(PRECEDENCE);
            bounds = points.stream().mapToLong(Long::longValue).toArray();
            resolved = new Attribution[Math.max(0, bounds.length - 1)];
            for (int k = 0; k < resolved.length; k++) {
                long at = bounds[k];
                for (Attribution a : all) {
                    if (a.start().toEpochMilli() <= at && a.end().toEpochMilli() > at) {
                        resolved[k] = a;
                        break;
                    }
                }
            }
            nonVendor = nonVendorSpans.build();
        }

        long[] nonVendor() {
            return nonVendor;
        }

        /** Cuts {@code [start, end)} at attribution boundaries, giving each piece its attribution. */
        void split(long start, long end, PieceConsumer consumer) {
            int k = lastAtOrBefore(start);
            long cur = start;
            while (cur < end) {
                long next = k + 1 < bounds.length ? Math.min(end, bounds[k + 1]) : end;
                Attribution a = k >= 0 && k < resolved.length ? resolved[k] : null;
                consumer.accept(cur, next, a == null ? VENDOR : a.attribution(), a == null ? null : a.incidentId());
                cur = next;
                k++;
            }
        }

        private int lastAtOrBefore(long at) {
            int lo = 0;
            int hi = bounds.length;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (bounds[mid] <= at) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            return lo - 1;
        }
    }
}
