package io.mihari.dashboard.availability;

import io.mihari.dashboard.auth.Viewer;
import io.mihari.model.availability.Availability;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * Monthly availability against each service's target (99.5% by default), for any calendar month or the month so
 * far: the board's figures, a service's month line by line, rollups per city and vendor, and CSV exports.
 */
@Path("/api/availability")
@Produces(MediaType.APPLICATION_JSON)
public class AvailabilityResource {

    private static final ZoneId JST = ZoneId.of("Asia/Tokyo");

    /** One line of the month's overview (the service's days and intervals are in its own report). */
    public record ServiceSummary(String serviceId, String tenant, String tenantName, String system, String systemName,
            String vendor, String vendorName, BigDecimal target, long plannedMonthMs, long plannedMs, long downtimeMs,
            long excludedMs, long contractualDowntimeMs, long noDataMs, BigDecimal availabilityPercent,
            BigDecimal contractualAvailabilityPercent, BigDecimal coveragePercent, BigDecimal minCoveragePercent,
            long budgetMs, long budgetUsedMs, long budgetLeftMs, Availability.Status status,
            io.mihari.model.availability.PenaltyTier penaltyTier, FrozenReports.Report report,
            boolean changedSinceFrozen) {
    }

    /**
     * A quarter or a year of every visible service, from the frozen months.
     *
     * @param period {@code 2026-Q3}, {@code 2026}, {@code FY2026-Q1}, {@code FY2026}
     * @param months every month of the period
     * @param complete whether every service's every month is frozen
     */
    public record PeriodOverview(String period, List<java.time.YearMonth> months, boolean complete,
            List<AvailabilityService.ServicePeriod> services) {
    }

    public record Overview(String month, Instant asOf, boolean complete, List<ServiceSummary> services,
            List<AvailabilityService.Rollup> tenants, List<AvailabilityService.Rollup> vendors) {
    }

    private final AvailabilityService availability;
    private final Viewer viewer;
    private final Clock clock;

    AvailabilityResource(AvailabilityService availability, Viewer viewer, Clock clock) {
        this.availability = availability;
        this.viewer = viewer;
        this.clock = clock;
    }

    /** @param month {@code 2026-11}; default the current month in Asia/Tokyo */
    @GET
    public Overview overview(@QueryParam("month") String month) {
        YearMonth ym = month(month);
        List<AvailabilityService.ServiceMonth> months = availability.month(viewer.scope(), ym, null);
        boolean complete = !months.isEmpty() && months.stream().allMatch(m -> m.availability().complete());
        return new Overview(ym.toString(), clock.instant(), complete, months.stream().map(AvailabilityResource::summary)
                .toList(), AvailabilityService.rollups(months, true), AvailabilityService.rollups(months, false));
    }

    /** A service's month: the figures, every day, and the intervals that make them up. */
    @GET
    @Path("/{serviceId}")
    public AvailabilityService.ServiceMonth service(@PathParam("serviceId") String serviceId,
            @QueryParam("month") String month) {
        return one(serviceId, month);
    }

    /** Each server of the service: its own month (figures and lines), as if it alone made the service. */
    @GET
    @Path("/{serviceId}/targets")
    public java.util.Map<String, Availability> targets(@PathParam("serviceId") String serviceId,
            @QueryParam("month") String month) {
        viewer.requireVisible(serviceId, "service '" + serviceId + "'");
        return availability.targets(serviceId, month(month));
    }

    /** A quarter of every visible service from the frozen months: {@code 2026-Q3}, or fiscal {@code FY2026-Q1}. */
    @GET
    @Path("/quarters/{quarter}")
    public PeriodOverview quarter(@PathParam("quarter") String quarter) {
        return periods(quarter, months(quarter, true), null);
    }

    /** A year of every visible service from the frozen months: {@code 2026}, or fiscal {@code FY2026} (April–March). */
    @GET
    @Path("/years/{year}")
    public PeriodOverview year(@PathParam("year") String year) {
        return periods(year, months(year, false), null);
    }

    /** One service's quarter, month by month as frozen. */
    @GET
    @Path("/{serviceId}/quarters/{quarter}")
    public AvailabilityService.ServicePeriod serviceQuarter(@PathParam("serviceId") String serviceId,
            @PathParam("quarter") String quarter) {
        return onePeriod(serviceId, quarter, true);
    }

    /** One service's year, month by month as frozen. */
    @GET
    @Path("/{serviceId}/years/{year}")
    public AvailabilityService.ServicePeriod serviceYear(@PathParam("serviceId") String serviceId,
            @PathParam("year") String year) {
        return onePeriod(serviceId, year, false);
    }

    PeriodOverview periods(String id, List<YearMonth> months, String onlyService) {
        List<AvailabilityService.ServicePeriod> services = availability.period(viewer.scope(), id.trim(), months,
                onlyService);
        return new PeriodOverview(id.trim(), months, !services.isEmpty()
                && services.stream().allMatch(s -> s.availability().complete()), services);
    }

    AvailabilityService.ServicePeriod onePeriod(String serviceId, String id, boolean quarter) {
        viewer.requireVisible(serviceId, "service '" + serviceId + "'");
        return periods(id, months(id, quarter), serviceId).services().stream().findFirst()
                .orElseThrow(() -> new NotFoundException("no service '" + serviceId + "'"));
    }

    /** The months of a quarter or a year; a 400 naming the forms when the text is neither. */
    static List<YearMonth> months(String id, boolean quarter) {
        try {
            return quarter ? io.mihari.model.availability.AvailabilityPeriod.quarter(id)
                    : io.mihari.model.availability.AvailabilityPeriod.year(id);
        } catch (IllegalArgumentException e) {
            throw new BadRequestException(e.getMessage());
        }
    }

    AvailabilityService.ServiceMonth one(String serviceId, String month) {
        viewer.requireVisible(serviceId, "service '" + serviceId + "'");
        return availability.month(viewer.scope(), month(month), serviceId).stream().findFirst()
                .orElseThrow(() -> new NotFoundException("no service '" + serviceId + "'"));
    }

    static ServiceSummary summary(AvailabilityService.ServiceMonth m) {
        Availability a = m.availability();
        return new ServiceSummary(m.serviceId(), m.tenant(), m.tenantName(), m.system(), m.systemName(), m.vendor(),
                m.vendorName(), a.target(), a.plannedMonthMs(), a.plannedMs(), a.downtimeMs(), a.excludedMs(),
                a.contractualDowntimeMs(), a.noDataMs(), a.availabilityPercent(), a.contractualAvailabilityPercent(),
                a.coveragePercent(), a.minCoveragePercent(), a.budgetMs(), a.budgetUsedMs(), a.budgetLeftMs(),
                a.status(), a.penaltyTier(), m.report(), m.changedSinceFrozen());
    }

    YearMonth month(String month) {
        if (month == null || month.isBlank()) {
            return YearMonth.now(clock.withZone(JST));
        }
        try {
            return YearMonth.parse(month);
        } catch (DateTimeParseException e) {
            throw new BadRequestException("month: YYYY-MM, e.g. 2026-11");
        }
    }

}
