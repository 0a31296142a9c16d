package io.mihari.dashboard.availability;

import io.mihari.dashboard.auth.Scope;
import io.mihari.dashboard.catalog.CatalogHolder;
import io.mihari.model.availability.Attribution;
import io.mihari.model.availability.Availability;
import io.mihari.model.availability.AvailabilityCalculator;
import io.mihari.model.availability.AvailabilityPeriod;
import io.mihari.model.availability.TargetTransition;
import io.mihari.model.catalog.Catalog;
import io.mihari.model.catalog.Language;
import io.mihari.model.catalog.Service;
import io.mihari.model.maintenance.MaintenanceWindow;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The monthly availability of the services a viewer may see: one computation ({@link AvailabilityCalculator}, in
 * event-model) from what alert-service stored, which every view (board, report page, CSV, API) shows as it is.
 */
@ApplicationScoped
public class AvailabilityService {

    /**
     * One service's month with the names people read.
     *
     * @param availability the figures: the frozen report's (latest revision) once the month is frozen, else computed
     * @param report the report of record when frozen: revision, when, by whom, why (null while not frozen)
     * @param changedSinceFrozen the stored data now gives other counted downtime than the report of record (a
     *        correction is due: an administrator records it as the next revision); told for one service's month
     *        and in its revisions, not in an overview (which lists frozen figures without computing them again)
     * @param maintenance every maintenance window that reaches into the month, whatever became of it (one service's
     *        month only; an overview lists none): only approved ones count, the rest are shown so the figure can be
     *        explained
     */
    public record ServiceMonth(String serviceId, String tenant, String tenantName, String tenantNameEn, String system,
            String systemName, String systemNameEn, String vendor, String vendorName, Availability availability,
            FrozenReports.Report report, boolean changedSinceFrozen, List<MaintenanceLine> maintenance) {
    }

    /**
     * A maintenance window of the month as the report lists it: who asked for it and when, who decided and when.
     *
     * @param status REQUESTED (never approved: plans nothing), APPROVED or REJECTED; null for a window stored before
     *        approvals existed (plans nothing)
     * @param requestedBy who asked for it (the vendor), or who registered it (the city or an administrator)
     * @param requestedByRole {@code vendor}, {@code operator} or {@code admin}
     * @param decidedBy who approved or rejected it (for a registered window: who registered it)
     * @param withdrawnAt when it was withdrawn: it plans nothing from then on
     * @param counts whether it leaves planned time: approved (a whole-service window removes its time in service
     *        hours from the denominator; a window of some servers counts them as up), until a withdrawal
     */
    public record MaintenanceLine(String id, String title, List<String> targetIds, Instant start, Instant end,
            io.mihari.model.maintenance.Recurrence recurrence, String status, boolean urgent, String requestedBy,
            String requestedByRole, Instant requestedAt, String decidedBy, Instant decidedAt, String decisionNote,
            String withdrawnBy, Instant withdrawnAt, boolean counts) {

        static MaintenanceLine of(MaintenanceWindow w) {
            return new MaintenanceLine(w.id(), w.title(), w.targetIds(), w.start(), w.end(), w.recurrence(),
                    w.status() == null ? null : w.status().name(), w.urgent(), w.createdBy(), w.createdByRole(),
                    w.createdAt(), w.decidedBy(), w.decidedAt(), w.decisionNote(), w.cancelledBy(), w.cancelledAt(),
                    w.approved());
        }
    }

    /**
     * A city's or a vendor's services together: planned and counted downtime summed, then the ratio. A service's month
     * without any data is no evidence: it is counted in {@code insufficientData} and left out of the sums (it would
     * otherwise count as 100 %).
     */
    public record Rollup(String id, String name, int services, long plannedMs, long contractualDowntimeMs,
            BigDecimal availabilityPercent, int met, int atRisk, int breached, int insufficientData) {
    }

    /**
     * One service's quarter or year with the names people read.
     *
     * @param availability the figures combined from the frozen months
     * @param reports per month of the period that is frozen, the report of record it was taken from
     */
    public record ServicePeriod(String serviceId, String tenant, String tenantName, String tenantNameEn,
            String system, String systemName, String systemNameEn, String vendor, String vendorName,
            AvailabilityPeriod availability, Map<String, FrozenReports.Report> reports) {
    }

    private final AvailabilityReader reader;
    private final MonthSoFarTransitions monthSoFar;
    private final boolean incremental;
    private final FrozenReports frozen;
    private final CatalogHolder catalog;
    private final Clock clock;
    private final Duration cacheComplete;
    private final Duration cacheCurrent;
    /** Computed months by service and month; the same for every viewer (the scope picks which are shown). */
    private final Map<String, Cached> cache = new java.util.concurrent.ConcurrentHashMap<>();
    /** Runs a computation's maintenance and attribution reads while its transitions are read. */
    private final ExecutorService reads = Executors.newCachedThreadPool(daemon("mihari-availability-read"));

    private record Cached(Availability availability, Instant computedAt) {
    }

    AvailabilityService(AvailabilityReader reader, MonthSoFarTransitions monthSoFar, FrozenReports frozen,
            CatalogHolder catalog, Clock clock, io.mihari.dashboard.config.DashboardConfig config) {
        this.frozen = frozen;
        this.reader = reader;
        this.monthSoFar = monthSoFar;
        this.incremental = config.availability().incremental();
        this.catalog = catalog;
        this.clock = clock;
        this.cacheComplete = config.availability().cacheComplete();
        this.cacheCurrent = config.availability().cacheCurrent();
    }

    /**
     * The month of each visible service (or of the one asked for). Figures computed a moment ago are reused (a
     * finished month for {@code mihari.availability.cache-complete}, the month so far for {@code cache-current});
     * the rest are computed together from one read.
     */
    public List<ServiceMonth> month(Scope scope, YearMonth month, String onlyService) {
        Catalog c = catalog.get();
        List<Service> services = c.services().stream().filter(s -> scope.canSee(s.id()))
                .filter(s -> onlyService == null || s.id().equals(onlyService)).toList();
        if (services.isEmpty()) {
            return List.of();
        }
        Instant now = clock.instant();
        // A finished month that is frozen is its report of record: an overview lists the frozen figures as they are
        // (one read, no computation); one service's month is also computed now, to say whether the data changed.
        boolean overview = onlyService == null;
        Map<String, FrozenReports.Revision> reports = services.stream().allMatch(s -> finished(s, month, now))
                ? frozen.latest(scope, ids(services), month, overview) : Map.of();
        Map<String, Availability> live = new HashMap<>();
        List<Service> missing = new ArrayList<>();
        for (Service s : services) {
            if (overview && reports.containsKey(s.id())) {
                continue;
            }
            Cached cached = cache.get(s.id() + "|" + month);
            Duration ttl = cached != null && cached.availability().complete() ? cacheComplete : cacheCurrent;
            if (cached != null && cached.computedAt().plus(ttl).isAfter(now)) {
                live.put(s.id(), cached.availability());
            } else {
                missing.add(s);
            }
        }
        if (!missing.isEmpty()) {
            compute(c, missing, month, now).forEach((id, a) -> {
                live.put(id, a);
                cache.put(id + "|" + month, new Cached(a, now));
            });
        }
        List<ServiceMonth> result = new ArrayList<>();
        for (Service s : services) {
            var tenant = c.tenant(s.tenant());
            var system = c.system(s.system());
            FrozenReports.Revision report = reports.get(s.id());
            Availability computed = live.get(s.id());
            Availability shown = report != null && report.availability() != null ? report.availability() : computed;
            result.add(new ServiceMonth(s.id(), s.tenant(), tenant.name().in(Language.JA), tenant.name().in(Language.EN),
                    s.system(), system.name().in(Language.JA), system.name().in(Language.EN), s.vendor(),
                    c.vendor(s.vendor()).name().in(Language.JA), shown,
                    report == null ? null : FrozenReports.Report.of(report),
                    report != null && computed != null && changed(computed, shown),
                    overview ? List.of() : windows(c, s, month)));
        }
        return result;
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /**
     * Whether the data now gives another month than the report of record: other counted downtime, or another verdict
     * (e.g. a month frozen as MET with no data before the coverage rule, now INSUFFICIENT_DATA).
     */
    static boolean changed(Availability now, Availability frozen) {
        return now.contractualDowntimeMs() != frozen.contractualDowntimeMs() || now.status() != frozen.status();
    }

    /**
     * A quarter's or a year's figures of each visible service (or of the one asked for), from the frozen months only:
     * a month not frozen yet is named as missing, never computed here.
     */
    public List<ServicePeriod> period(Scope scope, String periodId, List<YearMonth> months, String onlyService) {
        Catalog c = catalog.get();
        List<Service> services = c.services().stream().filter(s -> scope.canSee(s.id()))
                .filter(s -> onlyService == null || s.id().equals(onlyService)).toList();
        if (services.isEmpty()) {
            return List.of();
        }
        Map<String, Map<YearMonth, FrozenReports.Revision>> frozenMonths = frozen.latestOfMonths(scope, ids(services),
                months);
        List<ServicePeriod> result = new ArrayList<>();
        for (Service s : services) {
            Map<YearMonth, Availability> figures = new HashMap<>();
            Map<String, FrozenReports.Report> reports = new java.util.TreeMap<>();
            frozenMonths.getOrDefault(s.id(), Map.of()).forEach((month, revision) -> {
                if (revision.availability() != null) {
                    figures.put(month, revision.availability());
                    reports.put(month.toString(), FrozenReports.Report.of(revision));
                }
            });
            var tenant = c.tenant(s.tenant());
            var system = c.system(s.system());
            result.add(new ServicePeriod(s.id(), s.tenant(), tenant.name().in(Language.JA),
                    tenant.name().in(Language.EN), s.system(), system.name().in(Language.JA),
                    system.name().in(Language.EN), s.vendor(), c.vendor(s.vendor()).name().in(Language.JA),
                    AvailabilityPeriod.combine(s.id(), periodId, months, figures, s.minCoverage(),
                            c.penaltyTiers(s.id())), reports));
        }
        return result;
    }

    /** Every window of the service that reaches into the month, as the report lists it. */
    private List<MaintenanceLine> windows(Catalog c, Service s, YearMonth month) {
        return reader.maintenance(Scope.system(c), Set.of(s.id()), start(month, s.timeZone()),
                start(month.plusMonths(1), s.timeZone())).stream().map(MaintenanceLine::of).toList();
    }

    private static boolean finished(Service s, YearMonth month, Instant now) {
        return !now.isBefore(start(month.plusMonths(1), s.timeZone()));
    }

    private static Set<String> ids(List<Service> services) {
        Set<String> ids = new LinkedHashSet<>();
        services.forEach(s -> ids.add(s.id()));
        return ids;
    }

    /** The month as the stored data gives it now, never a frozen report (what a freeze or a revision records). */
    public Availability live(String serviceId, YearMonth month) {
        Catalog c = catalog.get();
        Service s = c.service(serviceId).orElseThrow();
        return compute(c, List.of(s), month, clock.instant()).get(serviceId);
    }

    /** What a computation of these services' month reads (one read for all of them). */
    private record Inputs(Map<String, List<TargetTransition>> transitions, Map<String, List<MaintenanceWindow>> windows,
            Map<String, List<Attribution>> attributions, Map<String, List<Attribution>> recorded) {
    }

    /** Computes these services' month from one read (the reads run with every service in view: a system read). */
    private Map<String, Availability> compute(Catalog c, List<Service> services, YearMonth month, Instant asOf) {
        Inputs in = read(c, services, month, asOf);
        Map<String, Availability> result = new HashMap<>();
        for (Service s : services) {
            result.put(s.id(), AvailabilityCalculator.compute(s, month, asOf,
                    in.transitions().getOrDefault(s.id(), List.of()), in.windows().getOrDefault(s.id(), List.of()),
                    in.attributions().getOrDefault(s.id(), List.of()), c.penaltyTiers(s.id())));
        }
        return result;
    }

    private Inputs read(Catalog c, List<Service> services, YearMonth month, Instant asOf) {
        return read(c, services, month, asOf, incremental);
    }

    /**
     * The same computation as every view's, reading every transition of the month from OpenSearch when
     * {@code incremental} is false: what the month so far kept in memory must equal ({@code MonthSoFarEqualityTest}).
     */
    Map<String, Availability> compute(List<Service> services, YearMonth month, Instant asOf, boolean incremental) {
        Catalog c = catalog.get();
        Inputs in = read(c, services, month, asOf, incremental);
        Map<String, Availability> result = new HashMap<>();
        for (Service s : services) {
            result.put(s.id(), AvailabilityCalculator.compute(s, month, asOf,
                    in.transitions().getOrDefault(s.id(), List.of()), in.windows().getOrDefault(s.id(), List.of()),
                    in.attributions().getOrDefault(s.id(), List.of()), c.penaltyTiers(s.id())));
        }
        return result;
    }

    /**
     * Reads what the month so far needs of every service into memory ahead of the first request (the month's first
     * read is the full one); whether there was anything to read (false with {@code incremental=false}).
     */
    public boolean warmUp() {
        Catalog c = catalog.get();
        Instant now = clock.instant();
        YearMonth month = YearMonth.from(now.atZone(AvailabilityCalculator.DEFAULT_ZONE));
        if (!incremental || c.services().isEmpty()) {
            return false;
        }
        read(c, c.services(), month, now, true);
        return true;
    }

    private Inputs read(Catalog c, List<Service> services, YearMonth month, Instant asOf, boolean incremental) {
        Scope scope = Scope.system(c);
        // one read for all services: the widest month range over their time zones
        Instant from = services.stream().map(s -> start(month, s.timeZone())).min(Instant::compareTo).orElseThrow();
        Instant to = services.stream().map(s -> start(month.plusMonths(1), s.timeZone())).max(Instant::compareTo)
                .orElseThrow();
        Instant readTo = asOf.isBefore(to) ? asOf : to;
        Instant until = readTo.isAfter(from) ? readTo : from;
        Set<String> ids = new LinkedHashSet<>();
        services.forEach(s -> ids.add(s.id()));
        // the maintenance windows and the attributions are read while the transitions are (independent reads)
        CompletableFuture<List<MaintenanceWindow>> maintenance = CompletableFuture.supplyAsync(
                () -> reader.maintenance(scope, ids, from, until), reads);
        CompletableFuture<List<AvailabilityReader.Attributed>> attributed = CompletableFuture.supplyAsync(
                () -> reader.attributions(scope, ids, from, until), reads);
        Map<String, List<TargetTransition>> transitions = new HashMap<>();
        // the month so far: from the transitions kept in memory, checked against OpenSearch now (the same set)
        List<AvailabilityReader.Loaded> loaded;
        try {
            loaded = incremental && asOf.isBefore(to)
                    ? monthSoFar.transitions(scope, ids, from, to, until)
                    : reader.transitions(scope, ids, from, until);
        } catch (RuntimeException e) {
            maintenance.cancel(false);
            attributed.cancel(false);
            throw e;
        }
        for (AvailabilityReader.Loaded l : loaded) {
            transitions.computeIfAbsent(l.serviceId(), k -> new ArrayList<>()).add(l.transition());
        }
        Map<String, List<MaintenanceWindow>> windows = new HashMap<>();
        for (MaintenanceWindow w : join(maintenance)) {
            windows.computeIfAbsent(w.serviceId(), k -> new ArrayList<>()).add(w);
        }
        Map<String, List<Attribution>> attributions = new HashMap<>();
        Map<String, List<Attribution>> recorded = new HashMap<>();
        for (AvailabilityReader.Attributed a : join(attributed)) {
            recorded.computeIfAbsent(a.serviceId(), k -> new ArrayList<>()).add(a.recorded());
            // the figure reads every incident not attributed VENDOR, as the service's own figure reads it (CLOUD on
            // the cloud provider's own service counts against it: VENDOR there, still naming its incident)
            if (!a.recorded().vendorsResponsibility()) {
                attributions.computeIfAbsent(a.serviceId(), k -> new ArrayList<>()).add(a.attribution());
            }
        }
        return new Inputs(transitions, windows, attributions, recorded);
    }

    /** The result of a read run alongside, or what it threw (as thrown). */
    private static <T> T join(CompletableFuture<T> read) {
        try {
            return read.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    /** Stops the threads of the reads run alongside. */
    @PreDestroy
    void close() {
        reads.shutdownNow();
    }

    /**
     * What the figures per party need (docs/parties.md): every service's month and what each read, from one read of
     * the whole catalog, computed now (never a frozen report: the ledger needs the month's lines). The figures are
     * also put in the cache the board reads.
     *
     * @param asOf the instant the month was computed as of
     * @param services every service's month, by id
     * @param inputs per service, its transitions, maintenance windows and attributions as recorded (components)
     */
    public record PartyInputs(Instant asOf, Map<String, Availability> services,
            Map<String, io.mihari.model.availability.ComponentAvailability.Inputs> inputs) {
    }

    /** Every service's month and its inputs, computed now from one read (see {@link PartyInputs}). */
    public PartyInputs partyInputs(YearMonth month) {
        Catalog c = catalog.get();
        Instant now = clock.instant();
        List<Service> services = c.services();
        Inputs in = read(c, services, month, now);
        Map<String, Availability> figures = new LinkedHashMap<>();
        Map<String, io.mihari.model.availability.ComponentAvailability.Inputs> inputs = new HashMap<>();
        for (Service s : services) {
            Availability a = AvailabilityCalculator.compute(s, month, now,
                    in.transitions().getOrDefault(s.id(), List.of()), in.windows().getOrDefault(s.id(), List.of()),
                    in.attributions().getOrDefault(s.id(), List.of()), c.penaltyTiers(s.id()));
            figures.put(s.id(), a);
            cache.put(s.id() + "|" + month, new Cached(a, now));
            inputs.put(s.id(), new io.mihari.model.availability.ComponentAvailability.Inputs(
                    in.transitions().getOrDefault(s.id(), List.of()), in.windows().getOrDefault(s.id(), List.of()),
                    in.recorded().getOrDefault(s.id(), List.of())));
        }
        return new PartyInputs(now, figures, inputs);
    }

    /**
     * Each server's own month: the same computation for a service made of that one server (as if it were critical),
     * with the service's hours, maintenance and attributions.
     */
    public Map<String, Availability> targets(String serviceId, YearMonth month) {
        Catalog c = catalog.get();
        Service s = c.service(serviceId).orElseThrow();
        Instant asOf = clock.instant();
        Inputs in = read(c, List.of(s), month, asOf);
        Map<String, Availability> result = new LinkedHashMap<>();
        for (io.mihari.model.catalog.Target t : s.targets()) {
            io.mihari.model.catalog.Target alone = new io.mihari.model.catalog.Target(t.id(), t.host(), t.role(), true,
                    null, t.heartbeatInterval(), t.checks(), t.resources());
            Service single = new Service(s.id(), s.tenant(), s.system(), s.vendor(), s.availabilityTarget(),
                    s.timeZone(), List.of(alone), List.of(), s.serviceHours(), List.of(), s.minCoverage(),
                    s.measuredFrom());
            List<TargetTransition> own = in.transitions().getOrDefault(s.id(), List.of()).stream()
                    .filter(x -> x.targetId().equals(t.id())).toList();
            result.put(t.id(), AvailabilityCalculator.compute(single, month, asOf, own,
                    in.windows().getOrDefault(s.id(), List.of()), in.attributions().getOrDefault(s.id(), List.of()),
                    c.penaltyTiers(s.id())));
        }
        return result;
    }

    /** Rollups per city (by = "tenant") or per vendor (by = "vendor"). */
    public static List<Rollup> rollups(List<ServiceMonth> months, boolean byTenant) {
        Map<String, List<ServiceMonth>> groups = new LinkedHashMap<>();
        for (ServiceMonth m : months) {
            groups.computeIfAbsent(byTenant ? m.tenant() : m.vendor(), k -> new ArrayList<>()).add(m);
        }
        List<Rollup> rollups = new ArrayList<>();
        groups.forEach((id, list) -> {
            // a month without any data (no availability) is no evidence: not summed as if it were up
            List<Availability> evidence = list.stream().map(ServiceMonth::availability)
                    .filter(a -> a.contractualAvailabilityPercent() != null).toList();
            long planned = evidence.stream().mapToLong(Availability::plannedMs).sum();
            long down = evidence.stream().mapToLong(Availability::contractualDowntimeMs).sum();
            BigDecimal pct = planned == 0 ? null : BigDecimal.valueOf(planned - down).multiply(BigDecimal.valueOf(100))
                    .divide(BigDecimal.valueOf(planned), 3, RoundingMode.DOWN);
            String name = byTenant ? list.get(0).tenantName() : list.get(0).vendorName();
            rollups.add(new Rollup(id, name, list.size(), planned, down, pct, count(list, Availability.Status.MET),
                    count(list, Availability.Status.AT_RISK), count(list, Availability.Status.BREACHED),
                    count(list, Availability.Status.INSUFFICIENT_DATA)));
        });
        return rollups;
    }

    private static int count(List<ServiceMonth> months, Availability.Status status) {
        return (int) months.stream().filter(m -> m.availability().status() == status).count();
    }

    private static Instant start(YearMonth month, ZoneId zone) {
        return month.atDay(1).atStartOfDay(zone == null ? AvailabilityCalculator.DEFAULT_ZONE : zone).toInstant();
    }
}
