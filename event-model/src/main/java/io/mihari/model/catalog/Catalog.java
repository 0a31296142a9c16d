package io.mihari.model.catalog;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What is monitored: cities, system groups, vendors, services and their servers. Built only by
 * {@link CatalogLoader}, which guarantees that every reference resolves.
 */
public final class Catalog {

    private final Map<String, Tenant> tenants;
    private final Map<String, SystemGroup> systems;
    private final Map<String, Vendor> vendors;
    private final Map<String, Service> services;
    private final Map<String, Service> serviceByTarget;
    private final Map<String, Target> targets;

    private final Map<String, List<io.mihari.model.availability.PenaltyTier>> penaltyTiers;
    private final Map<String, MaintenanceLimits> maintenance;
    private final Map<String, Escalation> escalations;

    Catalog(List<Tenant> tenants, List<SystemGroup> systems, List<Vendor> vendors, List<Service> services) {
        this(tenants, systems, vendors, services, Map.of());
    }

    /** @param penaltyTiers the penalty tiers 減額区分 of each service (the defaults' unless the service has its own) */
    Catalog(List<Tenant> tenants, List<SystemGroup> systems, List<Vendor> vendors, List<Service> services,
            Map<String, List<io.mihari.model.availability.PenaltyTier>> penaltyTiers) {
        this(tenants, systems, vendors, services, penaltyTiers, Map.of());
    }

    /** @param maintenance what planned maintenance each service allows (the defaults' unless it has its own) */
    Catalog(List<Tenant> tenants, List<SystemGroup> systems, List<Vendor> vendors, List<Service> services,
            Map<String, List<io.mihari.model.availability.PenaltyTier>> penaltyTiers,
            Map<String, MaintenanceLimits> maintenance) {
        this(tenants, systems, vendors, services, penaltyTiers, maintenance, Map.of());
    }

    /** @param escalations each service's escalation (its own, else its city's); a service not listed has none */
    Catalog(List<Tenant> tenants, List<SystemGroup> systems, List<Vendor> vendors, List<Service> services,
            Map<String, List<io.mihari.model.availability.PenaltyTier>> penaltyTiers,
            Map<String, MaintenanceLimits> maintenance, Map<String, Escalation> escalations) {
        this.escalations = Map.copyOf(escalations);
        this.penaltyTiers = Map.copyOf(penaltyTiers);
        this.maintenance = Map.copyOf(maintenance);
        this.tenants = index(tenants, Tenant::id);
        this.systems = index(systems, SystemGroup::id);
        this.vendors = index(vendors, Vendor::id);
        this.services = index(services, Service::id);
        Map<String, Service> byTarget = new LinkedHashMap<>();
        Map<String, Target> allTargets = new LinkedHashMap<>();
        for (Service service : services) {
            for (Target target : service.targets()) {
                byTarget.put(target.id(), service);
                allTargets.put(target.id(), target);
            }
        }
        // a HashMap, not Map.copyOf: target ids of one fleet have clustered hashes, and Map.copyOf's linear probing
        // made this lookup (once per event) a hot spot at 20,000 targets (docs/benchmarks.md, issue 15 capacity)
        this.serviceByTarget = java.util.Collections.unmodifiableMap(new java.util.HashMap<>(byTarget));
        this.targets = java.util.Collections.unmodifiableMap(allTargets);
    }

    private static <T> Map<String, T> index(List<T> items, Function<T, String> id) {
        return java.util.Collections.unmodifiableMap(items.stream()
                .collect(Collectors.toMap(id, Function.identity(), (a, b) -> a, LinkedHashMap::new)));
    }

    /**
     * The penalty tiers 減額区分 of a service's month: each applies when the counted availability is below its
     * {@code below}; empty when the contract names none.
     */
    public List<io.mihari.model.availability.PenaltyTier> penaltyTiers(String serviceId) {
        return penaltyTiers.getOrDefault(serviceId, List.of());
    }

    /**
     * What planned maintenance of a service must respect (notice, length, recurrence): its own {@code maintenance},
     * else the defaults', else {@link MaintenanceLimits#DEFAULT}.
     */
    public MaintenanceLimits maintenanceLimits(String serviceId) {
        return maintenance.getOrDefault(serviceId, MaintenanceLimits.DEFAULT);
    }

    /**
     * Who is told when nobody acknowledges a CRITICAL incident of the service ({@link Escalation}): the service's own
     * {@code escalation}, else its city's; empty when neither names one.
     */
    public Optional<Escalation> escalation(String serviceId) {
        return Optional.ofNullable(escalations.get(serviceId));
    }

    public List<Tenant> tenants() {
        return List.copyOf(tenants.values());
    }

    public List<Service> services() {
        return List.copyOf(services.values());
    }

    public List<Target> targets() {
        return List.copyOf(targets.values());
    }

    public Optional<Service> service(String id) {
        return Optional.ofNullable(services.get(id));
    }

    public Optional<Target> target(String targetId) {
        return Optional.ofNullable(targets.get(targetId));
    }

    public Optional<Service> serviceOfTarget(String targetId) {
        return Optional.ofNullable(serviceByTarget.get(targetId));
    }

    /** The service a target's events belong to: by catalog registration, else by the event's tenant and system. */
    public Optional<Service> serviceFor(String targetId, String tenant, String system) {
        return serviceOfTarget(targetId).or(() -> services.values().stream()
                .filter(s -> s.tenant().equals(tenant) && s.system().equals(system))
                .findFirst());
    }

    public Tenant tenant(String id) {
        return require(tenants, id, "tenant");
    }

    public SystemGroup system(String id) {
        return require(systems, id, "system");
    }

    public Vendor vendor(String id) {
        return require(vendors, id, "vendor");
    }

    /** Every party that is not a city (app vendors, cloud providers, carriers), in catalog order. */
    public List<Vendor> parties() {
        return List.copyOf(vendors.values());
    }

    /** The party of this id (an app vendor, cloud provider or carrier), if listed. */
    public Optional<Vendor> party(String id) {
        return Optional.ofNullable(id == null ? null : vendors.get(id));
    }

    /**
     * Who answers for time of a service given an attribution 責任区分 (docs/parties.md): {@code VENDOR} → the party
     * operating the service (its {@code vendor}: an app vendor, or the cloud provider for a service of cloud
     * components); {@code CLOUD} → the city's cloud provider; {@code CARRIER} → the city's carrier; {@code CITY} →
     * the city itself; {@code EXTERNAL} (force majeure, a third party) and {@code PLANNED} → nobody (empty). Also
     * empty when the city names no such party.
     *
     * @param attribution an {@link io.mihari.model.command.Attribution} name; null = {@code VENDOR}
     */
    public Optional<Responsible> responsible(Service service, String attribution) {
        String a = attribution == null ? "VENDOR" : attribution;
        Tenant tenant = tenants.get(service.tenant());
        return switch (a) {
            case "VENDOR" -> party(service.vendor()).map(Responsible::of);
            case "CLOUD" -> tenant == null ? Optional.empty() : party(tenant.cloudProvider()).map(Responsible::of);
            case "CARRIER" -> tenant == null ? Optional.empty() : party(tenant.carrier()).map(Responsible::of);
            case "CITY" -> tenant == null ? Optional.empty() : Optional.of(Responsible.of(tenant));
            default -> Optional.empty();
        };
    }

    /**
     * The attribution as the service's own figure reads it: {@code VENDOR} when it names the party operating the
     * service (e.g. {@code CLOUD} on a service of the cloud provider's components), else unchanged. The availability
     * computation counts only {@code VENDOR} time against the service.
     */
    public String attributionForFigure(Service service, String attribution) {
        if (attribution == null) {
            return "VENDOR";
        }
        return responsible(service, attribution).filter(r -> r.id().equals(service.vendor())).isPresent()
                ? "VENDOR" : attribution;
    }

    /**
     * The production targets of a city that are components of this type (across its services), in catalog order: a
     * test or temporary component is no party's measured time.
     */
    public List<Target> components(String tenantId, ComponentType type) {
        return services.values().stream().filter(s -> s.tenant().equals(tenantId))
                .flatMap(s -> s.targets().stream()).filter(t -> t.component() == type && t.production()).toList();
    }

    /**
     * A party that answers for time: an app vendor, a cloud provider, a carrier, or a city (kind {@code CITY}, id =
     * the tenant's id).
     */
    public record Responsible(String id, PartyKind kind, LocalizedName name, List<Contact> contacts) {
        public Responsible {
            contacts = contacts == null ? List.of() : List.copyOf(contacts);
        }

        static Responsible of(Vendor v) {
            return new Responsible(v.id(), v.partyKind(), v.name(), v.contacts());
        }

        static Responsible of(Tenant t) {
            return new Responsible(t.id(), PartyKind.CITY, t.name(), t.contacts());
        }
    }

    private static <T> T require(Map<String, T> map, String id, String what) {
        T value = map.get(id);
        if (value == null) {
            throw new IllegalArgumentException("unknown " + what + " '" + id + "'");
        }
        return value;
    }
}
