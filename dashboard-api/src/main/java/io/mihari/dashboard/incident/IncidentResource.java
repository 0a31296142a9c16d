package io.mihari.dashboard.incident;

import io.mihari.dashboard.auth.Viewer;
import io.mihari.dashboard.store.Reader;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.DefaultValue;
import io.mihari.dashboard.command.CommandService;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.opensearch.client.json.JsonData;
import org.opensearch.client.opensearch._types.FieldValue;
import org.opensearch.client.opensearch._types.SortOrder;
import org.opensearch.client.opensearch._types.query_dsl.Query;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Incident history: search by city, service, vendor, status, kind, severity, time range and text, paged and
 * sorted; the detail with its timeline, reports and SLA record. Only incidents of the services the viewer may see
 * are ever read (the scope is part of the query).
 */
@Path("/api/incidents")
@Produces(MediaType.APPLICATION_JSON)
public class IncidentResource {

    /** One page of incidents and the total that match. */
    public record IncidentPage(List<IncidentView> items, long total, int page, int size) {
    }

    /** OpenSearch's default max_result_window. */
    static final int MAX_WINDOW = 10_000;

    private final Reader reader;
    private final Viewer viewer;
    private final CommandService commands;

    IncidentResource(Reader reader, Viewer viewer, CommandService commands) {
        this.reader = reader;
        this.viewer = viewer;
        this.commands = commands;
    }

    // ---- what people do about an incident: published as commands, answered 202 (see CommandService) ----

    /** A status report 状況報告: mailed, and restarts the hourly clock. */
    @POST
    @Path("/{id}/updates")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response postUpdate(@PathParam("id") String id, @Valid @NotNull CommandService.Update body,
            @HeaderParam("Idempotency-Key") String key) {
        return commands.postUpdate(id, body, key);
    }

    /** Provisionally recovered 暫定復旧 (at the given instant, default now). */
    @POST
    @Path("/{id}/mitigate")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response mitigate(@PathParam("id") String id, @Valid CommandService.Mitigation body,
            @HeaderParam("Idempotency-Key") String key) {
        return commands.mitigate(id, body, key);
    }

    /** The permanent fix is confirmed. */
    @POST
    @Path("/{id}/resolve")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response resolve(@PathParam("id") String id, @Valid CommandService.Note body,
            @HeaderParam("Idempotency-Key") String key) {
        return commands.resolve(id, body, key);
    }

    @POST
    @Path("/{id}/acknowledge")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response acknowledge(@PathParam("id") String id, @Valid CommandService.Note body,
            @HeaderParam("Idempotency-Key") String key) {
        return commands.acknowledge(id, body, key);
    }

    /** Whose responsibility (the city or an administrator decides, never the vendor). */
    @PUT
    @Path("/{id}/attribution")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response attribute(@PathParam("id") String id, @Valid @NotNull CommandService.AttributionChange body,
            @HeaderParam("Idempotency-Key") String key) {
        return commands.attribute(id, body, key);
    }

    /** The written post-incident report 障害報告書: timeline, cause, first response, permanent countermeasures. */
    @POST
    @Path("/{id}/report")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response submitReport(@PathParam("id") String id, @Valid @NotNull CommandService.Report body,
            @HeaderParam("Idempotency-Key") String key) {
        return commands.submitReport(id, body, key);
    }

    /**
     * @param from incidents detected at or after this instant (ISO-8601)
     * @param to incidents detected before this instant
     * @param q words in the title or the timeline
     * @param sort {@code detectedAt:desc} (default) or {@code detectedAt:asc}
     */
    @GET
    public IncidentPage list(@QueryParam("tenant") String tenant, @QueryParam("service") String service,
            @QueryParam("vendor") String vendor, @QueryParam("status") String status,
            @QueryParam("kind") String kind, @QueryParam("severity") String severity,
            @QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("q") String q,
            @QueryParam("sort") @DefaultValue("detectedAt:desc") @Pattern(regexp = "detectedAt:(asc|desc)") String sort,
            @QueryParam("page") @DefaultValue("0") @Min(0) @Max(10_000) int page,
            @QueryParam("size") @DefaultValue("20") @Min(1) @Max(100) int size) {
        if ((long) (page + 1) * size > MAX_WINDOW) {
            throw new BadRequestException("page × size may not pass " + MAX_WINDOW + " incidents; narrow the filters");
        }
        List<Query> filters = new ArrayList<>();
        filters.add(viewer.scope().incidentFilter());
        term(filters, "tenant", tenant);
        term(filters, "serviceId", service);
        term(filters, "vendor", vendor);
        term(filters, "status", status);
        term(filters, "kind", kind);
        term(filters, "severity", severity);
        if (from != null || to != null) {
            String gte = instant("from", from);
            String lt = instant("to", to);
            filters.add(Query.of(x -> x.range(r -> {
                r.field("detectedAt");
                if (gte != null) {
                    r.gte(JsonData.of(gte));
                }
                if (lt != null) {
                    r.lt(JsonData.of(lt));
                }
                return r;
            })));
        }
        if (q != null && !q.isBlank()) {
            filters.add(Query.of(x -> x.multiMatch(m -> m.query(q).fields("title", "timeline.message", "id"))));
        }
        SortOrder order = sort.endsWith("asc") ? SortOrder.Asc : SortOrder.Desc;
        var result = reader.search(r -> r.index("mihari-incidents").from(page * size).size(size)
                .query(x -> x.bool(b -> b.filter(filters)))
                .sort(s -> s.field(f -> f.field("detectedAt").order(order)))
                .sort(s -> s.field(f -> f.field("id").order(order))), IncidentDocument.class);
        return new IncidentPage(result.items().stream().map(d -> IncidentView.of(d, false)).toList(), result.total(),
                page, size);
    }

    @GET
    @Path("/{id}")
    public IncidentView get(@PathParam("id") String id) {
        return reader.get("mihari-incidents", id, IncidentDocument.class)
                .filter(d -> viewer.scope().canSeeIncident(d.serviceId(), d.partyIds()))
                .map(d -> IncidentView.of(d, true))
                .orElseThrow(() -> new NotFoundException("no incident '" + id + "'"));
    }

    private static String instant(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value).toString();
        } catch (DateTimeParseException e) {
            throw new BadRequestException(name + ": an ISO-8601 instant such as 2026-11-01T00:00:00+09:00 or "
                    + "2026-10-31T15:00:00Z");
        }
    }

    private static void term(List<Query> filters, String field, String value) {
        if (value != null && !value.isBlank()) {
            filters.add(Query.of(q -> q.term(t -> t.field(field).value(FieldValue.of(value)))));
        }
    }
}
