package io.mihari.alert.store;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.mihari.alert.detect.Detection;
import io.mihari.alert.incident.Incident;
import io.mihari.alert.incident.Observation;
import jakarta.enterprise.context.ApplicationScoped;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch._types.FieldValue;
import org.opensearch.client.opensearch.core.search.Hit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/** Reads back what alert-service stored, to rebuild its state after a restart. */
@ApplicationScoped
public class StateReader {

    /** Upper bounds of one read; the catalogs we serve have hundreds of targets and few open incidents. */
    static final int MAX_TARGETS = 10_000;
    static final int MAX_OPEN_INCIDENTS = 2_000;

    private final OpenSearchClient client;

    StateReader(OpenSearchClient client) {
        this.client = client;
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record TargetDoc(String targetId, String status, java.time.Instant since, String cause) {
    }

    /** Every target's stored status, including what was written a moment ago (the index is refreshed first). */
    public List<Detection.StoredTarget> targets() {
        try {
            client.indices().refresh(r -> r.index(Indices.TARGETS));
            return client.search(s -> s.index(Indices.TARGETS).size(MAX_TARGETS), TargetDoc.class).hits().hits().stream()
                    .map(Hit::source).map(d -> new Detection.StoredTarget(d.targetId(), d.status(), d.since(), d.cause())).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + Indices.TARGETS + " to restore state", e);
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record ServiceTransitionDoc(String serviceId, String to) {
    }

    /**
     * The last stored status of each of these services (from its latest {@code scope: SERVICE} transition); a
     * service never stored is missing from the map.
     */
    public java.util.Map<String, String> lastServiceStatus(java.util.Collection<String> serviceIds) {
        java.util.Map<String, String> last = new java.util.HashMap<>();
        try {
            client.indices().refresh(r -> r.index(Indices.STATUS));
            for (String id : serviceIds) {
                client.search(s -> s.index(Indices.STATUS).size(1)
                        .query(q -> q.bool(b -> b
                                .filter(f -> f.term(t -> t.field("scope").value(FieldValue.of("SERVICE"))))
                                .filter(f -> f.term(t -> t.field("serviceId").value(FieldValue.of(id))))))
                        .sort(o -> o.field(f -> f.field("at").order(org.opensearch.client.opensearch._types.SortOrder.Desc)))
                        .sort(o -> o.field(f -> f.field("detectedAt").order(org.opensearch.client.opensearch._types.SortOrder.Desc))),
                        ServiceTransitionDoc.class).hits().hits().stream().map(Hit::source).findFirst()
                        .ifPresent(d -> last.put(id, d.to()));
            }
            return last;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + Indices.STATUS + " to restore service status", e);
        }
    }

    /**
     * When each target's latest stored heartbeat was received, over the last day: after a short restart a
     * target is watched from its real last heartbeat, so an outage that began while alert-service restarted
     * is dated right (what came meanwhile is read from the topic before silence is judged).
     */
    public java.util.Map<String, java.time.Instant> lastHeartbeats(java.time.Instant now) {
        java.util.Map<String, java.time.Instant> last = new java.util.HashMap<>();
        try {
            var response = client.search(s -> s.index(Indices.EVENTS_PREFIX + "*").size(0).ignoreUnavailable(true)
                    .allowNoIndices(true)
                    .query(q -> q.bool(b -> b
                            .filter(f -> f.term(t -> t.field("type").value(FieldValue.of("HEARTBEAT"))))
                            .filter(f -> f.range(r -> r.field("receivedAt")
                                    .gte(org.opensearch.client.json.JsonData.of(now.minus(java.time.Duration.ofDays(1))
                                            .toString()))))))
                    .aggregations("targets", a -> a.terms(t -> t.field("targetId").size(MAX_TARGETS))
                            .aggregations("last", m -> m.max(x -> x.field("receivedAt")))), Void.class);
            var agg = response.aggregations().get("targets");
            if (agg == null || !agg.isSterms()) {
                return last;
            }
            for (var bucket : agg.sterms().buckets().array()) {
                Double millis = bucket.aggregations().get("last").max().value();
                if (millis != null && !millis.isNaN() && !millis.isInfinite()) {
                    last.put(bucket.key(), java.time.Instant.ofEpochMilli(millis.longValue()));
                }
            }
            return last;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the last heartbeats", e);
        }
    }

    /** One stored signal of a batch run. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record StoredRun(String runId, String state, java.time.Instant occurredAt, Long durationMs) {
        /** A stored signal whose duration is not known (a STARTED). */
        public StoredRun(String runId, String state, java.time.Instant occurredAt) {
            this(runId, state, occurredAt, null);
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record RunDoc(java.time.Instant occurredAt, StoredBatch batch) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record StoredBatch(String runId, String state, Long durationMs) {
    }

    /** The latest stored signals of a job on a target, newest first (at most {@code limit}). */
    /**
     * Newest first as Mihari received them (its clock), then in the agent's spool order, then by the agent's clock:
     * an agent whose clock ran ahead cannot make an old event "the latest".
     */
    private static final List<org.opensearch.client.opensearch._types.SortOptions> NEWEST_RECEIVED = List.of(
            org.opensearch.client.opensearch._types.SortOptions.of(o -> o.field(f -> f.field("receivedAt")
                    .order(org.opensearch.client.opensearch._types.SortOrder.Desc))),
            org.opensearch.client.opensearch._types.SortOptions.of(o -> o.field(f -> f.field("seq")
                    .order(org.opensearch.client.opensearch._types.SortOrder.Desc))),
            org.opensearch.client.opensearch._types.SortOptions.of(o -> o.field(f -> f.field("occurredAt")
                    .order(org.opensearch.client.opensearch._types.SortOrder.Desc))));

    public List<StoredRun> latestRuns(String targetId, String job, int limit) {
        try {
            return client.search(s -> s.index(Indices.EVENTS_PREFIX + "*").size(limit).ignoreUnavailable(true)
                    .allowNoIndices(true)
                    .query(q -> q.bool(b -> b
                            .filter(f -> f.term(t -> t.field("type").value(FieldValue.of("BATCH_RUN"))))
                            .filter(f -> f.term(t -> t.field("targetId").value(FieldValue.of(targetId))))
                            .filter(f -> f.term(t -> t.field("batch.job").value(FieldValue.of(job))))))
                    .sort(NEWEST_RECEIVED), RunDoc.class).hits().hits().stream().map(Hit::source)
                    .filter(d -> d.batch() != null)
                    .map(d -> new StoredRun(d.batch().runId(), d.batch().state(), d.occurredAt(),
                            d.batch().durationMs())).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the runs of " + job + " on " + targetId, e);
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record ArrivalDoc(java.time.Instant occurredAt, java.time.Instant receivedAt,
            io.mihari.model.event.FileArrival file) {
    }

    /**
     * The arrivals of a linkage file on a target received after {@code since}, oldest first (at most
     * {@code limit}, the newest kept), each counting at its agent's time but never after it was received.
     */
    public List<io.mihari.alert.detect.FileMonitor.Arrival> arrivalsSince(String targetId, String file,
            java.time.Instant since, int limit) {
        try {
            List<io.mihari.alert.detect.FileMonitor.Arrival> newestFirst = new java.util.ArrayList<>(client.search(
                    s -> s.index(Indices.EVENTS_PREFIX + "*").size(limit).ignoreUnavailable(true)
                            .allowNoIndices(true)
                            .query(q -> q.bool(b -> b
                                    .filter(f -> f.term(t -> t.field("type").value(FieldValue.of("FILE_ARRIVAL"))))
                                    .filter(f -> f.term(t -> t.field("targetId").value(FieldValue.of(targetId))))
                                    .filter(f -> f.term(t -> t.field("file.file").value(FieldValue.of(file))))
                                    .filter(f -> f.range(r -> r.field("receivedAt")
                                            .gt(org.opensearch.client.json.JsonData.of(since.toString()))))))
                            .sort(NEWEST_RECEIVED), ArrivalDoc.class).hits().hits().stream().map(Hit::source)
                    .filter(d -> d != null && d.file() != null && d.receivedAt() != null)
                    .map(d -> new io.mihari.alert.detect.FileMonitor.Arrival(d.file(),
                            d.occurredAt() != null && d.occurredAt().isBefore(d.receivedAt()) ? d.occurredAt()
                                    : d.receivedAt()))
                    .toList());
            java.util.Collections.reverse(newestFirst);
            return newestFirst;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the arrivals of " + file + " on " + targetId, e);
        }
    }

    /**
     * How many passing results a check of a target has whose receipt is in [{@code from}, {@code to}), and the
     * {@code percentile} of their {@code latencyMs}: one OpenSearch query (a value count and a percentiles
     * aggregation over the CHECK_RESULT events of the target and check with status UP), for its latency baseline.
     */
    public io.mihari.alert.detect.LatencyBaselines.Stats latencyStats(String targetId, String check, double percentile,
            java.time.Instant from, java.time.Instant to) {
        try {
            var response = client.search(s -> s.index(Indices.EVENTS_PREFIX + "*").size(0).ignoreUnavailable(true)
                    .allowNoIndices(true)
                    .query(q -> q.bool(b -> b
                            .filter(f -> f.term(t -> t.field("type").value(FieldValue.of("CHECK_RESULT"))))
                            .filter(f -> f.term(t -> t.field("targetId").value(FieldValue.of(targetId))))
                            .filter(f -> f.term(t -> t.field("check.name").value(FieldValue.of(check))))
                            .filter(f -> f.term(t -> t.field("check.status").value(FieldValue.of("UP"))))
                            .filter(f -> f.range(r -> r.field("receivedAt")
                                    .gte(org.opensearch.client.json.JsonData.of(from.toString()))
                                    .lt(org.opensearch.client.json.JsonData.of(to.toString()))))))
                    .aggregations("results", a -> a.valueCount(v -> v.field("check.latencyMs")))
                    .aggregations("latency", a -> a.percentiles(p -> p.field("check.latencyMs").percents(percentile)
                            .keyed(false))), Void.class);
            var count = response.aggregations().get("results");
            var latency = response.aggregations().get("latency");
            Double n = count == null || !count.isValueCount() ? null : count.valueCount().value();
            Double value = latency == null || !latency.isTdigestPercentiles() ? null
                    : percentile(latency.tdigestPercentiles().values());
            return new io.mihari.alert.detect.LatencyBaselines.Stats(n == null || n.isNaN() ? 0 : n.longValue(), value);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the latency of check " + check + " on " + targetId, e);
        }
    }

    /** The one value of a percentiles aggregation asked for one percentile; null when there is none. */
    static Double percentile(org.opensearch.client.opensearch._types.aggregations.Percentiles values) {
        if (values == null) {
            return null;
        }
        if (values.isArray()) {
            return values.array().isEmpty() ? null : values.array().get(0).value();
        }
        if (values.isKeyed() && !values.keyed().isEmpty()) {
            var data = values.keyed().values().iterator().next();
            try {
                return data == null ? null : data.to(Double.class);
            } catch (RuntimeException notANumber) {
                return null; // "NaN" or null: no results
            }
        }
        return null;
    }

    /**
     * Incidents not CLOSED: OPEN ones run their status clocks, MITIGATED ones may reopen, and those still waiting
     * for a written report or a person's confirmation run their report clocks.
     */
    public List<Incident> activeIncidents() {
        try {
            // an incident opened a moment ago must be seen, or its recovery would find nothing to mitigate
            client.indices().refresh(r -> r.index(Indices.INCIDENTS));
            return client.search(s -> s.index(Indices.INCIDENTS).size(MAX_OPEN_INCIDENTS)
                    .query(q -> q.terms(t -> t.field("status").terms(v -> v.value(List.of(FieldValue.of("OPEN"),
                            FieldValue.of("MITIGATED"), FieldValue.of("RESOLVED")))))), Incident.class)
                    .hits().hits().stream().map(Hit::source).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + Indices.INCIDENTS + " to restore state", e);
        }
    }

    /** The fields of a stored event that an observation needs. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record ObservedEvent(String type, String targetId, java.time.Instant occurredAt,
            io.mihari.model.event.CheckResult check, io.mihari.model.event.ResourceSample resources) {
    }

    /**
     * What Mihari last saw of each target, one fact each, for an automatic status report: the last heartbeat, the
     * latest result of each liveness check, the latest resource sample ({@link Observation#targetId()} names the
     * target; the mail writes them in its reader's language with {@code ProblemWords.observation}).
     */
    public List<Observation> latestObservations(List<String> targetIds) {
        List<Observation> observations = new java.util.ArrayList<>();
        for (String targetId : targetIds) {
            List<ObservedEvent> events;
            try {
                events = client.search(s -> s.index(Indices.EVENTS_PREFIX + "*").size(50).ignoreUnavailable(true)
                        .allowNoIndices(true)
                        .query(q -> q.bool(b -> b
                                .filter(f -> f.term(t -> t.field("targetId").value(FieldValue.of(targetId))))
                                .filter(f -> f.terms(t -> t.field("type").terms(v -> v.value(List.of(
                                        FieldValue.of("HEARTBEAT"), FieldValue.of("CHECK_RESULT"),
                                        FieldValue.of("RESOURCE_SAMPLE"))))))))
                        .sort(NEWEST_RECEIVED), ObservedEvent.class)
                        .hits().hits().stream().map(Hit::source).toList();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the latest events of " + targetId, e);
            }
            observations.addAll(observations(targetId, events));
        }
        return observations;
    }

    /**
     * The facts in a target's latest events, newest first: the newest heartbeat, the newest result of each check,
     * the newest resource sample; {@link Observation.NoData} when there is no event at all.
     */
    static List<Observation> observations(String targetId, List<ObservedEvent> newestFirst) {
        List<Observation> observations = new java.util.ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (ObservedEvent e : newestFirst) {
            if (e == null || e.type() == null) {
                continue;
            }
            String key = "CHECK_RESULT".equals(e.type()) && e.check() != null ? "check:" + e.check().name() : e.type();
            if (!seen.add(key)) {
                continue;
            }
            switch (e.type()) {
                case "HEARTBEAT" -> observations.add(new Observation.Heartbeat(targetId, e.occurredAt()));
                case "CHECK_RESULT" -> {
                    if (e.check() != null) {
                        observations.add(new Observation.Check(targetId, e.check().name(),
                                e.check().status() == io.mihari.model.event.CheckResult.Status.UP, e.check().message(),
                                e.check().latencyMs(), e.occurredAt()));
                    }
                }
                default -> {
                    if (e.resources() != null) {
                        io.mihari.model.event.ResourceSample r = e.resources();
                        Double memory = r.memoryTotalBytes() > 0 ? 100.0 * r.memoryUsedBytes() / r.memoryTotalBytes()
                                : null;
                        List<Observation.Disk> disks = r.disks() == null ? List.of() : r.disks().stream()
                                .map(d -> new Observation.Disk(d.mount(), d.usedPercent())).toList();
                        observations.add(new Observation.Resources(targetId, r.cpuPercent(), memory, disks,
                                e.occurredAt()));
                    }
                }
            }
        }
        if (newestFirst.isEmpty()) {
            observations.add(new Observation.NoData(targetId));
        }
        return observations;
    }
}
