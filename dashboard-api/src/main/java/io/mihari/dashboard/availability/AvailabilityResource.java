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
            BigDecimal contractualAvailabilityPercent, BigDecimal coveragePercent, long budgetMs, long budgetUsedMs,
            long budgetLeftMs, Availability.Status status, io.mihari.model.availability.PenaltyTier penaltyTier,
            FrozenReports.Report report, boolean changedSinceFrozen) {
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
                a.coveragePercent(), a.budgetMs(), a.budgetUsedMs(), a.budgetLeftMs(), a.status(), a.penaltyTier(),
                m.report(), m.changedSinceFrozen());
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
