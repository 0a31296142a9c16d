package io.mihari.dashboard.availability;

import io.mihari.dashboard.auth.Viewer;
import io.mihari.model.availability.Availability;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.List;

/** The monthly availability as CSV (UTF-8 with BOM, so spreadsheet software reads the Japanese names). */
@Path("/api/reports")
public class AvailabilityCsvResource {

    private final AvailabilityService availability;
    private final AvailabilityResource resource;
    private final Viewer viewer;
    private final PartyService parties;

    AvailabilityCsvResource(AvailabilityService availability, AvailabilityResource resource, Viewer viewer,
            PartyService parties) {
        this.availability = availability;
        this.resource = resource;
        this.viewer = viewer;
        this.parties = parties;
    }

    /**
     * The month per responsible party (what {@code GET /api/parties} shows, in the viewer's scope), one row per line:
     * {@code service} (a service the party operates), {@code attributed} (another party's service's downtime attributed
     * to it by an incident), {@code component} (a city's components of one type), {@code component-item} (one
     * component), then {@code share} (a service month's ledger: the share of {@code party}, which may be
     * {@code EXTERNAL} or {@code PLANNED}).
     */
    @GET
    @Path("/parties.csv")
    @Produces("text/csv")
    public Response partiesCsv(@QueryParam("month") String month) {
        YearMonth ym = resource.month(month);
        PartyService.Parties p = parties.parties(viewer.scope(), ym);
        StringBuilder csv = new StringBuilder("\uFEFFmonth,party,kind,line,tenant,subject,incident,planned_min,"
                + "downtime_min,counted_downtime_min,availability_percent,status,components_below_target,"
                + "worst_component\r\n");
        String m = ym.toString();
        for (PartyService.PartyRow party : p.parties()) {
            String who = String.join(",", m, party.id(), party.kind());
            for (PartyService.ServiceRow s : party.services()) {
                csv.append(String.join(",", who, "service", s.tenant(), s.serviceId(), "", "", "", "",
                        pct(s.contractualAvailabilityPercent()), s.status() == null ? "" : s.status().name(), "", ""))
                        .append("\r\n");
            }
            for (PartyService.AttributedRow a : party.attributed()) {
                csv.append(String.join(",", who, "attributed", "", a.serviceId(),
                        a.incidentId() == null ? "" : quote(a.incidentId()), "", min(a.ms()), min(a.ms()), "", "",
                        "", "")).append("\r\n");
            }
            for (PartyService.ComponentRow c : party.components()) {
                csv.append(String.join(",", who, "component", c.tenant(), c.type(), "", min(c.plannedMs()),
                        min(c.downtimeMs()), min(c.countedDowntimeMs()), pct(c.availabilityPercent()),
                        c.status().name(), String.valueOf(c.componentsBelowTarget()),
                        c.worst() == null ? "" : c.worst().targetId())).append("\r\n");
                for (PartyService.ItemRow i : c.items()) {
                    csv.append(String.join(",", who, "component-item", c.tenant(), i.targetId(), "",
                            min(i.plannedMs()), min(i.downtimeMs()), min(i.countedDowntimeMs()),
                            pct(i.availabilityPercent()), i.status().name(), "", "")).append("\r\n");
                }
            }
        }
        for (PartyService.LedgerRow l : p.ledger()) {
            l.shares().forEach((party, ms) -> csv.append(String.join(",", m, party, "", "share", l.tenant(),
                    l.serviceId(), "", "", min(l.downtimeMs()), min(ms), "", "", "", "")).append("\r\n"));
        }
        return csv(csv, "mihari-parties-" + ym + ".csv");
    }

    @GET
    @Path("/availability.csv")
    @Produces("text/csv")
    public Response overviewCsv(@QueryParam("month") String month) {
        YearMonth ym = resource.month(month);
        StringBuilder csv = new StringBuilder("\uFEFFmonth,service,tenant,system,vendor,target_percent,planned_min,"
                + "downtime_min,excluded_min,counted_downtime_min,no_data_min,availability_percent,"
                + "counted_availability_percent,coverage_percent,budget_min,budget_used_min,budget_left_min,status,"
                + "penalty_tier,min_coverage_percent\r\n");
        for (AvailabilityService.ServiceMonth m : availability.month(viewer.scope(), ym, null)) {
            Availability a = m.availability();
            csv.append(String.join(",", ym.toString(), m.serviceId(), m.tenant(), m.system(), m.vendor(),
                    a.target().toPlainString(), min(a.plannedMs()), min(a.downtimeMs()), min(a.excludedMs()),
                    min(a.contractualDowntimeMs()), min(a.noDataMs()), pct(a.availabilityPercent()),
                    pct(a.contractualAvailabilityPercent()), pct(a.coveragePercent()), min(a.budgetMs()),
                    min(a.budgetUsedMs()), min(a.budgetLeftMs()), a.status().name(),
                    a.penaltyTier() == null ? "" : quote(a.penaltyTier().name()),
                    a.minCoveragePercent() == null ? "" : a.minCoveragePercent().toPlainString()))
                    .append("\r\n");
        }
        return csv(csv, "mihari-availability-" + ym + ".csv");
    }

    /** A quarter ({@code 2026-Q3}, {@code FY2026-Q1}) of every visible service: one row per service and month. */
    @GET
    @Path("/availability/quarters/{quarter}.csv")
    @Produces("text/csv")
    public Response quarterCsv(@PathParam("quarter") String quarter) {
        return periodCsv(resource.periods(quarter, AvailabilityResource.months(quarter, true), null));
    }

    /** A year ({@code 2026}, {@code FY2026}) of every visible service: one row per service and month. */
    @GET
    @Path("/availability/years/{year}.csv")
    @Produces("text/csv")
    public Response yearCsv(@PathParam("year") String year) {
        return periodCsv(resource.periods(year, AvailabilityResource.months(year, false), null));
    }

    /**
     * Per service: a row per month of the period (its report of record, or {@code NOT_FROZEN}), then the period's
     * row ({@code month} = the period), weighted by planned time.
     */
    private static Response periodCsv(AvailabilityResource.PeriodOverview o) {
        StringBuilder csv = new StringBuilder("\uFEFFperiod,month,service,tenant,system,vendor,revision,planned_min,"
                + "downtime_min,excluded_min,counted_downtime_min,no_data_min,availability_percent,"
                + "counted_availability_percent,coverage_percent,budget_min,budget_left_min,status,penalty_tier\r\n");
        for (AvailabilityService.ServicePeriod p : o.services()) {
            var period = p.availability();
            String who = String.join(",", p.serviceId(), p.tenant(), p.system(), p.vendor());
            for (java.time.YearMonth month : period.months()) {
                Availability a = period.monthly().stream().filter(x -> x.month().equals(month)).findFirst()
                        .orElse(null);
                if (a == null) {
                    csv.append(String.join(",", o.period(), month.toString(), who, "", "", "", "", "", "", "", "", "",
                            "", "", "NOT_FROZEN", "")).append("\r\n");
                    continue;
                }
                FrozenReports.Report report = p.reports().get(month.toString());
                csv.append(String.join(",", o.period(), month.toString(), who,
                        report == null ? "" : Integer.toString(report.revision()), min(a.plannedMs()),
                        min(a.downtimeMs()), min(a.excludedMs()), min(a.contractualDowntimeMs()), min(a.noDataMs()),
                        pct(a.availabilityPercent()), pct(a.contractualAvailabilityPercent()),
                        pct(a.coveragePercent()), min(a.budgetMs()), min(a.budgetLeftMs()), a.status().name(),
                        a.penaltyTier() == null ? "" : quote(a.penaltyTier().name()))).append("\r\n");
            }
            csv.append(String.join(",", o.period(), o.period(), who, "", min(period.plannedMs()),
                    min(period.downtimeMs()), min(period.excludedMs()), min(period.contractualDowntimeMs()),
                    min(period.noDataMs()), pct(period.availabilityPercent()),
                    pct(period.contractualAvailabilityPercent()), pct(period.coveragePercent()),
                    min(period.budgetMs()), min(period.budgetLeftMs()),
                    period.status() == null ? "INCOMPLETE" : period.status().name(),
                    period.penaltyTier() == null ? "" : quote(period.penaltyTier().name()))).append("\r\n");
        }
        return csv(csv, "mihari-availability-" + o.period() + ".csv");
    }

    @GET
    @Path("/availability/{serviceId}.csv")
    @Produces("text/csv")
    public Response serviceCsv(@PathParam("serviceId") String serviceId, @QueryParam("month") String month) {
        AvailabilityService.ServiceMonth m = resource.one(serviceId, month);
        StringBuilder csv = new StringBuilder("\uFEFFkind,start,end,minutes,targets,causes,attribution,counted,"
                + "incident,ongoing," + WINDOW_COLUMNS + "\r\n");
        String noWindow = ",".repeat(WINDOW_COLUMNS.split(",").length - 1);
        for (Availability.Line l : m.availability().intervals()) {
            csv.append(String.join(",", l.kind().name(), l.start().toString(), l.end().toString(), min(l.ms()),
                    quote(String.join(" ", l.targets() == null ? List.of() : l.targets())),
                    quote(String.join(" ", l.causes() == null ? List.of() : l.causes())),
                    l.attribution() == null ? "" : l.attribution(), Boolean.toString(l.counted()),
                    l.incidentId() == null ? "" : l.incidentId(), Boolean.toString(l.ongoing()))).append(',')
                    .append(l.kind() == Availability.Kind.MAINTENANCE ? quote(String.join(" ", l.maintenanceIds()))
                            + noWindow.substring(1) + "," : noWindow).append("\r\n");
        }
        // every window of the month, whatever became of it: only approved ones leave planned time
        for (AvailabilityService.MaintenanceLine w : m.maintenance()) {
            csv.append(String.join(",", "WINDOW", text(w.start()), text(w.end()), "",
                    quote(String.join(" ", w.targetIds())), "", w.counts() ? "PLANNED" : "", "", "", "",
                    quote(w.id()), quote(w.title()), quote(recurrence(w.recurrence())),
                    w.status() == null ? "" : w.status(), Boolean.toString(w.urgent()), quote(nz(w.requestedBy())),
                    text(w.requestedAt()), quote(nz(w.decidedBy())), text(w.decidedAt()), quote(nz(w.withdrawnBy())),
                    text(w.withdrawnAt()), Boolean.toString(w.counts()))).append("\r\n");
        }
        return csv(csv, "mihari-availability-" + serviceId + "-" + m.availability().month() + ".csv");
    }

    /** The columns of a maintenance window (rows of kind WINDOW; a MAINTENANCE line names its windows' ids). */
    static final String WINDOW_COLUMNS = "window,title,recurrence,status,urgent,requested_by,requested_at,decided_by,"
            + "decided_at,withdrawn_by,withdrawn_at,leaves_planned_time";

    private static String text(java.time.Instant at) {
        return at == null ? "" : at.toString();
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    /** A weekly rule as {@code SUN 02:00 3h Asia/Tokyo}; empty for a one-off window. */
    static String recurrence(io.mihari.model.maintenance.Recurrence r) {
        if (r == null) {
            return "";
        }
        return String.join(" ", r.daysOfWeek().stream().map(d -> d.name().substring(0, 3)).toList()) + " "
                + r.startTime() + " " + io.mihari.model.catalog.DurationText.of(r.duration()) + " " + r.zone();
    }

    /** Minutes with three decimals (exact: milliseconds / 60,000). */
    private static String min(long ms) {
        return BigDecimal.valueOf(ms).divide(BigDecimal.valueOf(60_000), 3, java.math.RoundingMode.DOWN).toPlainString();
    }

    /**
     * A percentage with its three decimals: a figure read back from a frozen report may have lost its trailing zeros
     * (100.0), the computed one has them (100.000); the CSV says the same for both.
     */
    private static String pct(BigDecimal p) {
        return p == null ? "" : p.setScale(3, java.math.RoundingMode.DOWN).toPlainString();
    }

    private static String quote(String s) {
        return "\"" + s.replace("\"", "\"\"") + "\"";
    }

    private static Response csv(StringBuilder body, String filename) {
        return Response.ok(body.toString(), "text/csv; charset=UTF-8")
                .header("Content-Disposition", "attachment; filename=\"" + filename + "\"").build();
    }
}
