package io.mihari.dashboard.batch;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.mihari.dashboard.auth.Scope;
import io.mihari.dashboard.auth.Viewer;
import io.mihari.dashboard.catalog.CatalogHolder;
import io.mihari.dashboard.store.Newest;
import io.mihari.dashboard.store.Reader;
import io.mihari.model.catalog.BatchJob;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.opensearch.client.opensearch._types.FieldValue;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * A service's batch jobs over a range of days on its business calendar ({@link BatchBoard}), with the last run stored
 * of each: {@code GET /api/services/{id}/jobs?from=2027-01-09&to=2027-01-15}. A service the viewer may not see
 * answers 404 like one that does not exist.
 */
@Path("/api/services/{serviceId}/jobs")
@Produces(MediaType.APPLICATION_JSON)
public class BatchJobsResource {

    private final CatalogHolder catalog;
    private final Reader reader;
    private final Viewer viewer;
    private final Clock clock;

    BatchJobsResource(CatalogHolder catalog, Reader reader, Viewer viewer, Clock clock) {
        this.catalog = catalog;
        this.reader = reader;
        this.viewer = viewer;
        this.clock = clock;
    }

    /**
     * @param from first day, {@code YYYY-MM-DD} in the service's zone (default: this week's Monday, or 6 days before
     *        {@code to})
     * @param to last day, included (default: 6 days after {@code from}); at most {@value BatchBoard#MAX_DAYS} days
     */
    @GET
    public BatchBoard.JobsView jobs(@PathParam("serviceId") String serviceId, @QueryParam("from") String from,
            @QueryParam("to") String to) {
        Scope scope = viewer.scope();
        return BatchBoard.of(catalog.get(), scope, serviceId, from, to, clock.instant(), job -> lastRun(scope, job));
    }

    /** The newest BATCH_RUN event of the job on its server (one small query per job, within the viewer's scope). */
    private Optional<BatchBoard.LastRun> lastRun(Scope scope, BatchJob job) {
        return reader.search(r -> Newest.first(r.index("mihari-events-*").size(1).ignoreUnavailable(true)
                .allowNoIndices(true)
                .query(q -> q.bool(b -> b.filter(scope.filter())
                        .filter(f -> f.term(t -> t.field("type").value(FieldValue.of("BATCH_RUN"))))
                        .filter(f -> f.term(t -> t.field("targetId").value(FieldValue.of(job.targetId()))))
                        .filter(f -> f.term(t -> t.field("batch.job").value(FieldValue.of(job.name()))))))),
                        RunDocument.class)
                .items().stream().filter(d -> d.batch() != null).findFirst()
                .map(d -> new BatchBoard.LastRun(d.batch().runId(), d.batch().state(), d.occurredAt(),
                        d.batch().exitCode(), d.batch().durationMs()));
    }

    /** A BATCH_RUN event as alert-service stores it (only the fields read here). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record RunDocument(Instant occurredAt, Batch batch) {
        @JsonIgnoreProperties(ignoreUnknown = true)
        record Batch(String runId, String state, Integer exitCode, Long durationMs) {
        }
    }
}
