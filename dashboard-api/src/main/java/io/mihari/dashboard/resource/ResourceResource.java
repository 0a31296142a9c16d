package io.mihari.dashboard.resource;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.mihari.dashboard.auth.Viewer;
import io.mihari.dashboard.catalog.CatalogHolder;
import io.mihari.dashboard.store.Reader;
import io.mihari.model.catalog.ResourceThresholds;
import io.mihari.model.catalog.Target;
import io.mihari.model.event.ResourceSample;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.opensearch.client.json.JsonData;
import org.opensearch.client.opensearch._types.FieldValue;
import org.opensearch.client.opensearch._types.SortOrder;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The resources of one server: its latest sample against its thresholds (warnings at a glance) and the samples of
 * a recent period for the charts.
 */
@Path("/api/targets/{tenant}/{host}/resources")
@Produces(MediaType.APPLICATION_JSON)
public class ResourceResource {

    /** One sample as the charts draw it; percentages 0–100. */
    public record Point(Instant at, double cpu, Double memory, Double swap, Map<String, Double> disks) {
    }

    /** A threshold crossed by the latest sample. */
    public record Warning(String metric, String level, double value, double threshold) {
    }

    /** A metric's warning and critical thresholds. */
    public record Threshold(double warning, double critical) {
    }

    public record Resources(String targetId, Point latest, List<Warning> warnings, Map<String, Threshold> thresholds,
            List<Point> series) {
    }

    /** A RESOURCE_SAMPLE event as stored (only the fields read here). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record SampleDoc(Instant occurredAt, String serviceId, ResourceSample resources, String targetId) {
    }

    private final Reader reader;
    private final Viewer viewer;
    private final CatalogHolder catalog;
    private final Clock clock;

    ResourceResource(Reader reader, Viewer viewer, CatalogHolder catalog, Clock clock) {
        this.reader = reader;
        this.viewer = viewer;
        this.catalog = catalog;
        this.clock = clock;
    }

    /** @param hours how far back the series goes (default 24 h, at most 31 days; at most 2,000 samples) */
    @GET
    public Resources resources(@PathParam("tenant") String tenant, @PathParam("host") String host,
            @QueryParam("hours") @DefaultValue("24") @Min(1) @Max(744) int hours) {
        String targetId = tenant + "/" + host;
        String serviceId = catalog.get().serviceOfTarget(targetId).map(s -> s.id()).orElse(null);
        if (!viewer.scope().canSee(serviceId)) {
            throw new NotFoundException("no target '" + targetId + "'");
        }
        Instant since = clock.instant().minus(Duration.ofHours(hours));
        List<SampleDoc> docs = reader.search(r -> r.index("mihari-events-*").size(2000).ignoreUnavailable(true)
                .allowNoIndices(true)
                .query(q -> q.bool(b -> b.filter(viewer.scope().filter())
                        .filter(f -> f.term(t -> t.field("targetId").value(FieldValue.of(targetId))))
                        .filter(f -> f.term(t -> t.field("type").value(FieldValue.of("RESOURCE_SAMPLE"))))
                        .filter(f -> f.range(x -> x.field("occurredAt").gte(JsonData.of(since.toString()))))))
                .sort(s -> s.field(f -> f.field("occurredAt").order(SortOrder.Desc))), SampleDoc.class).items();
        List<Point> series = new ArrayList<>();
        for (int i = docs.size() - 1; i >= 0; i--) {
            if (docs.get(i).resources() != null) {
                series.add(point(docs.get(i)));
            }
        }
        Point latest = series.isEmpty() ? null : series.get(series.size() - 1);
        ResourceThresholds thresholds = catalog.get().target(targetId).map(Target::resources)
                .orElse(ResourceThresholds.DEFAULT);
        Map<String, Threshold> limits = new LinkedHashMap<>();
        for (ResourceThresholds.Metric m : ResourceThresholds.Metric.values()) {
            thresholds.level(m).ifPresent(l -> limits.put(m.name(), new Threshold(l.warning(), l.critical())));
        }
        return new Resources(targetId, latest, latest == null ? List.of() : warnings(latest, thresholds), limits,
                series);
    }

    public static Point point(SampleDoc doc) {
        ResourceSample r = doc.resources();
        Map<String, Double> disks = new LinkedHashMap<>();
        if (r.disks() != null) {
            r.disks().forEach(d -> disks.put(d.mount(), round(d.usedPercent())));
        }
        return new Point(doc.occurredAt(), round(r.cpuPercent()),
                r.memoryTotalBytes() > 0 ? round(100.0 * r.memoryUsedBytes() / r.memoryTotalBytes()) : null,
                r.swapTotalBytes() > 0 ? round(100.0 * r.swapUsedBytes() / r.swapTotalBytes()) : null, disks);
    }

    /** Which thresholds the sample is at or above (the detector's sustain and hysteresis are not applied here). */
    public static List<Warning> warnings(Point p, ResourceThresholds thresholds) {
        List<Warning> warnings = new ArrayList<>();
        check(warnings, thresholds, ResourceThresholds.Metric.CPU, "CPU", p.cpu());
        check(warnings, thresholds, ResourceThresholds.Metric.MEMORY, "MEMORY", p.memory());
        check(warnings, thresholds, ResourceThresholds.Metric.SWAP, "SWAP", p.swap());
        p.disks().forEach((mount, value) -> check(warnings, thresholds, ResourceThresholds.Metric.DISK,
                "DISK:" + mount, value));
        return warnings;
    }

    private static void check(List<Warning> warnings, ResourceThresholds thresholds, ResourceThresholds.Metric metric,
            String name, Double value) {
        if (value == null) {
            return;
        }
        thresholds.level(metric).ifPresent(l -> {
            if (value >= l.critical()) {
                warnings.add(new Warning(name, "CRITICAL", value, l.critical()));
            } else if (value >= l.warning()) {
                warnings.add(new Warning(name, "WARNING", value, l.warning()));
            }
        });
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }
}
