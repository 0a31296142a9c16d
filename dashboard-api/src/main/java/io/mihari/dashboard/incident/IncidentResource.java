package io.mihari.dashboard.incident;

import io.mihari.dashboard.store.Reader;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.opensearch.client.opensearch._types.FieldValue;
import org.opensearch.client.opensearch._types.SortOrder;
import org.opensearch.client.opensearch._types.query_dsl.Query;

import java.util.ArrayList;
import java.util.List;

/** Incident history, newest first, paged. */
@Path("/api/incidents")
@Produces(MediaType.APPLICATION_JSON)
public class IncidentResource {

    /** One page of incidents and the total that match. */
    public record IncidentPage(List<IncidentView> items, long total, int page, int size) {
    }

    /** OpenSearch's default max_result_window. */
    static final int MAX_WINDOW = 10_000;

    private final Reader reader;

    IncidentResource(Reader reader) {
        this.reader = reader;
    }

    @GET
    public IncidentPage list(@QueryParam("tenant") String tenant, @QueryParam("service") String service,
            @QueryParam("status") String status,
            @QueryParam("page") @DefaultValue("0") @Min(0) @Max(10_000) int page,
            @QueryParam("size") @DefaultValue("20") @Min(1) @Max(100) int size) {
        if ((long) (page + 1) * size > MAX_WINDOW) {
            throw new BadRequestException("page × size may not pass " + MAX_WINDOW + " incidents; narrow the filters");
        }
        List<Query> filters = new ArrayList<>();
        term(filters, "tenant", tenant);
        term(filters, "serviceId", service);
        term(filters, "status", status);
        var result = reader.search(r -> r.index("mihari-incidents").from(page * size).size(size)
                .query(q -> q.bool(b -> b.filter(filters)))
                .sort(s -> s.field(f -> f.field("detectedAt").order(SortOrder.Desc)))
                .sort(s -> s.field(f -> f.field("id").order(SortOrder.Desc))), IncidentDocument.class);
        return new IncidentPage(result.items().stream().map(d -> IncidentView.of(d, false)).toList(), result.total(),
                page, size);
    }

    @GET
    @Path("/{id}")
    public IncidentView get(@PathParam("id") String id) {
        return reader.get("mihari-incidents", id, IncidentDocument.class).map(d -> IncidentView.of(d, true))
                .orElseThrow(() -> new NotFoundException("no incident '" + id + "'"));
    }

    private static void term(List<Query> filters, String field, String value) {
        if (value != null && !value.isBlank()) {
            filters.add(Query.of(q -> q.term(t -> t.field(field).value(FieldValue.of(value)))));
        }
    }
}
