package io.mihari.dashboard.incident;

import com.fasterxml.jackson.databind.JsonNode;
import io.mihari.dashboard.auth.Viewer;
import io.mihari.dashboard.catalog.CatalogHolder;
import io.mihari.dashboard.store.Reader;
import io.mihari.model.catalog.Language;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.opensearch.client.json.JsonData;
import org.opensearch.client.opensearch._types.FieldValue;
import org.opensearch.client.opensearch._types.SortOrder;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * SLA compliance per vendor per month, from the SLA records of the incidents detected in the month (Asia/Tokyo):
 * first reports on time, status reports on time and the worst gap between two reports while the service was not
 * yet recovered, written reports submitted on time. Planned incidents (maintenance) are left out.
 */
@Path("/api/sla")
@Produces(MediaType.APPLICATION_JSON)
public class SlaComplianceResource {

    private static final ZoneId JST = ZoneId.of("Asia/Tokyo");

    /** One vendor's month. */
    public record VendorCompliance(String vendor, String vendorName, int incidents, int firstReports,
            int firstReportsOnTime, int statusReports, int statusReportsOnTime, int automaticStatusReports,
            Long worstGapSeconds, String worstGapIncident, int writtenReportsRequired, int writtenReportsOnTime,
            int writtenReportsOutstanding, int writtenReportsOverdue, List<String> breaches) {
    }

    public record Compliance(String month, Instant asOf, List<VendorCompliance> vendors) {
    }

    private final Reader reader;
    private final Viewer viewer;
    private final CatalogHolder catalog;
    private final Clock clock;

    SlaComplianceResource(Reader reader, Viewer viewer, CatalogHolder catalog, Clock clock) {
        this.reader = reader;
        this.viewer = viewer;
        this.catalog = catalog;
        this.clock = clock;
    }

    /** @param month {@code 2026-11}; default the current month in Asia/Tokyo */
    @GET
    public Compliance compliance(@QueryParam("month") String month, @QueryParam("vendor") String vendor) {
        YearMonth ym = month(month, clock);
        Instant from = ym.atDay(1).atStartOfDay(JST).toInstant();
        Instant to = ym.plusMonths(1).atDay(1).atStartOfDay(JST).toInstant();
        Instant now = clock.instant();
        List<IncidentDocument> docs = reader.search(r -> r.index("mihari-incidents").size(10_000)
                .query(q -> q.bool(b -> {
                    b.filter(viewer.scope().filter())
                            .filter(f -> f.range(x -> x.field("detectedAt").gte(JsonData.of(from.toString()))
                                    .lt(JsonData.of(to.toString()))))
                            .mustNot(m -> m.term(t -> t.field("planned").value(FieldValue.of(true))));
                    if (vendor != null && !vendor.isBlank()) {
                        b.filter(f -> f.term(t -> t.field("vendor").value(FieldValue.of(vendor))));
                    }
                    return b;
                }))
                .sort(s -> s.field(f -> f.field("detectedAt").order(SortOrder.Asc))), IncidentDocument.class).items();
        Map<String, List<IncidentDocument>> byVendor = new TreeMap<>();
        docs.forEach(d -> byVendor.computeIfAbsent(d.vendor(), k -> new ArrayList<>()).add(d));
        List<VendorCompliance> vendors = new ArrayList<>();
        byVendor.forEach((v, list) -> vendors.add(vendor(v, list, now)));
        return new Compliance(ym.toString(), now, vendors);
    }

    static YearMonth month(String month, Clock clock) {
        if (month == null || month.isBlank()) {
            return YearMonth.now(clock.withZone(JST));
        }
        try {
            return YearMonth.parse(month);
        } catch (DateTimeParseException e) {
            throw new BadRequestException("month: YYYY-MM, e.g. 2026-11");
        }
    }

    private VendorCompliance vendor(String vendor, List<IncidentDocument> incidents, Instant now) {
        int firstReports = 0, firstOnTime = 0, status = 0, statusOnTime = 0, automatic = 0;
        int required = 0, onTime = 0, outstanding = 0, overdue = 0;
        Long worstGap = null;
        String worstIncident = null;
        List<String> breaches = new ArrayList<>();
        for (IncidentDocument d : incidents) {
            JsonNode sla = d.sla();
            if (sla == null) {
                continue;
            }
            JsonNode first = sla.path("firstReport");
            if (!first.isMissingNode()) {
                firstReports++;
                if (onTime(first, now)) {
                    firstOnTime++;
                } else {
                    breaches.add(d.id() + ": first report " + lateness(first, now));
                }
            }
            List<Instant> reportTimes = new ArrayList<>();
            if (first.path("sentAt").isTextual()) {
                reportTimes.add(Instant.parse(first.path("sentAt").asText()));
            }
            for (JsonNode r : sla.path("statusReports")) {
                status++;
                if (r.path("automatic").asBoolean()) {
                    automatic++;
                }
                if (onTime(r, now)) {
                    statusOnTime++;
                } else {
                    breaches.add(d.id() + ": status report #" + r.path("seq").asInt() + " " + lateness(r, now));
                }
                if (r.path("sentAt").isTextual()) {
                    reportTimes.add(Instant.parse(r.path("sentAt").asText()));
                }
            }
            // the gap that counts ends at the provisional recovery (or now while it lasts)
            Instant end = d.mitigatedAt() != null ? d.mitigatedAt() : now;
            reportTimes.add(end);
            reportTimes.sort(Instant::compareTo);
            for (int i = 1; i < reportTimes.size(); i++) {
                long gap = Duration.between(reportTimes.get(i - 1), reportTimes.get(i)).toSeconds();
                if (worstGap == null || gap > worstGap) {
                    worstGap = gap;
                    worstIncident = d.id();
                }
            }
            JsonNode written = sla.path("postIncidentReport");
            if (written.isObject()) {
                required++;
                Instant due = Instant.parse(written.path("dueAt").asText());
                if (written.path("submittedAt").isTextual()) {
                    if (written.path("lateBySeconds").asLong() == 0) {
                        onTime++;
                    } else {
                        breaches.add(d.id() + ": written report late by " + written.path("lateBySeconds").asLong()
                                + " s");
                    }
                } else {
                    outstanding++;
                    if (now.isAfter(due)) {
                        overdue++;
                        breaches.add(d.id() + ": written report overdue since " + due);
                    }
                }
            }
        }
        String name = vendorName(vendor);
        return new VendorCompliance(vendor, name, incidents.size(), firstReports, firstOnTime, status, statusOnTime,
                automatic, worstGap, worstIncident, required, onTime, outstanding, overdue, breaches);
    }

    private String vendorName(String vendor) {
        try {
            return catalog.get().vendor(vendor).name().in(Language.JA);
        } catch (RuntimeException e) {
            return vendor; // no longer in the catalog
        }
    }

    /** Sent no later than due; an unsent report is on time only while its deadline has not passed. */
    static boolean onTime(JsonNode report, Instant now) {
        if (report.path("sentAt").isTextual()) {
            return report.path("lateBySeconds").asLong(0) == 0;
        }
        return !report.path("dueAt").isTextual() || !now.isAfter(Instant.parse(report.path("dueAt").asText()));
    }

    private static String lateness(JsonNode report, Instant now) {
        if (report.path("sentAt").isTextual()) {
            return "late by " + report.path("lateBySeconds").asLong() + " s";
        }
        return "not sent, due " + report.path("dueAt").asText();
    }
}
