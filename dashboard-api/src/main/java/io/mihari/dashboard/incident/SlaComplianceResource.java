package io.mihari.dashboard.incident;

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
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * SLA compliance per vendor per month, from the SLA records of the incidents detected in the month (Asia/Tokyo). The
 * vendor is judged only on what a person owed (status-report deadlines, written reports); Mihari's own reports and
 * its processing and mail delay are reported apart ({@code mihari}, per vendor and for the month) — the rules are
 * {@link SlaCompliance}'s and docs/sla.md's. Planned incidents (maintenance) are left out.
 */
@Path("/api/sla")
@Produces(MediaType.APPLICATION_JSON)
public class SlaComplianceResource {

    private static final ZoneId JST = ZoneId.of("Asia/Tokyo");

    /**
     * @param vendors each vendor's figures
     * @param mihari Mihari's own figures over every incident of the month shown
     */
    public record Compliance(String month, Instant asOf, List<SlaCompliance.VendorCompliance> vendors,
            SlaCompliance.MihariFigures mihari) {
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
                    b.filter(viewer.scope().incidentFilter())
                            .filter(f -> f.range(x -> x.field("detectedAt").gte(JsonData.of(from.toString()))
                                    .lt(JsonData.of(to.toString()))))
                            .mustNot(m -> m.term(t -> t.field("planned").value(FieldValue.of(true))));
                    if (vendor != null && !vendor.isBlank()) {
                        b.filter(f -> f.bool(o -> o.should(x -> x.term(t -> t.field("vendor")
                                        .value(FieldValue.of(vendor))))
                                .should(x -> x.term(t -> t.field("partyIds").value(FieldValue.of(vendor))))
                                .minimumShouldMatch("1")));
                    }
                    return b;
                }))
                .sort(s -> s.field(f -> f.field("detectedAt").order(SortOrder.Asc))), IncidentDocument.class).items();
        // one row per responsible party (issue 19): each duty counts for the party that owed it
        Map<String, List<IncidentDocument>> byParty = new TreeMap<>();
        docs.forEach(d -> SlaCompliance.partiesOf(d)
                .forEach(p -> byParty.computeIfAbsent(p, k -> new ArrayList<>()).add(d)));
        // a party's user sees its own row only (it may see another party's incident it was responsible for)
        String own = io.mihari.dashboard.auth.User.VENDOR.equals(viewer.scope().role())
                ? viewer.scope().organisation() : null;
        List<SlaCompliance.VendorCompliance> vendors = new ArrayList<>();
        byParty.forEach((p, list) -> {
            if ((own == null || own.equals(p)) && (vendor == null || vendor.isBlank() || vendor.equals(p))) {
                vendors.add(SlaCompliance.party(p, vendorName(p), list, now));
            }
        });
        return new Compliance(ym.toString(), now, vendors, SlaCompliance.total(docs, vendors));
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

    private String vendorName(String vendor) {
        try {
            var c = catalog.get();
            return c.party(vendor).map(v -> v.name().in(Language.JA))
                    .orElseGet(() -> c.tenant(vendor).name().in(Language.JA)); // a city
        } catch (RuntimeException e) {
            return vendor; // no longer in the catalog
        }
    }
}
