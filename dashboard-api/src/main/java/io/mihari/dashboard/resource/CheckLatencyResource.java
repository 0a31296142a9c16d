package io.mihari.dashboard.resource;

import io.mihari.dashboard.auth.Viewer;
import io.mihari.dashboard.catalog.CatalogHolder;
import io.mihari.dashboard.store.Reader;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.opensearch.client.json.JsonData;
import org.opensearch.client.opensearch._types.FieldValue;

import java.time.Clock;
import java.time.Duration;

/**
 * The response time of one server's checks (HTTP, TCP, process, command, ping) over a period, for the resource
 * page's latency chart: {@code GET /api/targets/kurashiki/krs-juki-ap1/checks/latency?from=…&to=…}. OpenSearch
 * downsamples ({@code date_histogram} of the average and the largest {@code latencyMs}, and the DOWN results, per
 * bucket and check; at most {@value CheckLatency#MAX_POINTS} buckets). Access as the server's resources: a server of
 * a service the viewer may not see answers 404 like one that does not exist, and the query carries the viewer's
 * scope.
 */
@Path("/api/targets/{tenant}/{host}/checks/latency")
@Produces(MediaType.APPLICATION_JSON)
public class CheckLatencyResource {

    private final Reader reader;
    private final Viewer viewer;
    private final CatalogHolder catalog;
    private final Clock clock;

    CheckLatencyResource(Reader reader, Viewer viewer, CatalogHolder catalog, Clock clock) {
        this.reader = reader;
        this.viewer = viewer;
        this.catalog = catalog;
        this.clock = clock;
    }

    /**
     * @param from start, an ISO-8601 instant (default 24 hours before {@code to})
     * @param to end, excluded (default now); at most 31 days after {@code from}
     */
    @GET
    public CheckLatency.Latency latency(@PathParam("tenant") String tenant, @PathParam("host") String host,
            @QueryParam("from") String from, @QueryParam("to") String to) {
        String targetId = tenant + "/" + host;
        String serviceId = catalog.get().serviceOfTarget(targetId).map(s -> s.id()).orElse(null);
        if (!viewer.scope().canSee(serviceId)) {
            throw new NotFoundException("no target '" + targetId + "'");
        }
        CheckLatency.Period period = CheckLatency.period(from, to, clock.instant());
        Duration bucket = CheckLatency.bucketSize(period);
        var aggregations = reader.aggregate(r -> r.index("mihari-events-*").ignoreUnavailable(true)
                .allowNoIndices(true).trackTotalHits(t -> t.enabled(false))
                .query(q -> q.bool(b -> b.filter(viewer.scope().filter())
                        .filter(f -> f.term(t -> t.field("targetId").value(FieldValue.of(targetId))))
                        .filter(f -> f.term(t -> t.field("type").value(FieldValue.of("CHECK_RESULT"))))
                        .filter(f -> f.range(x -> x.field("occurredAt").gte(JsonData.of(period.from().toString()))
                                .lt(JsonData.of(period.to().toString()))))))
                .aggregations("checks", a -> a.terms(t -> t.field("check.name").size(CheckLatency.MAX_CHECKS))
                        .aggregations("kind", k -> k.terms(t -> t.field("check.kind").size(1)))
                        .aggregations("time", h -> h.dateHistogram(d -> d.field("occurredAt")
                                        .fixedInterval(i -> i.time(bucket.toSeconds() + "s")).minDocCount(1))
                                .aggregations("avg", m -> m.avg(x -> x.field("check.latencyMs")))
                                .aggregations("max", m -> m.max(x -> x.field("check.latencyMs")))
                                .aggregations("down", m -> m.filter(f -> f.term(t -> t.field("check.status")
                                        .value(FieldValue.of("DOWN"))))))));
        return CheckLatency.shape(targetId, period, bucket, CheckLatency.buckets(aggregations));
    }
}
