package io.mihari.model.catalog;

import io.mihari.model.calendar.BusinessCalendar;
import io.mihari.model.event.TargetId;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Reads and validates the catalog YAML. Every problem is reported at once, with its line and column and the path of
 * its key ({@code sample-catalog.yaml:24:9: services[0].targets[2].heartbeatInterval: 'soon' is not a duration}):
 * unknown keys, values of the wrong kind, missing keys, bad values and references — so one run shows all there is to
 * fix ({@link CatalogTree}, {@link CatalogBinder}, then the rules here).
 */
public final class CatalogLoader {

    private static final BigDecimal DEFAULT_TARGET = new BigDecimal("99.5");
    private static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(10);
    private static final ZoneId DEFAULT_ZONE = ZoneId.of("Asia/Tokyo");
    private static final java.util.Map<String, java.time.DayOfWeek> DAYS = java.util.Map.of(
            "MON", java.time.DayOfWeek.MONDAY, "TUE", java.time.DayOfWeek.TUESDAY,
            "WED", java.time.DayOfWeek.WEDNESDAY, "THU", java.time.DayOfWeek.THURSDAY,
            "FRI", java.time.DayOfWeek.FRIDAY, "SAT", java.time.DayOfWeek.SATURDAY, "SUN", java.time.DayOfWeek.SUNDAY);
    private static final Duration DEFAULT_START_WITHIN = Duration.ofMinutes(30);

    private CatalogLoader() {
    }

    public static Catalog load(Path path) {
        if (!Files.isRegularFile(path)) {
            throw new CatalogException(path.toString(), List.of("file not found (mihari.catalog.path)"));
        }
        try (InputStream in = Files.newInputStream(path)) {
            return load(in, path.toString());
        } catch (IOException e) {
            throw new CatalogException(path.toString(), List.of("cannot read: " + e.getMessage()));
        }
    }

    /**
     * Reads the catalog in one pass that collects every problem: the YAML is parsed into a tree that remembers where
     * each key and value is written, bound to the catalog's shape (unknown keys, values of the wrong kind), then
     * checked against the catalog's rules (missing keys, bad values, references). All problems are thrown together,
     * in the order of the file, each with its line and column.
     */
    public static Catalog load(InputStream in, String source) {
        List<CatalogProblem> problems = new ArrayList<>();
        CatalogTree tree;
        try {
            tree = CatalogTree.parse(in, problems);
        } catch (IOException e) {
            throw new CatalogException(source, List.of("cannot read: " + e.getMessage()));
        }
        if (tree == null) {
            throw CatalogException.located(source, problems);
        }
        if (tree.root == null) {
            throw new CatalogException(source, List.of("the file is empty"));
        }
        CatalogBinder binder = new CatalogBinder(tree, problems);
        CatalogDoc doc = binder.bind(CatalogDoc.class);
        if (doc == null) {
            throw CatalogException.located(source, problems);
        }
        Validation validation = new Validation(doc);
        Catalog catalog;
        try {
            catalog = validation.run();
        } catch (RuntimeException e) {
            if (problems.isEmpty() && validation.problems.isEmpty()) {
                throw e;
            }
            catalog = null; // a consequence of the problems found so far, which are what to report
        }
        for (String text : validation.problems) {
            // every rule's problem is written "key: message"; keys never contain ": "
            int cut = text.indexOf(": ");
            String key = cut < 0 ? "" : text.substring(0, cut);
            if (cut < 0 || binder.dropped().stream().noneMatch(d -> key.equals(d) || key.startsWith(d + ".")
                    || key.startsWith(d + "["))) {
                CatalogTree.Place place = tree.placeOf(key);
                problems.add(new CatalogProblem(place.line(), place.column(), key,
                        cut < 0 ? text : text.substring(cut + 2)));
            }
        }
        if (!problems.isEmpty()) {
            problems.sort(java.util.Comparator.comparingInt(CatalogProblem::line)
                    .thenComparingInt(CatalogProblem::column));
            throw CatalogException.located(source, problems);
        }
        return catalog;
    }

    /** Parses {@code 10s}, {@code 5m}, {@code 1h} or ISO-8601 {@code PT10S}. */
    public static Duration parseDuration(String text) {
        String value = text.trim();
        if (value.matches("\\d+(ms|s|m|h|d)")) {
            long n = Long.parseLong(value.replaceAll("\\D", ""));
            return switch (value.replaceAll("\\d", "")) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        }
        return Duration.parse(value);
    }

    // ---- the YAML's shape (wire type), kept apart from the domain records ----

    /**
     * {@code vendors}: the app vendors; {@code parties}: the other responsible parties (cloud providers, carriers, or
     * app vendors again) — one id space.
     */
    record CatalogDoc(DefaultsDoc defaults, List<TenantDoc> tenants, List<SystemGroup> systems, List<Vendor> vendors,
            List<Vendor> parties, List<ServiceDoc> services) {
    }

    /** {@link Tenant}, with its business calendar as written ({@code calendar}, optional). */
    record TenantDoc(String id, LocalizedName name, List<Contact> contacts, Boolean requireSecondFactor,
            String cloudProvider, String carrier, CalendarDoc calendar, EscalationReader.EscalationDoc escalation) {
    }

    /**
     * {@code {closedDates: [2027-06-09], openDates: [2027-03-28]}}: the city's own closed days 閉庁日 and the days it
     * opens although they would be closed, on top of Japan's calendar ({@link BusinessCalendar}); both optional.
     */
    record CalendarDoc(List<String> closedDates, List<String> openDates) {
    }

    /**
     * {@code minCoverage}: {@code 95} or {@code 95%} (percent of planned time with data; see {@link Service}).
     * {@code measuredFrom}: {@code 2026-12-06} (the start of that day in each service's time zone) or
     * {@code 2026-12-06T15:20:00+09:00}; a service's own wins.
     */
    record DefaultsDoc(String heartbeatInterval, BigDecimal availabilityTarget, String timeZone, ChecksDoc checks,
            ResourcesDoc resources, List<TierDoc> penaltyTiers, MaintenanceDoc maintenance, String minCoverage,
            String measuredFrom, String cloudProvider, String carrier, String component) {
    }

    record ServiceDoc(String id, String tenant, String system, String vendor, BigDecimal availabilityTarget,
            String timeZone, List<TargetDoc> targets, List<JobDoc> jobs, List<WindowDoc> serviceHours,
            List<String> closedDates, String serviceDays, List<Contact> contacts, List<TierDoc> penaltyTiers,
            MaintenanceDoc maintenance, String minCoverage, String measuredFrom, String component,
            List<FileDoc> files, EscalationReader.EscalationDoc escalation, String environment, Boolean notified) {
    }

    /**
     * {@link LinkageFile}: {@code {name, host, pattern, schedule, timeZone?, on?, shift?, minBytes?, checksum?}};
     * {@code on}/{@code shift} as a job's.
     */
    record FileDoc(String name, String host, String pattern, String schedule, String timeZone,
            com.fasterxml.jackson.databind.JsonNode on, String shift, Long minBytes, String checksum) {
    }

    /** {@code serviceDays}: the service's windows apply on every day, or on its city's business days only. */
    static final String EVERY_DAY = "everyDay";
    static final String BUSINESS_DAYS = "businessDays";

    /**
     * {@link MaintenanceLimits}: {@code {notice: 3d, maxLength: 12h, maxRecurringSpan: 366d, maxHoursPerWeek: 12h}};
     * every field optional (falls back to the defaults section, then to the built-in).
     */
    record MaintenanceDoc(String notice, String maxLength, String maxRecurringSpan, String maxHoursPerWeek) {
    }

    /** {@code {below: 99.5, name: 減額1, description: 月額の5%}}: applies when availability is below {@code below}. */
    record TierDoc(BigDecimal below, String name, String description) {
    }

    /** {@code {days: [MON, TUE, WED, THU, FRI], from: "08:30", to: "17:15"}}; {@code to} may be {@code "24:00"}. */
    record WindowDoc(List<String> days, String from, String to) {
    }

    /**
     * {@code component}: {@link ComponentType} ({@code virtual-server}, {@code database}, {@code line} …, or
     * {@code none}). {@code latency}: {@link LatencyThresholds} by check name, read by {@link LatencyReader}.
     * {@code environment}: {@link Environment} ({@code production}, {@code test}, {@code temporary});
     * {@code notified: true} mails a test or temporary target's problems anyway (both default to the service's).
     */
    record TargetDoc(String host, String role, Boolean critical, String redundancyGroup, String heartbeatInterval,
            ChecksDoc checks, ResourcesDoc resources, String component, com.fasterxml.jackson.databind.JsonNode latency,
            String environment, Boolean notified) {
    }

    /** {@link CheckPolicy}; every field optional (falls back to the defaults section, then to the built-in). */
    record ChecksDoc(Integer failuresToDown, Integer successesToUp) {
    }

    /** {@link ResourceThresholds}; any subset of the metrics. */
    record ResourcesDoc(LevelDoc cpu, LevelDoc memory, LevelDoc swap, LevelDoc disk) {
        LevelDoc of(ResourceThresholds.Metric metric) {
            return switch (metric) {
                case CPU -> cpu;
                case MEMORY -> memory;
                case SWAP -> swap;
                case DISK -> disk;
            };
        }
    }

    /** {@link ResourceThresholds.Level}; every field optional (falls back field by field). */
    record LevelDoc(Double warning, Double critical, String sustain, Double hysteresis) {
    }

    /**
     * {@link BatchJob}; {@code host} is a target of the same service; {@code on} is a word ({@code businessDays})
     * or a mapping ({@code {businessDay: 3}}).
     */
    record JobDoc(String name, String host, String schedule, String timeZone, String startWithin,
            String maxRunTime, com.fasterxml.jackson.databind.JsonNode on, String shift, CountDoc expectedCount,
            String neededBy, String neededOn) {
    }

    /** {@link CountRange}: {@code {min: 1, max: 200000}}, either bound optional. */
    record CountDoc(Long min, Long max) {
    }

    private static final class Validation {
        private final CatalogDoc doc;
        private final List<String> problems = new ArrayList<>();
        /**
         * The business calendar of each tenant's batch jobs, by tenant id; a tenant not listed has Japan's
         * ({@code BusinessCalendar.JAPAN}); filled from the tenants' {@code calendar} before the services are read.
         */
        private final java.util.Map<String, io.mihari.model.calendar.BusinessCalendar> jobCalendars =
                new java.util.HashMap<>();

        Validation(CatalogDoc doc) {
            this.doc = doc;
        }

        /** The catalog, or null when a problem was found. */
        Catalog run() {
            List<TenantDoc> tenants = nonNull(doc.tenants());
            List<SystemGroup> systems = nonNull(doc.systems());
            List<Vendor> appVendors = nonNull(doc.vendors());
            List<Vendor> vendors = new ArrayList<>(appVendors);
            vendors.addAll(nonNull(doc.parties()));
            requireNonEmpty("tenants", tenants);
            requireNonEmpty("systems", systems);
            if (vendors.isEmpty()) {
                requireNonEmpty("vendors", appVendors);
            }
            // an entry the binder could not make is null here (and already reported)
            Set<String> tenantIds = ids("tenants", tenants.stream().map(t -> t == null ? null : t.id()).toList());
            Set<String> systemIds = ids("systems", systems.stream().map(g -> g == null ? null : g.id()).toList());
            Set<String> vendorIds = ids("vendors", appVendors.stream().map(v -> v == null ? null : v.id()).toList());
            List<Vendor> otherParties = nonNull(doc.parties());
            for (int i = 0; i < otherParties.size(); i++) {
                Vendor p = otherParties.get(i);
                if (p == null) {
                    continue;
                }
                name("parties[" + i + "].id", p.id());
                requireField("parties[" + i + "].name", p.name());
                if (p.id() != null && !vendorIds.add(p.id())) {
                    problems.add("parties[" + i + "].id: duplicate party '" + p.id() + "' (vendors and parties share "
                            + "one list of ids)");
                }
            }
            for (int i = 0; i < appVendors.size(); i++) {
                Vendor v = appVendors.get(i);
                if (v != null && v.partyKind() != PartyKind.APP_VENDOR) {
                    problems.add("vendors[" + i + "].kind: vendors are app vendors; list a " + v.kind()
                            + " under parties");
                }
            }
            for (int i = 0; i < tenants.size(); i++) {
                requireField("tenants[" + i + "].name", tenants.get(i) == null ? null : tenants.get(i).name());
            }
            for (int i = 0; i < systems.size(); i++) {
                requireField("systems[" + i + "].name", systems.get(i) == null ? null : systems.get(i).name());
            }
            for (int i = 0; i < appVendors.size(); i++) {
                requireField("vendors[" + i + "].name", appVendors.get(i) == null ? null : appVendors.get(i).name());
            }

            DefaultsDoc defaults = doc.defaults() == null ? new DefaultsDoc(null, null, null, null, null, null, null, null,
                    null, null, null, null) : doc.defaults();
            java.util.Map<String, Vendor> partyById = new java.util.HashMap<>();
            vendors.stream().filter(v -> v != null && v.id() != null).forEach(v -> partyById.putIfAbsent(v.id(), v));
            partyOfKind("defaults.cloudProvider", defaults.cloudProvider(), PartyKind.CLOUD_PROVIDER, partyById);
            partyOfKind("defaults.carrier", defaults.carrier(), PartyKind.CARRIER, partyById);
            List<Tenant> resolvedTenants = new ArrayList<>();
            java.util.Map<String, Escalation> tenantEscalations = new java.util.HashMap<>();
            java.util.Map<String, Escalation> escalationByService = new java.util.HashMap<>();
            java.util.Map<String, BusinessCalendar> calendars = jobCalendars; // the jobs' calendar is their city's
            for (int i = 0; i < tenants.size(); i++) {
                TenantDoc t = tenants.get(i);
                if (t == null) {
                    resolvedTenants.add(null);
                    continue;
                }
                partyOfKind("tenants[" + i + "].cloudProvider", t.cloudProvider(), PartyKind.CLOUD_PROVIDER,
                        partyById);
                partyOfKind("tenants[" + i + "].carrier", t.carrier(), PartyKind.CARRIER, partyById);
                BusinessCalendar calendar = calendar("tenants[" + i + "].calendar", t.calendar());
                if (t.id() != null) {
                    calendars.putIfAbsent(t.id(), calendar);
                }
                Escalation escalation = EscalationReader.read("tenants[" + i + "].escalation", t.escalation(),
                        problems);
                if (t.id() != null && escalation != null) {
                    tenantEscalations.putIfAbsent(t.id(), escalation);
                }
                resolvedTenants.add(new Tenant(t.id(), t.name(), t.contacts(), t.requireSecondFactor(),
                        t.cloudProvider() != null ? t.cloudProvider() : defaults.cloudProvider(),
                        t.carrier() != null ? t.carrier() : defaults.carrier(), calendar, escalation));
            }
            ComponentType defaultComponent = component("defaults.component", defaults.component(), null);
            MaintenanceLimits defaultMaintenance = MaintenanceLimitsReader.read("defaults.maintenance",
                    defaults.maintenance(), MaintenanceLimits.DEFAULT, problems);
            java.util.Map<String, MaintenanceLimits> maintenanceByService = new java.util.HashMap<>();
            List<io.mihari.model.availability.PenaltyTier> defaultTiers = tiers("defaults.penaltyTiers",
                    defaults.penaltyTiers());
            java.util.Map<String, List<io.mihari.model.availability.PenaltyTier>> tiersByService =
                    new java.util.HashMap<>();
            Duration defaultHeartbeat = defaults.heartbeatInterval() == null ? DEFAULT_HEARTBEAT
                    : duration("defaults.heartbeatInterval", defaults.heartbeatInterval(), DEFAULT_HEARTBEAT);
            BigDecimal defaultTarget = defaults.availabilityTarget() == null ? DEFAULT_TARGET
                    : percent("defaults.availabilityTarget", defaults.availabilityTarget());
            ZoneId defaultZone = defaults.timeZone() == null ? DEFAULT_ZONE
                    : zone("defaults.timeZone", defaults.timeZone());
            BigDecimal defaultMinCoverage = coverage("defaults.minCoverage", defaults.minCoverage(), null);
            // checked once here; a date is then read in each service's zone
            String defaultMeasuredFrom = measuredFrom("defaults.measuredFrom", defaults.measuredFrom(), defaultZone)
                    == null ? null : defaults.measuredFrom();
            CheckPolicy defaultChecks = checks("defaults.checks", defaults.checks(), CheckPolicy.DEFAULT);
            ResourceThresholds defaultResources =
                    resources("defaults.resources", defaults.resources(), ResourceThresholds.DEFAULT);

            List<Service> services = new ArrayList<>();
            Set<String> serviceIds = new HashSet<>();
            Set<String> targetIds = new HashSet<>();
            List<ServiceDoc> serviceDocs = nonNull(doc.services());
            requireNonEmpty("services", serviceDocs);
            for (int i = 0; i < serviceDocs.size(); i++) {
                ServiceDoc s = serviceDocs.get(i);
                if (s == null) {
                    continue;
                }
                String at = "services[" + i + "]";
                name(at + ".id", s.id());
                if (s.id() != null && !serviceIds.add(s.id())) {
                    problems.add(at + ".id: duplicate service '" + s.id() + "'");
                }
                reference(at + ".tenant", s.tenant(), tenantIds, "tenant");
                reference(at + ".system", s.system(), systemIds, "system");
                reference(at + ".vendor", s.vendor(), vendorIds, "vendor");
                BigDecimal target = s.availabilityTarget() == null ? defaultTarget
                        : percent(at + ".availabilityTarget", s.availabilityTarget());
                ZoneId zone = s.timeZone() == null ? defaultZone : zone(at + ".timeZone", s.timeZone());
                ComponentType serviceComponent = s.component() == null ? defaultComponent
                        : component(at + ".component", s.component(), defaultComponent);
                Environment serviceEnvironment = environment(at + ".environment", s.environment(),
                        Environment.PRODUCTION);
                notified(at + ".notified", s.notified(), serviceEnvironment);
                List<Target> targets = new ArrayList<>();
                List<TargetDoc> targetDocs = nonNull(s.targets());
                for (int j = 0; j < targetDocs.size(); j++) {
                    TargetDoc t = targetDocs.get(j);
                    if (t == null) {
                        continue;
                    }
                    String tat = at + ".targets[" + j + "]";
                    if (!name(tat + ".host", t.host()) || s.tenant() == null || !tenantIds.contains(s.tenant())) {
                        continue;
                    }
                    String id = TargetId.of(s.tenant(), t.host());
                    if (!targetIds.add(id)) {
                        problems.add(tat + ".host: '" + t.host() + "' is already listed for tenant " + s.tenant());
                    }
                    Duration hb = t.heartbeatInterval() == null ? defaultHeartbeat
                            : duration(tat + ".heartbeatInterval", t.heartbeatInterval(), defaultHeartbeat);
                    CheckPolicy checks = checks(tat + ".checks", t.checks(), defaultChecks);
                    ResourceThresholds resources = resources(tat + ".resources", t.resources(), defaultResources);
                    ComponentType component = component(tat + ".component", t.component(), serviceComponent);
                    LatencyThresholds latency = LatencyReader.read(tat + ".latency", t.latency(), problems);
                    Environment environment = environment(tat + ".environment", t.environment(), serviceEnvironment);
                    notified(tat + ".notified", t.notified(), environment);
                    boolean notified = t.notified() != null ? t.notified() : Boolean.TRUE.equals(s.notified());
                    targets.add(new Target(id, t.host(), t.role() == null ? "" : t.role(),
                            Boolean.TRUE.equals(t.critical()), t.redundancyGroup(), hb, checks, resources,
                            component, latency, environment, notified));
                }
                boolean tenantKnown = s.tenant() != null && tenantIds.contains(s.tenant());
                List<BatchJob> jobs = jobs(at, s, targetDocs, zone, tenantKnown);
                ServiceHours hours = hours(at, s, calendars.getOrDefault(s.tenant(), BusinessCalendar.JAPAN));
                BigDecimal minCoverage = coverage(at + ".minCoverage", s.minCoverage(), defaultMinCoverage);
                java.time.Instant measuredFrom = s.measuredFrom() != null
                        ? measuredFrom(at + ".measuredFrom", s.measuredFrom(), zone)
                        : measuredFrom("defaults.measuredFrom", defaultMeasuredFrom, zone);
                List<LinkageFile> files = files(at, s, targetDocs, zone, tenantKnown);
                services.add(new Service(s.id(), s.tenant(), s.system(), s.vendor(), target, zone, targets, jobs,
                        hours, s.contacts() == null ? null
                                : s.contacts().stream().filter(java.util.Objects::nonNull).toList(), minCoverage,
                        measuredFrom, files));
                if (s.id() != null) {
                    // a service without tiers of its own takes its party's (issue 19), else the defaults'
                    List<io.mihari.model.availability.PenaltyTier> partyTiers = s.vendor() == null ? null
                            : java.util.Optional.ofNullable(partyById.get(s.vendor())).map(Vendor::sla)
                                    .map(PartySla::penaltyTiers).orElse(null);
                    tiersByService.put(s.id(), s.penaltyTiers() != null ? tiers(at + ".penaltyTiers",
                            s.penaltyTiers()) : partyTiers != null ? partyTiers : defaultTiers);
                    maintenanceByService.put(s.id(), MaintenanceLimitsReader.read(at + ".maintenance",
                            s.maintenance(), defaultMaintenance, problems));
                    // a service's own escalation replaces its city's
                    Escalation escalation = s.escalation() != null
                            ? EscalationReader.read(at + ".escalation", s.escalation(), problems)
                            : tenantEscalations.get(s.tenant());
                    if (escalation != null) {
                        escalationByService.put(s.id(), escalation);
                    }
                }
            }
            if (!problems.isEmpty()) {
                return null;
            }
            return new Catalog(resolvedTenants, systems, vendors, services, tiersByService, maintenanceByService,
                    escalationByService);
        }

        /** A reference to a listed party of the given kind; null is fine (none). */
        private void partyOfKind(String key, String id, PartyKind kind, java.util.Map<String, Vendor> parties) {
            if (id == null) {
                return;
            }
            Vendor party = parties.get(id);
            if (party == null) {
                problems.add(key + ": unknown party '" + id + "' (list it under parties)");
            } else if (party.partyKind() != kind) {
                problems.add(key + ": '" + id + "' is of kind " + party.kind() + ", not " + kind.yamlName());
            }
        }

        /** {@code production}, {@code test} or {@code temporary}; null keeps the fallback. */
        private Environment environment(String key, String text, Environment fallback) {
            if (text == null) {
                return fallback;
            }
            try {
                return Environment.parse(text);
            } catch (IllegalArgumentException e) {
                problems.add(key + ": " + e.getMessage());
                return fallback;
            }
        }

        /** {@code notified: false} on production asks what Mihari does not do: production is always notified. */
        private void notified(String key, Boolean notified, Environment environment) {
            if (Boolean.FALSE.equals(notified) && environment == Environment.PRODUCTION) {
                problems.add(key + ": a production target is always notified; notified: false is for test or "
                        + "temporary targets (which are quiet by default)");
            }
        }

        /** {@code none} clears an inherited component; null keeps the fallback. */
        private ComponentType component(String key, String text, ComponentType fallback) {
            if (text == null) {
                return fallback;
            }
            if (text.trim().equalsIgnoreCase("none")) {
                return null;
            }
            try {
                return ComponentType.parse(text);
            } catch (IllegalArgumentException e) {
                problems.add(key + ": " + e.getMessage() + " (or none)");
                return fallback;
            }
        }

        /** Penalty tiers: each needs a percentage in (0, 100] and a name; no two with the same threshold. */
        private List<io.mihari.model.availability.PenaltyTier> tiers(String key, List<TierDoc> docs) {
            List<io.mihari.model.availability.PenaltyTier> tiers = new ArrayList<>();
            Set<BigDecimal> seen = new HashSet<>();
            List<TierDoc> list = nonNull(docs);
            for (int i = 0; i < list.size(); i++) {
                TierDoc d = list.get(i);
                if (d == null) {
                    continue;
                }
                String at = key + "[" + i + "]";
                if (d.below() == null || d.below().compareTo(BigDecimal.ZERO) <= 0
                        || d.below().compareTo(new BigDecimal("100")) > 0) {
                    problems.add(at + ".below: a percentage in (0, 100] is required");
                    continue;
                }
                if (d.name() == null || d.name().isBlank()) {
                    problems.add(at + ".name: required");
                    continue;
                }
                if (!seen.add(d.below().stripTrailingZeros())) {
                    problems.add(at + ".below: " + d.below().toPlainString() + " appears twice");
                    continue;
                }
                tiers.add(new io.mihari.model.availability.PenaltyTier(d.below(), d.name(), d.description()));
            }
            return List.copyOf(tiers);
        }

        /**
         * The jobs of one service, on their tenant's business calendar ({@link #jobCalendars}). A job's host must be
         * one of the service's targets (as listed, so a host problem is reported even when the tenant is wrong); a
         * job name is unique per host.
         */
        private List<BatchJob> jobs(String at, ServiceDoc s, List<TargetDoc> targetDocs, ZoneId serviceZone,
                boolean tenantKnown) {
            Set<String> hosts = new java.util.LinkedHashSet<>();
            for (TargetDoc t : targetDocs) {
                if (t != null && t.host() != null && TargetId.NAME.matcher(t.host()).matches()) {
                    hosts.add(t.host());
                }
            }
            List<BatchJob> jobs = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            List<JobDoc> jobDocs = nonNull(s.jobs());
            for (int k = 0; k < jobDocs.size(); k++) {
                JobDoc j = jobDocs.get(k);
                String jat = at + ".jobs[" + k + "]";
                if (j == null) {
                    problems.add(jat + ": is empty");
                    continue;
                }
                boolean ok = name(jat + ".name", j.name());
                if (j.host() == null) {
                    problems.add(jat + ".host: is required");
                    ok = false;
                } else if (!hosts.contains(j.host())) {
                    problems.add(jat + ".host: '" + j.host() + "' is not a target of service " + s.id()
                            + " (targets: " + String.join(", ", hosts) + ")");
                    ok = false;
                } else if (j.name() != null && !seen.add(j.host() + "\n" + j.name())) {
                    problems.add(jat + ".name: duplicate job '" + j.name() + "' on host " + j.host());
                }
                String schedule = null;
                if (j.schedule() != null) {
                    schedule = j.schedule().trim();
                    int fields = schedule.isEmpty() ? 0 : schedule.split("\\s+").length;
                    if (fields != 5) {
                        problems.add(jat + ".schedule: '" + j.schedule() + "' must have 5 fields (minute hour "
                                + "day-of-month month day-of-week), has " + fields);
                    }
                }
                ZoneId zone = j.timeZone() == null ? serviceZone : zone(jat + ".timeZone", j.timeZone());
                Duration startWithin = j.startWithin() == null ? DEFAULT_START_WITHIN
                        : duration(jat + ".startWithin", j.startWithin(), DEFAULT_START_WITHIN);
                Duration maxRunTime = j.maxRunTime() == null ? null
                        : duration(jat + ".maxRunTime", j.maxRunTime(), null);
                BatchDays on = batchDays(jat + ".on", j.on());
                BatchShift shift = batchShift(jat + ".shift", j.shift());
                calendarRule(jat, schedule, j, on, shift);
                io.mihari.model.calendar.BusinessCalendar calendar = jobCalendars.getOrDefault(s.tenant(),
                        io.mihari.model.calendar.BusinessCalendar.JAPAN);
                CountRange expectedCount = expectedCount(jat + ".expectedCount", j.expectedCount());
                NeededBy neededBy = neededBy(jat, j.neededBy(), j.neededOn());
                if (ok && tenantKnown) {
                    jobs.add(new BatchJob(j.name(), TargetId.of(s.tenant(), j.host()), schedule, zone, startWithin,
                            maxRunTime, on, shift, calendar, expectedCount, neededBy));
                }
            }
            return jobs;
        }

        /**
         * The linkage files of one service, on their tenant's business calendar: the host must be a target of the
         * service, the name unique per host, the pattern an absolute path with wildcards ({@code *}, {@code ?}) in
         * its file name only, the schedule required (it says by when the file must be there).
         */
        private List<LinkageFile> files(String at, ServiceDoc s, List<TargetDoc> targetDocs, ZoneId serviceZone,
                boolean tenantKnown) {
            Set<String> hosts = new java.util.LinkedHashSet<>();
            for (TargetDoc t : targetDocs) {
                if (t != null && t.host() != null && TargetId.NAME.matcher(t.host()).matches()) {
                    hosts.add(t.host());
                }
            }
            List<LinkageFile> files = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            List<FileDoc> fileDocs = nonNull(s.files());
            for (int k = 0; k < fileDocs.size(); k++) {
                FileDoc f = fileDocs.get(k);
                String fat = at + ".files[" + k + "]";
                if (f == null) {
                    problems.add(fat + ": is empty");
                    continue;
                }
                boolean ok = name(fat + ".name", f.name());
                if (f.host() == null) {
                    problems.add(fat + ".host: is required");
                    ok = false;
                } else if (!hosts.contains(f.host())) {
                    problems.add(fat + ".host: '" + f.host() + "' is not a target of service " + s.id()
                            + " (targets: " + String.join(", ", hosts) + ")");
                    ok = false;
                } else if (f.name() != null && !seen.add(f.host() + "\n" + f.name())) {
                    problems.add(fat + ".name: duplicate file '" + f.name() + "' on host " + f.host());
                }
                ok &= filePattern(fat + ".pattern", f.pattern());
                String schedule = null;
                if (f.schedule() == null) {
                    problems.add(fat + ".schedule: is required (by when the file must be there, e.g. \"0 6 * * *\")");
                    ok = false;
                } else {
                    schedule = f.schedule().trim();
                    int fields = schedule.isEmpty() ? 0 : schedule.split("\\s+").length;
                    if (fields != 5) {
                        problems.add(fat + ".schedule: '" + f.schedule() + "' must have 5 fields (minute hour "
                                + "day-of-month month day-of-week), has " + fields);
                        ok = false;
                    }
                }
                ZoneId zone = f.timeZone() == null ? serviceZone : zone(fat + ".timeZone", f.timeZone());
                BatchDays on = batchDays(fat + ".on", f.on());
                BatchShift shift = batchShift(fat + ".shift", f.shift());
                if (schedule != null) {
                    calendarRule(fat, schedule, new JobDoc(f.name(), f.host(), schedule, null, null, null, f.on(),
                            f.shift(), null, null, null), on, shift);
                }
                long minBytes = 1;
                if (f.minBytes() != null) {
                    if (f.minBytes() < 0) {
                        problems.add(fat + ".minBytes: must not be negative, was " + f.minBytes());
                    } else {
                        minBytes = f.minBytes();
                    }
                }
                String checksum = null;
                if (f.checksum() != null) {
                    if (LinkageFile.SHA256.equalsIgnoreCase(f.checksum().trim())) {
                        checksum = LinkageFile.SHA256;
                    } else {
                        problems.add(fat + ".checksum: unknown '" + f.checksum() + "' (sha256: a sidecar "
                                + "<file>.sha256 holds the digest)");
                    }
                }
                BusinessCalendar calendar = jobCalendars.getOrDefault(s.tenant(), BusinessCalendar.JAPAN);
                if (ok && tenantKnown) {
                    files.add(new LinkageFile(f.name(), TargetId.of(s.tenant(), f.host()), f.pattern().trim(),
                            schedule, zone, on, shift, calendar, minBytes, checksum));
                }
            }
            return files;
        }

        /** A file pattern: an absolute path (POSIX or Windows) whose directory has no wildcard. */
        private boolean filePattern(String key, String pattern) {
            if (pattern == null || pattern.isBlank()) {
                problems.add(key + ": is required (e.g. /data/renkei/out/IDO_*.csv)");
                return false;
            }
            String p = pattern.trim();
            boolean absolute = p.startsWith("/") || p.matches("^[A-Za-z]:[\\\\/].*");
            int slash = Math.max(p.lastIndexOf('/'), p.lastIndexOf('\\'));
            String dir = slash < 0 ? "" : p.substring(0, slash);
            String file = p.substring(slash + 1);
            if (!absolute) {
                problems.add(key + ": '" + pattern + "' must be an absolute path (e.g. /data/renkei/out/IDO_*.csv)");
                return false;
            }
            if (dir.contains("*") || dir.contains("?") || dir.contains("[")) {
                problems.add(key + ": '" + pattern + "' may have wildcards in the file name only (one directory is "
                        + "watched, without recursion)");
                return false;
            }
            if (file.isEmpty()) {
                problems.add(key + ": '" + pattern + "' names a directory, not a file");
                return false;
            }
            return true;
        }

        /**
         * A job's {@code on:}: {@code everyDay}, {@code businessDays}, {@code afterBusinessDays},
         * {@code lastBusinessDay} or {@code {businessDay: N}} (N from 1, or from -1 the last, at most 31 either way).
         */
        private BatchDays batchDays(String key, com.fasterxml.jackson.databind.JsonNode node) {
            String words = "everyDay, businessDays, afterBusinessDays, lastBusinessDay or {businessDay: N}";
            if (node == null || node.isNull()) {
                return BatchDays.EVERY_DAY;
            }
            if (node.isObject()) {
                com.fasterxml.jackson.databind.JsonNode n = node.get("businessDay");
                if (node.size() != 1 || n == null) {
                    problems.add(key + ": a mapping must be {businessDay: N}, was " + node + " (or one of " + words
                            + ")");
                    return BatchDays.EVERY_DAY;
                }
                int day;
                try {
                    day = new BigDecimal(n.asText().trim()).intValueExact();
                } catch (NumberFormatException | ArithmeticException e) {
                    problems.add(key + ".businessDay: must be a whole number, was '" + n.asText() + "'");
                    return BatchDays.EVERY_DAY;
                }
                if (day == 0 || Math.abs(day) > 31) {
                    problems.add(key + ".businessDay: counts from 1 (the first business day of the month) or from -1"
                            + " (the last), at most 31 either way; was " + day);
                    return BatchDays.EVERY_DAY;
                }
                return BatchDays.businessDayOfMonth(day);
            }
            String text = node.isContainerNode() ? node.toString() : node.asText().trim();
            return switch (node.isContainerNode() ? "" : text.toLowerCase(java.util.Locale.ROOT)) {
                case "everyday" -> BatchDays.EVERY_DAY;
                case "businessdays" -> BatchDays.BUSINESS_DAYS;
                case "afterbusinessdays" -> BatchDays.AFTER_BUSINESS_DAYS;
                case "lastbusinessday" -> BatchDays.LAST_BUSINESS_DAY;
                default -> {
                    problems.add(key + ": unknown '" + text + "' (" + words + ")");
                    yield BatchDays.EVERY_DAY;
                }
            };
        }

        /** A job's {@code expectedCount:} {@code {min: N, max: M}}: either bound, neither negative, min not above max. */
        private CountRange expectedCount(String key, CountDoc doc) {
            if (doc == null) {
                return null;
            }
            boolean ok = true;
            if (doc.min() != null && doc.min() < 0) {
                problems.add(key + ".min: must not be negative, was " + doc.min());
                ok = false;
            }
            if (doc.max() != null && doc.max() < 0) {
                problems.add(key + ".max: must not be negative, was " + doc.max());
                ok = false;
            }
            if (!ok) {
                return null;
            }
            if (doc.min() == null && doc.max() == null) {
                problems.add(key + ": needs min, max or both (e.g. {min: 1, max: 200000})");
                return null;
            }
            if (doc.min() != null && doc.max() != null && doc.min() > doc.max()) {
                problems.add(key + ": min " + doc.min() + " is above max " + doc.max());
                return null;
            }
            return new CountRange(doc.min(), doc.max());
        }

        /** A job's {@code neededBy: "08:30"} (HH:MM in the job's zone) and {@code neededOn:} (which day). */
        private NeededBy neededBy(String key, String time, String day) {
            NeededBy.Day on = NeededBy.Day.NEXT;
            if (day != null) {
                java.util.Optional<NeededBy.Day> parsed = NeededBy.Day.parse(day);
                if (parsed.isEmpty()) {
                    problems.add(key + ".neededOn: unknown '" + day + "' (next, sameDay or nextBusinessDay)");
                } else if (time == null) {
                    problems.add(key + ".neededOn: needs neededBy (the time of day the output is needed)");
                }
                on = parsed.orElse(NeededBy.Day.NEXT);
            }
            if (time == null) {
                return null;
            }
            String t = time.trim();
            if (!t.matches("\\d{2}:\\d{2}")) {
                problems.add(key + ".neededBy: '" + time + "' is not a time of day (HH:MM, e.g. 08:30)");
                return null;
            }
            try {
                return new NeededBy(java.time.LocalTime.parse(t), on);
            } catch (java.time.format.DateTimeParseException e) {
                problems.add(key + ".neededBy: '" + time + "' is not a time of day (HH:MM, e.g. 08:30)");
                return null;
            }
        }

        /** A job's {@code shift:}: {@code none}, {@code skip}, {@code nextBusinessDay}, {@code previousBusinessDay}. */
        private BatchShift batchShift(String key, String text) {
            if (text == null) {
                return BatchShift.NONE;
            }
            java.util.Optional<BatchShift> shift = BatchShift.parse(text);
            if (shift.isEmpty()) {
                problems.add(key + ": unknown '" + text + "' (none, skip, nextBusinessDay or previousBusinessDay)");
            }
            return shift.orElse(BatchShift.NONE);
        }

        /**
         * The combinations {@code on} and {@code shift} allow: both need a schedule; {@code shift} only moves the
         * dates of {@code on: everyDay}; a monthly {@code on} takes only the times of day from the cron, whose
         * day-of-month, month and day-of-week fields must be {@code *}.
         */
        private void calendarRule(String key, String schedule, JobDoc j, BatchDays on, BatchShift shift) {
            if (schedule == null) {
                if (j.on() != null && !j.on().isNull()) {
                    problems.add(key + ".on: needs a schedule (a job without one runs on demand)");
                }
                if (j.shift() != null) {
                    problems.add(key + ".shift: needs a schedule (a job without one runs on demand)");
                }
                return;
            }
            if (shift != BatchShift.NONE && on.kind() != BatchDays.Kind.EVERY_DAY) {
                problems.add(key + ".shift: '" + shift.yaml() + "' moves the dates of on: everyDay only, not of on: "
                        + on.yaml());
            }
            String[] fields = schedule.split("\\s+");
            if (on.monthly() && fields.length == 5
                    && !(fields[2].equals("*") && fields[3].equals("*") && fields[4].equals("*"))) {
                problems.add(key + ".schedule: '" + schedule + "' must be '<minute> <hour> * * *' with on: "
                        + on.yaml() + " (the day comes from the business calendar)");
            }
        }

        /** A check policy: each field set here wins, the others are those of {@code base}. */
        private CheckPolicy checks(String key, ChecksDoc doc, CheckPolicy base) {
            if (doc == null) {
                return base;
            }
            // '&', not '&&': both fields are checked so both problems are reported
            boolean ok = atLeastOne(key + ".failuresToDown", doc.failuresToDown())
                    & atLeastOne(key + ".successesToUp", doc.successesToUp());
            if (!ok) {
                return base;
            }
            int down = doc.failuresToDown() == null ? base.failuresToDown() : doc.failuresToDown();
            int up = doc.successesToUp() == null ? base.successesToUp() : doc.successesToUp();
            CheckPolicy[] result = {base};
            check(key, () -> result[0] = new CheckPolicy(down, up));
            return result[0];
        }

        private boolean atLeastOne(String key, Integer value) {
            if (value != null && value < 1) {
                problems.add(key + ": must be at least 1, was " + value);
                return false;
            }
            return true;
        }

        /** Resource thresholds: the metrics set here, each field by field over {@code base}'s level. */
        private ResourceThresholds resources(String key, ResourcesDoc doc, ResourceThresholds base) {
            if (doc == null) {
                return base;
            }
            java.util.Map<ResourceThresholds.Metric, ResourceThresholds.Level> levels =
                    new java.util.EnumMap<>(ResourceThresholds.Metric.class);
            levels.putAll(base.levels());
            for (ResourceThresholds.Metric metric : ResourceThresholds.Metric.values()) {
                LevelDoc levelDoc = doc.of(metric);
                if (levelDoc != null) {
                    String lkey = key + "." + metric.name().toLowerCase(java.util.Locale.ROOT);
                    ResourceThresholds.Level fallback = base.level(metric)
                            .orElse(ResourceThresholds.DEFAULT.levels().get(metric));
                    ResourceThresholds.Level level = level(lkey, levelDoc, fallback);
                    if (level != null) {
                        levels.put(metric, level);
                    }
                }
            }
            return new ResourceThresholds(levels);
        }

        /**
         * One level, field by field over {@code base}. A violated relation between fields (critical below
         * warning, hysteresis not below warning) is reported on the field this level sets, so the key points
         * at the line to change. Returns null when invalid (the problem is recorded).
         */
        private ResourceThresholds.Level level(String key, LevelDoc doc, ResourceThresholds.Level base) {
            int before = problems.size();
            double warning = doc.warning() == null ? base.warning() : doc.warning();
            double critical = doc.critical() == null ? base.critical() : doc.critical();
            double hysteresis = doc.hysteresis() == null ? base.hysteresis() : doc.hysteresis();
            Duration sustain = doc.sustain() == null ? base.sustain() : notNegative(key + ".sustain", doc.sustain());
            boolean inRange = true;
            if (doc.warning() != null && !(warning > 0 && warning <= 100)) {
                problems.add(key + ".warning: must be a percentage in (0, 100], was " + number(warning));
                inRange = false;
            }
            if (doc.critical() != null && !(critical > 0 && critical <= 100)) {
                problems.add(key + ".critical: must be a percentage in (0, 100], was " + number(critical));
                inRange = false;
            }
            if (inRange && critical < warning) {
                if (doc.critical() != null) {
                    problems.add(key + ".critical: must be at least warning (" + number(warning) + "), was "
                            + number(critical));
                } else {
                    problems.add(key + ".warning: must be at most critical (" + number(critical) + "), was "
                            + number(warning));
                }
            }
            if (inRange && !(hysteresis >= 0 && hysteresis < warning)) {
                String field = doc.hysteresis() != null ? ".hysteresis: " : ".warning: ";
                problems.add(key + field + "hysteresis must be within [0, warning) = [0, " + number(warning)
                        + "), was " + number(hysteresis));
            }
            if (problems.size() != before) {
                return null;
            }
            ResourceThresholds.Level[] result = {null};
            check(key, () -> result[0] = new ResourceThresholds.Level(warning, critical, sustain, hysteresis));
            return result[0];
        }

        private static String number(double value) {
            return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
        }

        /** A duration that may be zero ({@code sustain: 0s}: at once). */
        private Duration notNegative(String key, String value) {
            try {
                Duration d = parseDuration(value);
                if (d.isNegative()) {
                    problems.add(key + ": must not be negative, was '" + value + "'");
                    return Duration.ZERO;
                }
                return d;
            } catch (RuntimeException e) {
                problems.add(key + ": '" + value + "' is not a duration (e.g. 0s, 5m, PT1H)");
                return Duration.ZERO;
            }
        }

        /**
         * A tenant's business calendar: Japan's plus its own closed and open days. A bad date, or a day listed both
         * closed and open, is a problem at its key; the calendar is then Japan's alone.
         */
        private BusinessCalendar calendar(String at, CalendarDoc doc) {
            if (doc == null) {
                return BusinessCalendar.JAPAN;
            }
            int before = problems.size();
            List<java.time.LocalDate> closed = dates(at + ".closedDates", doc.closedDates());
            List<java.time.LocalDate> open = dates(at + ".openDates", doc.openDates());
            List<String> opened = nonNull(doc.openDates());
            for (int k = 0; k < opened.size(); k++) {
                java.time.LocalDate day = date(opened.get(k));
                if (day != null && closed.contains(day)) {
                    problems.add(at + ".openDates[" + k + "]: " + day + " is also in closedDates (a day is either "
                            + "closed or open)");
                }
            }
            return problems.size() != before ? BusinessCalendar.JAPAN : BusinessCalendar.of(closed, open);
        }

        /** The dates of a list, each bad one reported at its index. */
        private List<java.time.LocalDate> dates(String key, List<String> texts) {
            List<java.time.LocalDate> dates = new ArrayList<>();
            List<String> list = nonNull(texts);
            for (int k = 0; k < list.size(); k++) {
                java.time.LocalDate day = date(list.get(k));
                if (day == null) {
                    problems.add(key + "[" + k + "]: '" + list.get(k) + "' is not a date (YYYY-MM-DD)");
                } else {
                    dates.add(day);
                }
            }
            return dates;
        }

        private static java.time.LocalDate date(String text) {
            try {
                return text == null ? null : java.time.LocalDate.parse(text.trim());
            } catch (DateTimeException e) {
                return null;
            }
        }

        private ServiceHours hours(String at, ServiceDoc s, BusinessCalendar tenantCalendar) {
            BusinessCalendar calendar = null;
            if (s.serviceDays() != null) {
                String days = s.serviceDays().trim();
                if (days.equals(BUSINESS_DAYS)) {
                    calendar = tenantCalendar;
                } else if (!days.equals(EVERY_DAY)) {
                    problems.add(at + ".serviceDays: '" + s.serviceDays() + "' is not " + EVERY_DAY + " or "
                            + BUSINESS_DAYS);
                }
            }
            if (s.serviceHours() == null && s.closedDates() == null) {
                return calendar == null ? ServiceHours.ALWAYS
                        : new ServiceHours(ServiceHours.ALWAYS.windows(), List.of(), calendar);
            }
            List<ServiceHours.Window> windows = new ArrayList<>();
            List<WindowDoc> docs = s.serviceHours() == null ? List.of() : s.serviceHours();
            if (s.serviceHours() != null && docs.isEmpty()) {
                problems.add(at + ".serviceHours: at least one window is required (leave it out for 24x7)");
            }
            for (int k = 0; k < docs.size(); k++) {
                WindowDoc w = docs.get(k);
                String wat = at + ".serviceHours[" + k + "]";
                if (w == null) {
                    problems.add(wat + ": is empty");
                    continue;
                }
                java.util.Set<java.time.DayOfWeek> days = java.util.EnumSet.noneOf(java.time.DayOfWeek.class);
                for (String d : w.days() == null ? List.<String>of() : w.days()) {
                    java.time.DayOfWeek day = DAYS.get(d == null ? "" : d.trim().toUpperCase(java.util.Locale.ROOT));
                    if (day == null) {
                        problems.add(wat + ".days: '" + d + "' is not a day (MON, TUE, WED, THU, FRI, SAT, SUN)");
                    } else {
                        days.add(day);
                    }
                }
                java.time.LocalTime from = time(wat + ".from", w.from());
                java.time.LocalTime to = time(wat + ".to", w.to());
                if (from != null && to != null) {
                    check(wat, () -> windows.add(new ServiceHours.Window(days, from, to)));
                }
            }
            if (s.serviceHours() == null) {
                windows.addAll(ServiceHours.ALWAYS.windows());
            }
            List<java.time.LocalDate> closed = dates(at + ".closedDates", s.closedDates());
            return windows.isEmpty() ? ServiceHours.ALWAYS : new ServiceHours(windows, closed, calendar);
        }

        private java.time.LocalTime time(String key, String value) {
            if (value == null) {
                problems.add(key + ": is required (HH:MM)");
                return null;
            }
            if (value.trim().equals("24:00")) {
                return ServiceHours.END_OF_DAY;
            }
            try {
                return java.time.LocalTime.parse(value.trim());
            } catch (RuntimeException e) {
                problems.add(key + ": '" + value + "' is not a time of day (HH:MM, or 24:00)");
                return null;
            }
        }

        private <T> List<T> nonNull(List<T> list) {
            return list == null ? List.of() : list;
        }

        private void requireNonEmpty(String key, List<?> list) {
            if (list.isEmpty()) {
                problems.add(key + ": at least one entry is required");
            }
        }

        private void requireField(String key, Object value) {
            if (value == null) {
                problems.add(key + ": is required");
            }
        }

        private Set<String> ids(String key, List<String> ids) {
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < ids.size(); i++) {
                String id = ids.get(i);
                if (name(key + "[" + i + "].id", id) && !seen.add(id)) {
                    problems.add(key + "[" + i + "].id: duplicate '" + id + "'");
                }
            }
            return seen;
        }

        private boolean name(String key, String value) {
            return check(key, () -> TargetId.requireName(key.substring(key.lastIndexOf('.') + 1), value));
        }

        private void reference(String key, String value, Set<String> known, String what) {
            if (value == null) {
                problems.add(key + ": is required");
            } else if (!known.contains(value)) {
                problems.add(key + ": unknown " + what + " '" + value + "' (known: "
                        + known.stream().sorted().collect(Collectors.joining(", ")) + ")");
            }
        }

        private Duration duration(String key, String value, Duration fallback) {
            try {
                Duration d = parseDuration(value);
                if (d.isNegative() || d.isZero()) {
                    problems.add(key + ": must be positive, was '" + value + "'");
                    return fallback;
                }
                return d;
            } catch (RuntimeException e) {
                problems.add(key + ": '" + value + "' is not a duration (e.g. 10s, 5m, PT1H)");
                return fallback;
            }
        }

        private BigDecimal percent(String key, BigDecimal value) {
            if (value.compareTo(BigDecimal.ZERO) <= 0 || value.compareTo(new BigDecimal("100")) > 0) {
                problems.add(key + ": must be a percentage in (0, 100], was " + value.toPlainString());
                return DEFAULT_TARGET;
            }
            return value;
        }

        /** {@code 95}, {@code 95%} or {@code 99.5 %}: a percentage in [0, 100]; {@code fallback} when absent. */
        private BigDecimal coverage(String key, String value, BigDecimal fallback) {
            if (value == null) {
                return fallback;
            }
            String number = value.trim();
            number = number.endsWith("%") ? number.substring(0, number.length() - 1).trim() : number;
            try {
                BigDecimal percent = new BigDecimal(number);
                if (percent.signum() < 0 || percent.compareTo(new BigDecimal("100")) > 0) {
                    problems.add(key + ": must be a percentage in [0, 100], was '" + value + "'");
                    return fallback;
                }
                return percent;
            } catch (NumberFormatException e) {
                problems.add(key + ": '" + value + "' is not a percentage (e.g. 95 or 95%)");
                return fallback;
            }
        }

        /**
         * The measurement start: {@code 2026-12-06}, the start of that day in {@code zone}, or an ISO date-time with
         * its offset, {@code 2026-12-06T15:20:00+09:00}. A date-time without an offset is refused rather than guessed
         * (which zone it meant decides hours of planned time). Null when absent or not valid (the problem is recorded).
         */
        private java.time.Instant measuredFrom(String key, String value, ZoneId zone) {
            if (value == null) {
                return null;
            }
            String text = value.trim();
            try {
                return java.time.LocalDate.parse(text).atStartOfDay(zone).toInstant();
            } catch (DateTimeException notADate) {
                // perhaps a date-time
            }
            try {
                return java.time.OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeException notAnInstant) {
                // below
            }
            try {
                java.time.LocalDateTime.parse(text);
                problems.add(key + ": '" + value + "' has no offset; write it with one (e.g. "
                        + text + "+09:00) or give a date (e.g. 2026-12-06)");
            } catch (DateTimeException e) {
                problems.add(key + ": '" + value + "' is not a date (e.g. 2026-12-06) or a date-time with offset "
                        + "(e.g. 2026-12-06T15:20:00+09:00)");
            }
            return null;
        }

        private ZoneId zone(String key, String value) {
            try {
                return ZoneId.of(value);
            } catch (DateTimeException e) {
                problems.add(key + ": unknown time zone '" + value + "'");
                return DEFAULT_ZONE;
            }
        }

        private boolean check(String key, Supplier<?> check) {
            try {
                check.get();
                return true;
            } catch (IllegalArgumentException e) {
                problems.add(key + ": " + e.getMessage());
                return false;
            }
        }
    }
}
