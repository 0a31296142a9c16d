package io.mihari.dashboard.status;

import io.mihari.dashboard.auth.Scope;
import io.mihari.dashboard.catalog.CatalogHolder;
import io.mihari.dashboard.resource.ResourceResource;
import io.mihari.dashboard.store.Newest;
import io.mihari.dashboard.store.Reader;
import io.mihari.model.catalog.Catalog;
import io.mihari.model.catalog.ResourceThresholds;
import io.mihari.model.catalog.Target;
import jakarta.enterprise.context.ApplicationScoped;
import org.opensearch.client.json.JsonData;
import org.opensearch.client.opensearch._types.FieldValue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What is wrong now, per service, so the board answers it at a glance: servers down, applications that say they
 * are stopped or degraded (稼働状況), resources over their thresholds, and servers not heard from (データなし) folded
 * into one count per service, so one red line is not buried under dozens of grey ones.
 *
 * <p>Order: services with something critical first (a server down, an application stopped, a resource at its
 * critical level), then those with warnings, then those with only servers without data; within a level, the
 * service with more critical problems first, then with more warnings, then the catalog's order. Within a service: critical before warning; servers
 * down, then applications, then resources; then by server.
 *
 * <p>Every warning carries its words in Japanese and English ({@code textJa}, {@code textEn}), made here once so
 * every page says the same.
 */
@ApplicationScoped
public class Warnings {

    /** How recent a resource sample must be to say how the server is now. */
    static final Duration SAMPLE_WINDOW = Duration.ofHours(1);
    static final int MAX_SAMPLES = 5000;

    /** Warnings of one service. @param level CRITICAL, WARNING or NO_DATA (only servers without data) */
    public record ServiceWarnings(String serviceId, String level, Counts counts, List<Warning> warnings,
            NoData noData) {
    }

    /** How many of each; {@code noData} of {@code targets} servers. */
    public record Counts(int critical, int warning, int noData, int targets) {
    }

    /**
     * One problem.
     *
     * @param kind TARGET_DOWN, OPERATING_STATUS or RESOURCE
     * @param level CRITICAL or WARNING
     * @param subject the metric ({@code CPU}, {@code MEMORY}, {@code SWAP}, {@code DISK:/var}) or the application
     * @param status DOWN for a server, STOPPED or DEGRADED for an application, null for a resource
     * @param since when it began (server down, application report, resource sample)
     */
    public record Warning(String kind, String level, String targetId, String subject, String status, Double value,
            Double threshold, String message, Instant since, String textJa, String textEn) {
    }

    /** Servers without data (never heard, or Mihari blind), folded: how many, which, since when (earliest known). */
    public record NoData(int count, List<String> targets, Instant since) {
    }

    private final StatusQueries status;
    private final CatalogHolder catalog;
    private final Reader reader;
    private final Clock clock;

    Warnings(StatusQueries status, CatalogHolder catalog, Reader reader, Clock clock) {
        this.status = status;
        this.catalog = catalog;
        this.reader = reader;
        this.clock = clock;
    }

    public List<ServiceWarnings> of(Scope scope) {
        Catalog c = catalog.get();
        List<ServiceView> services = status.services(scope);
        Map<String, ResourceResource.Point> samples = latestSamples(scope);
        List<ServiceWarnings> result = new ArrayList<>();
        for (ServiceView s : services) {
            List<Warning> list = new ArrayList<>();
            List<String> noData = new ArrayList<>();
            Instant noDataSince = null;
            for (TargetView t : s.targets()) {
                if ("DOWN".equals(t.status())) {
                    list.add(new Warning("TARGET_DOWN", "CRITICAL", t.id(), null, "DOWN", null, null, null, t.since(),
                            "サーバ停止: " + t.id(), "Server down: " + t.id()));
                } else if ("UNKNOWN".equals(t.status())) {
                    noData.add(t.id());
                    if (t.since() != null && (noDataSince == null || t.since().isBefore(noDataSince))) {
                        noDataSince = t.since();
                    }
                } else {
                    ResourceResource.Point p = samples.get(t.id());
                    if (p != null) {
                        ResourceThresholds thresholds = c.target(t.id()).map(Target::resources)
                                .orElse(ResourceThresholds.DEFAULT);
                        for (ResourceResource.Warning w : ResourceResource.warnings(p, thresholds)) {
                            list.add(resource(t.id(), w, p.at()));
                        }
                    }
                }
            }
            for (OperatingView o : s.operating()) {
                if ("STOPPED".equals(o.status()) || "DEGRADED".equals(o.status())) {
                    list.add(operating(o));
                }
            }
            if (list.isEmpty() && noData.isEmpty()) {
                continue;
            }
            list.sort(Comparator.comparing((Warning w) -> "CRITICAL".equals(w.level()) ? 0 : 1)
                    .thenComparing(w -> KIND_ORDER.get(w.kind()))
                    .thenComparing(Warning::targetId).thenComparing(w -> w.subject() == null ? "" : w.subject()));
            int critical = (int) list.stream().filter(w -> "CRITICAL".equals(w.level())).count();
            int warning = list.size() - critical;
            String level = critical > 0 ? "CRITICAL" : warning > 0 ? "WARNING" : "NO_DATA";
            result.add(new ServiceWarnings(s.id(), level, new Counts(critical, warning, noData.size(),
                    s.targets().size()), list, noData.isEmpty() ? null : new NoData(noData.size(), noData, noDataSince)));
        }
        // stable: services of the same level and count keep the catalog's order
        result.sort(Comparator.comparing((ServiceWarnings w) -> LEVEL_ORDER.get(w.level()))
                .thenComparing(w -> -w.counts().critical()).thenComparing(w -> -w.counts().warning()));
        return result;
    }

    private static final Map<String, Integer> LEVEL_ORDER = Map.of("CRITICAL", 0, "WARNING", 1, "NO_DATA", 2);
    private static final Map<String, Integer> KIND_ORDER = Map.of("TARGET_DOWN", 0, "OPERATING_STATUS", 1,
            "RESOURCE", 2);

    static Warning resource(String targetId, ResourceResource.Warning w, Instant at) {
        boolean critical = "CRITICAL".equals(w.level());
        String metric = w.metric();
        String ja;
        String en;
        if (metric.startsWith("DISK:")) {
            ja = "ディスク " + metric.substring(5) + " 使用率";
            en = "Disk " + metric.substring(5) + " use";
        } else {
            ja = switch (metric) {
                case "CPU" -> "CPU 使用率";
                case "MEMORY" -> "メモリ使用率";
                default -> "スワップ使用率";
            };
            en = switch (metric) {
                case "CPU" -> "CPU use";
                case "MEMORY" -> "Memory use";
                default -> "Swap use";
            };
        }
        String value = percent(w.value());
        String limit = percent(w.threshold());
        return new Warning("RESOURCE", w.level(), targetId, metric, null, w.value(), w.threshold(), null, at,
                targetId + " " + ja + " " + value + "（" + (critical ? "危険" : "警告") + "閾値 " + limit + "）",
                targetId + " " + en + " " + value + " (" + (critical ? "critical" : "warning") + " at " + limit + ")");
    }

    static Warning operating(OperatingView o) {
        boolean stopped = "STOPPED".equals(o.status());
        String said = o.message() == null || o.message().isBlank() ? "" : o.message();
        return new Warning("OPERATING_STATUS", stopped ? "CRITICAL" : "WARNING", o.targetId(), o.application(),
                o.status(), null, null, o.message(), o.at(),
                "稼働状況 " + (stopped ? "停止中" : "縮退") + ": " + o.application() + "（" + o.targetId() + "）"
                        + (said.isEmpty() ? "" : " " + said),
                "Operating status " + (stopped ? "stopped" : "degraded") + ": " + o.application() + " ("
                        + o.targetId() + ")" + (said.isEmpty() ? "" : " " + said));
    }

    private static String percent(double v) {
        return String.format(Locale.ROOT, "%.1f%%", v);
    }

    /** The newest resource sample of every server the viewer may see, of the last {@link #SAMPLE_WINDOW}. */
    private Map<String, ResourceResource.Point> latestSamples(Scope scope) {
        Instant since = clock.instant().minus(SAMPLE_WINDOW);
        List<ResourceResource.SampleDoc> docs = reader.search(r -> Newest.first(r.index("mihari-events-*")
                .size(MAX_SAMPLES).ignoreUnavailable(true).allowNoIndices(true)
                .query(q -> q.bool(b -> b.filter(scope.filter())
                        .filter(f -> f.term(t -> t.field("type").value(FieldValue.of("RESOURCE_SAMPLE"))))
                        .filter(f -> f.range(x -> x.field("receivedAt").gte(JsonData.of(since.toString()))))))
                .collapse(k -> k.field("targetId"))),
                ResourceResource.SampleDoc.class).items();
        Map<String, ResourceResource.Point> latest = new HashMap<>();
        for (ResourceResource.SampleDoc d : docs) {
            if (d.resources() != null && d.targetId() != null) {
                latest.putIfAbsent(d.targetId(), ResourceResource.point(d));
            }
        }
        return latest;
    }
}
