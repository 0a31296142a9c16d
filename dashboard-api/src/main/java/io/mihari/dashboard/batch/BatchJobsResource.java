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
import org.opensearch.client.json.JsonData;
import org.opensearch.client.opensearch._types.FieldValue;
import org.opensearch.client.opensearch._types.SortOrder;
import org.opensearch.client.opensearch._types.query_dsl.Query;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A service's batch jobs and linkage files over a range of days on its business calendar ({@link BatchBoard}), with
 * the last run stored of each job (one query) and the runs and file arrivals of the range (one more):
 * {@code GET /api/services/{id}/jobs?from=2027-01-09&to=2027-01-15}. A service the viewer may not see answers 404
 * like one that does not exist.
 */
@Path("/api/services/{serviceId}/jobs")
@Produces(MediaType.APPLICATION_JSON)
public class BatchJobsResource {

    /** The most run signals and arrivals one page reads (the newest; the answer then says {@code partial}). */
    static final int MAX_SIGNALS = 2000;

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
        return BatchBoard.of(catalog.get(), scope, serviceId, from, to, clock.instant(), new BatchBoard.Store() {
            @Override
            public Optional<BatchBoard.LastRun> lastRun(BatchJob job) {
                return BatchJobsResource.this.lastRun(scope, job);
            }

            @Override
            public Map<BatchJob, BatchBoard.LastRun> lastRuns(List<BatchJob> jobs) {
                return BatchJobsResource.this.lastRuns(scope, jobs);
            }

            @Override
            public BatchBoard.Stored read(List<BatchBoard.Wanted> wanted) {
                return BatchJobsResource.this.read(scope, wanted);
            }
        });
    }

    /**
     * The newest BATCH_RUN event of each job on its server in one query: one {@code should} clause per job (server and
     * name), newest first as received ({@link Newest}), collapsed on {@code batch.job} so each job gives its newest
     * signal. A job whose name another job of the service shares (on another server) would collapse with it: it is
     * asked alone ({@link #lastRun}).
     */
    private Map<BatchJob, BatchBoard.LastRun> lastRuns(Scope scope, List<BatchJob> jobs) {
        Map<String, Long> names = jobs.stream().collect(Collectors.groupingBy(BatchJob::name, Collectors.counting()));
        List<BatchJob> together = jobs.stream().filter(j -> names.get(j.name()) == 1).toList();
        Map<BatchJob, BatchBoard.LastRun> last = new HashMap<>();
        if (!together.isEmpty()) {
            List<Query> clauses = together.stream().map(job -> Query.of(q -> q.bool(b -> b
                    .filter(f -> f.term(t -> t.field("targetId").value(FieldValue.of(job.targetId()))))
                    .filter(f -> f.term(t -> t.field("batch.job").value(FieldValue.of(job.name()))))))).toList();
            List<EventDocument> newest = reader.search(r -> Newest.first(r.index("mihari-events-*")
                    .size(together.size()).ignoreUnavailable(true).allowNoIndices(true)
                    .collapse(c -> c.field("batch.job"))
                    .query(q -> q.bool(b -> b.filter(scope.filter())
                            .filter(f -> f.term(t -> t.field("type").value(FieldValue.of("BATCH_RUN"))))
                            .filter(f -> f.bool(o -> o.should(clauses).minimumShouldMatch("1")))))),
                    EventDocument.class).items();
            for (BatchJob job : together) {
                newest.stream().filter(d -> d != null && d.batch() != null && job.name().equals(d.batch().job())
                        && job.targetId().equals(d.targetId())).findFirst()
                        .ifPresent(d -> last.put(job, lastRun(d)));
            }
        }
        for (BatchJob job : jobs) {
            if (names.get(job.name()) > 1) {
                lastRun(scope, job).ifPresent(l -> last.put(job, l));
            }
        }
        return last;
    }

    /** The newest BATCH_RUN event of the job on its server (one small query, within the viewer's scope). */
    private Optional<BatchBoard.LastRun> lastRun(Scope scope, BatchJob job) {
        return reader.search(r -> Newest.first(r.index("mihari-events-*").size(1).ignoreUnavailable(true)
                .allowNoIndices(true)
                .query(q -> q.bool(b -> b.filter(scope.filter())
                        .filter(f -> f.term(t -> t.field("type").value(FieldValue.of("BATCH_RUN"))))
                        .filter(f -> f.term(t -> t.field("targetId").value(FieldValue.of(job.targetId()))))
                        .filter(f -> f.term(t -> t.field("batch.job").value(FieldValue.of(job.name()))))))),
                        EventDocument.class)
                .items().stream().filter(d -> d.batch() != null).findFirst().map(BatchJobsResource::lastRun);
    }

    private static BatchBoard.LastRun lastRun(EventDocument d) {
        return new BatchBoard.LastRun(d.batch().runId(), d.batch().state(), d.occurredAt(), d.batch().exitCode(),
                d.batch().durationMs(), d.batch().processedCount(), null);
    }

    /**
     * The BATCH_RUN and FILE_ARRIVAL events of all the page's jobs and files in one query: one {@code should} clause
     * per job or file (type, server, name and its own range of {@code occurredAt}), at most {@value #MAX_SIGNALS},
     * newest first.
     */
    private BatchBoard.Stored read(Scope scope, List<BatchBoard.Wanted> wanted) {
        List<Query> clauses = new ArrayList<>();
        for (BatchBoard.Wanted w : wanted) {
            clauses.add(Query.of(q -> q.bool(b -> b
                    .filter(f -> f.term(t -> t.field("type").value(FieldValue.of(w.file() ? "FILE_ARRIVAL"
                            : "BATCH_RUN"))))
                    .filter(f -> f.term(t -> t.field("targetId").value(FieldValue.of(w.targetId()))))
                    .filter(f -> f.term(t -> t.field(w.file() ? "file.file" : "batch.job")
                            .value(FieldValue.of(w.name()))))
                    .filter(f -> f.range(g -> g.field("occurredAt").gte(JsonData.of(w.from().toString()))
                            .lt(JsonData.of(w.to().toString())))))));
        }
        Reader.Page<EventDocument> page = reader.search(r -> r.index("mihari-events-*").size(MAX_SIGNALS)
                .ignoreUnavailable(true).allowNoIndices(true)
                .sort(s -> s.field(f -> f.field("occurredAt").order(SortOrder.Desc)))
                .query(q -> q.bool(b -> b.filter(scope.filter())
                        .filter(f -> f.bool(o -> o.should(clauses).minimumShouldMatch("1"))))),
                EventDocument.class);
        List<BatchBoard.RunSignal> runs = new ArrayList<>();
        List<BatchBoard.ArrivalSignal> arrivals = new ArrayList<>();
        for (EventDocument d : page.items()) {
            if (d == null || d.occurredAt() == null) {
                continue;
            }
            if (d.batch() != null) {
                runs.add(new BatchBoard.RunSignal(d.targetId(), d.batch().job(), d.batch().runId(), d.batch().state(),
                        d.occurredAt(), d.batch().exitCode(), d.batch().durationMs(), d.batch().processedCount()));
            } else if (d.file() != null && d.file().sizeBytes() != null) {
                // as alert-service dates it: the agent's instant, never after the event was received
                Instant seen = d.receivedAt() != null && d.occurredAt().isAfter(d.receivedAt()) ? d.receivedAt()
                        : d.occurredAt();
                arrivals.add(new BatchBoard.ArrivalSignal(d.targetId(), d.file().file(), d.file().path(),
                        d.file().sizeBytes(), d.file().modifiedAt(), d.file().checksumOk(), d.file().checksumNote(),
                        seen));
            }
        }
        return new BatchBoard.Stored(runs, arrivals, page.total() <= page.items().size());
    }

    /** A BATCH_RUN or FILE_ARRIVAL event as alert-service stores it (only the fields read here). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record EventDocument(String targetId, Instant occurredAt, Instant receivedAt, Batch batch, File file) {
        @JsonIgnoreProperties(ignoreUnknown = true)
        record Batch(String job, String runId, String state, Integer exitCode, Long durationMs, Long processedCount) {
        }

        @JsonIgnoreProperties(ignoreUnknown = true)
        record File(String file, String path, Long sizeBytes, Instant modifiedAt, Boolean checksumOk,
                String checksumNote) {
        }
    }
}
