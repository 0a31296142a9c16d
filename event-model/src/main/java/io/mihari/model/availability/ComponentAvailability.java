package io.mihari.model.availability;

import io.mihari.model.availability.Availability.Status;
import io.mihari.model.catalog.Catalog;
import io.mihari.model.catalog.ComponentType;
import io.mihari.model.catalog.PartyKind;
import io.mihari.model.catalog.Service;
import io.mihari.model.catalog.Target;
import io.mihari.model.catalog.Tenant;
import io.mihari.model.catalog.Vendor;
import io.mihari.model.maintenance.MaintenanceWindow;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The availability of one city's components of one type (各種サービスの稼働率: its virtual servers, its storage, its
 * load balancers …) for the party that answers for them (the city's cloud provider, or its carrier for lines), with
 * <b>no redundancy credit</b>: each component is measured on its own transitions, as if it alone made its service (a
 * single AP/WEB server down is the provider's downtime even when the application stays up behind its redundancy
 * group). Pure: no clock, no I/O.
 * <p>
 * Per component: the same computation as a service's ({@link AvailabilityCalculator}) for a service made of that one
 * target, critical: the planned time of the service it belongs to (its service hours, its approved whole-service
 * maintenance, its {@code measuredFrom}), target-scoped maintenance of that target counting as up. Its counted
 * downtime is its downtime minus the part covered by an incident of its service attributed to another party than the
 * component's owner (e.g. the app vendor's {@code VENDOR}, {@code CITY}, {@code EXTERNAL}, {@code PLANNED}); time no
 * incident covers is the owner's. Where attributions overlap, another party's wins over the owner's (as a non-vendor
 * attribution wins in a service's figure).
 * <p>
 * Per type: Σ planned, Σ downtime, Σ counted over the components, and {@code (Σ planned − Σ counted) / Σ planned}
 * truncated to three decimals (weighted by component time: ten servers of a month weigh ten months); the verdict is the
 * monthly rule applied to the sums, the budget being {@code (100 − target) %} of Σ planned month, the target the
 * owner's {@code sla.availabilityTarget}, else 99.5.
 *
 * @param tenant the city
 * @param type the component type
 * @param partyId who answers for them: the city's cloud provider, or its carrier for lines; null when it names none
 * @param month the month
 * @param target the owner's availability target in percent
 * @param plannedMs Σ planned time of the components within the evaluated range
 * @param downtimeMs Σ their downtime
 * @param countedDowntimeMs Σ their downtime the owner answers for
 * @param noDataMs Σ their planned time without data
 * @param availabilityPercent {@code (plannedMs - countedDowntimeMs) / plannedMs × 100}, truncated to 3 decimals;
 *        null when nothing is planned or there is no data at all
 * @param coveragePercent {@code (plannedMs - noDataMs) / plannedMs × 100}, truncated; null when nothing is planned
 * @param status MET, AT_RISK, BREACHED or INSUFFICIENT_DATA, as a service's month
 * @param componentsBelowTarget the components whose own counted availability is below the target (exactly)
 * @param worst the component with the lowest counted availability (the first in catalog order among equals); null
 *        when none has data
 * @param items every component, in catalog order
 * @param penaltyTier the owner's penalty tier 減額区分 ({@code sla.penaltyTiers}) that the type's counted figure falls
 *        in, as for a service's month; null when none applies or the owner names none
 */
public record ComponentAvailability(String tenant, ComponentType type, String partyId, YearMonth month,
        BigDecimal target, long plannedMs, long downtimeMs, long countedDowntimeMs, long noDataMs,
        BigDecimal availabilityPercent, BigDecimal coveragePercent, Status status, int componentsBelowTarget,
        Worst worst, List<Item> items, PenaltyTier penaltyTier) {

    public ComponentAvailability {
        items = List.copyOf(items);
    }

    /** The component with the lowest counted availability. */
    public record Worst(String targetId, BigDecimal availabilityPercent) {
    }

    /**
     * One component's month.
     *
     * @param serviceId the service it belongs to
     * @param availabilityPercent its counted availability, truncated to 3 decimals; null without data
     * @param status its own verdict against the owner's target
     * @param lines its DOWN lines: who answers for each
     */
    public record Item(String targetId, String host, String role, String serviceId, long plannedMs, long downtimeMs,
            long countedDowntimeMs, long noDataMs, BigDecimal availabilityPercent, BigDecimal coveragePercent,
            Status status, List<Down> lines) {
        public Item {
            lines = List.copyOf(lines);
        }
    }

    /**
     * A DOWN line of a component.
     *
     * @param attribution the incident's attribution as recorded ({@code VENDOR}, {@code CLOUD} …); null when no
     *        incident covers it
     * @param party who answers for it ({@link Ledger#party}): the owner when no incident covers it
     * @param counted whether it counts against the owner
     * @param ongoing whether it reaches the evaluated end of a running month
     */
    public record Down(Instant start, Instant end, long ms, String attribution, String party, boolean counted,
            String incidentId, boolean ongoing) {
    }

    /**
     * What one service's month reads.
     *
     * @param transitions its targets' transitions (as for {@link AvailabilityCalculator#compute})
     * @param maintenance its maintenance windows
     * @param attributions its incidents' attributions <b>as recorded</b> ({@code VENDOR} included), not as its own
     *        figure reads them
     */
    public record Inputs(List<TargetTransition> transitions, List<MaintenanceWindow> maintenance,
            List<Attribution> attributions) {
        public Inputs {
            transitions = transitions == null ? List.of() : transitions;
            maintenance = maintenance == null ? List.of() : maintenance;
            attributions = attributions == null ? List.of() : attributions;
        }
    }

    /** Who answers for a city's components of this type: its cloud provider, or its carrier; null when none. */
    public static String owner(Catalog catalog, String tenantId, ComponentType type) {
        Tenant t = catalog.tenant(tenantId);
        return type.owner() == PartyKind.CARRIER ? t.carrier() : t.cloudProvider();
    }

    /** The owner's penalty tiers ({@code sla.penaltyTiers}); empty when it names none. */
    public static List<PenaltyTier> tiers(Catalog catalog, String partyId) {
        return catalog.party(partyId).map(Vendor::sla).map(s -> s.penaltyTiers()).orElse(List.of());
    }

    /** The owner's target: its {@code sla.availabilityTarget}, else {@link AvailabilityCalculator#DEFAULT_TARGET}. */
    public static BigDecimal target(Catalog catalog, String partyId) {
        return catalog.party(partyId).map(Vendor::sla).map(s -> s.availabilityTarget())
                .orElse(AvailabilityCalculator.DEFAULT_TARGET);
    }

    /**
     * @param catalog the catalog
     * @param tenantId the city
     * @param type the component type
     * @param month the month
     * @param asOf now: a month not yet over is computed up to here
     * @param inputs per service id, what its month reads (a service missing here has no data)
     */
    public static ComponentAvailability compute(Catalog catalog, String tenantId, ComponentType type, YearMonth month,
            Instant asOf, Map<String, Inputs> inputs) {
        Objects.requireNonNull(type, "type");
        String owner = owner(catalog, tenantId, type);
        BigDecimal target = target(catalog, owner);
        List<Item> items = new ArrayList<>();
        long planned = 0;
        long plannedMonth = 0;
        long down = 0;
        long counted = 0;
        long noData = 0;
        boolean downAtEnd = false;
        boolean complete = true;
        BigDecimal minCoverage = null;
        for (Service s : catalog.services()) {
            if (!s.tenant().equals(tenantId)) {
                continue;
            }
            for (Target t : s.targets()) {
                if (t.component() != type || !t.production()) {
                    continue; // a test or temporary component is no party's measured time
                }
                Inputs in = inputs.getOrDefault(s.id(), new Inputs(null, null, null));
                Availability a = one(catalog, s, t, owner, target, month, asOf, in);
                items.add(item(catalog, s, t, owner, a, in));
                planned += a.plannedMs();
                plannedMonth += a.plannedMonthMs();
                down += a.downtimeMs();
                counted += a.contractualDowntimeMs();
                noData += a.noDataMs();
                complete &= a.complete();
                downAtEnd |= a.intervals().stream().anyMatch(l -> l.kind() == Availability.Kind.DOWN && l.ongoing());
                BigDecimal min = a.minCoveragePercent();
                minCoverage = minCoverage == null || (min != null && min.compareTo(minCoverage) > 0) ? min : minCoverage;
            }
        }
        BigDecimal minCov = minCoverage == null ? AvailabilityCalculator.DEFAULT_MIN_COVERAGE : minCoverage;
        long budget = BigDecimal.valueOf(100).subtract(target).multiply(BigDecimal.valueOf(plannedMonth))
                .movePointLeft(2).setScale(0, RoundingMode.DOWN).longValueExact();
        Status status = AvailabilityCalculator.verdict(counted, budget, downAtEnd && !complete, planned, noData,
                minCov);
        int below = 0;
        Item worst = null;
        for (Item i : items) {
            if (i.availabilityPercent() == null) {
                continue;
            }
            long up = i.plannedMs() - i.countedDowntimeMs();
            if (BigDecimal.valueOf(up).multiply(BigDecimal.valueOf(100))
                    .compareTo(target.multiply(BigDecimal.valueOf(i.plannedMs()))) < 0) {
                below++;
            }
            if (worst == null || lower(i, worst)) {
                worst = i;
            }
        }
        return new ComponentAvailability(tenantId, type, owner, month, target, planned, down, counted, noData,
                AvailabilityCalculator.availability(planned, noData, counted),
                AvailabilityCalculator.percent(planned, noData), status, below,
                worst == null ? null : new Worst(worst.targetId(), worst.availabilityPercent()), items,
                AvailabilityCalculator.tier(tiers(catalog, owner), plannedMonth, counted));
    }

    /** Whether {@code a}'s exact counted availability is below {@code b}'s. */
    private static boolean lower(Item a, Item b) {
        BigInteger left = BigInteger.valueOf(a.plannedMs() - a.countedDowntimeMs())
                .multiply(BigInteger.valueOf(b.plannedMs()));
        BigInteger right = BigInteger.valueOf(b.plannedMs() - b.countedDowntimeMs())
                .multiply(BigInteger.valueOf(a.plannedMs()));
        return left.compareTo(right) < 0;
    }

    /** The component's month: its service's planned time, its own transitions, the owner's time as VENDOR. */
    static Availability one(Catalog catalog, Service s, Target t, String owner, BigDecimal target, YearMonth month,
            Instant asOf, Inputs in) {
        Target alone = new Target(t.id(), t.host(), t.role(), true, null, t.heartbeatInterval(), t.checks(),
                t.resources(), t.component());
        Service single = new Service(s.id(), s.tenant(), s.system(), s.vendor(), target, s.timeZone(), List.of(alone),
                List.of(), s.serviceHours(), List.of(), s.minCoverage(), s.measuredFrom());
        List<TargetTransition> own = in.transitions().stream().filter(x -> x.targetId().equals(t.id())).toList();
        List<Attribution> asOwner = new ArrayList<>();
        for (Attribution a : in.attributions()) {
            boolean owners = owner != null && owner.equals(Ledger.party(catalog, s, a.attribution()));
            // the calculator counts only VENDOR time: the owner's becomes VENDOR, another party's anything else
            String mapped = owners ? AvailabilityCalculator.VENDOR
                    : AvailabilityCalculator.VENDOR.equals(a.attribution()) ? "EXTERNAL" : a.attribution();
            asOwner.add(new Attribution(a.start(), a.end(), mapped, a.incidentId()));
        }
        return AvailabilityCalculator.compute(single, month, asOf, own, in.maintenance(), asOwner, List.of());
    }

    private static Item item(Catalog catalog, Service s, Target t, String owner, Availability a, Inputs in) {
        Map<String, String> recorded = new HashMap<>();
        for (Attribution x : in.attributions()) {
            if (x.incidentId() != null) {
                recorded.putIfAbsent(x.incidentId(), x.attribution());
            }
        }
        List<Down> lines = new ArrayList<>();
        for (Availability.Line l : a.intervals()) {
            if (l.kind() != Availability.Kind.DOWN) {
                continue;
            }
            String attribution = l.incidentId() == null ? null : recorded.getOrDefault(l.incidentId(), l.attribution());
            String party = attribution == null ? owner : Ledger.party(catalog, s, attribution);
            lines.add(new Down(l.start(), l.end(), l.ms(), attribution, party, l.counted(), l.incidentId(),
                    l.ongoing()));
        }
        return new Item(t.id(), t.host(), t.role(), s.id(), a.plannedMs(), a.downtimeMs(), a.contractualDowntimeMs(),
                a.noDataMs(), a.contractualAvailabilityPercent(), a.coveragePercent(), a.status(), lines);
    }
}
