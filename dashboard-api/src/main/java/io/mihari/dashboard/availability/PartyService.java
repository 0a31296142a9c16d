package io.mihari.dashboard.availability;

import io.mihari.dashboard.auth.Scope;
import io.mihari.dashboard.auth.User;
import io.mihari.dashboard.catalog.CatalogHolder;
import io.mihari.model.availability.Availability;
import io.mihari.model.availability.AvailabilityCalculator;
import io.mihari.model.availability.ComponentAvailability;
import io.mihari.model.availability.Ledger;
import io.mihari.model.catalog.Catalog;
import io.mihari.model.catalog.ComponentType;
import io.mihari.model.catalog.Language;
import io.mihari.model.catalog.PartyKind;
import io.mihari.model.catalog.Service;
import io.mihari.model.catalog.Tenant;
import io.mihari.model.catalog.Vendor;
import jakarta.enterprise.context.ApplicationScoped;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Availability per responsible party (docs/parties.md): the services each party operates, the downtime of other
 * parties' services attributed to it, the components it answers for (per city and type, no redundancy credit), and the
 * ledger of every service month (its downtime split by party). Who sees what: an administrator every party; a city's
 * operator every party's figures for that city (and the city itself); a party's own users (role vendor, organisation
 * = its id) only its own row, across cities.
 */
@ApplicationScoped
public class PartyService {

    /** A name in Japanese and English. */
    public record Name(String ja, String en) {
    }

    /** A service the party operates: its figure as the board shows it (the report of record once frozen). */
    public record ServiceRow(String serviceId, String tenant, BigDecimal availabilityPercent,
            BigDecimal contractualAvailabilityPercent, Availability.Status status) {
    }

    /** Downtime of another party's service attributed to this party by an incident. */
    public record AttributedRow(String serviceId, String incidentId, long ms) {
    }

    /** A component of the type, with its own month. */
    public record ItemRow(String targetId, String host, String role, String serviceId, long plannedMs, long downtimeMs,
            long countedDowntimeMs, long noDataMs, BigDecimal availabilityPercent, Availability.Status status,
            List<ComponentAvailability.Down> lines) {
    }

    /** A city's components of one type. */
    public record ComponentRow(String tenant, String type, Name typeName, BigDecimal target, long plannedMs,
            long downtimeMs, long countedDowntimeMs, long noDataMs, BigDecimal availabilityPercent,
            BigDecimal coveragePercent, Availability.Status status, int componentsBelowTarget,
            ComponentAvailability.Worst worst, List<ItemRow> items,
            io.mihari.model.availability.PenaltyTier penaltyTier) {
    }

    /**
     * One party.
     *
     * @param kind {@code app-vendor}, {@code cloud-provider}, {@code carrier} or {@code city}
     * @param target its {@code sla.availabilityTarget}, else 99.5
     * @param attributedMs Σ {@code attributed}
     */
    public record PartyRow(String id, String kind, Name name, BigDecimal target, List<ServiceRow> services,
            long attributedMs, List<AttributedRow> attributed, List<ComponentRow> components) {
    }

    /** One service month's ledger: its downtime and each party's share ({@code EXTERNAL}, {@code PLANNED}: nobody). */
    public record LedgerRow(String serviceId, String tenant, long downtimeMs, Map<String, Long> shares) {
    }

    /** Every visible party of the month. */
    public record Parties(String month, Instant asOf, List<PartyRow> parties, List<LedgerRow> ledger) {
    }

    /** One party of the month, with the ledger of the services it operates or has a share in. */
    public record OneParty(String month, Instant asOf, PartyRow party, List<LedgerRow> ledger) {
    }

    private final AvailabilityService availability;
    private final CatalogHolder catalog;

    PartyService(AvailabilityService availability, CatalogHolder catalog) {
        this.availability = availability;
        this.catalog = catalog;
    }

    /** What the viewer may see of the month's parties. */
    public Parties parties(Scope scope, YearMonth month) {
        Catalog c = catalog.get();
        View view = view(scope, c);
        if (view == null) {
            return new Parties(month.toString(), null, List.of(), List.of());
        }
        AvailabilityService.PartyInputs in = availability.partyInputs(month);
        Map<String, AvailabilityService.ServiceMonth> shown = new LinkedHashMap<>();
        availability.month(Scope.system(c), month, null).forEach(m -> shown.put(m.serviceId(), m));
        Map<String, Ledger> ledgers = new LinkedHashMap<>();
        for (Service s : c.services()) {
            ledgers.put(s.id(), Ledger.of(c, s, in.services().get(s.id())));
        }
        List<PartyRow> rows = new ArrayList<>();
        for (Vendor p : c.parties()) {
            if (view.shows(c, p.id())) {
                rows.add(row(c, p.id(), p.partyKind().yamlName(), new Name(p.name().ja(), p.name().en()),
                        ComponentAvailability.target(c, p.id()), view, shown, ledgers, month, in));
            }
        }
        for (Tenant t : c.tenants()) {
            if (view.shows(c, t.id())) {
                rows.add(row(c, t.id(), PartyKind.CITY.yamlName(), new Name(t.name().ja(), t.name().en()),
                        AvailabilityCalculator.DEFAULT_TARGET, view, shown, ledgers, month, in));
            }
        }
        List<LedgerRow> ledger = new ArrayList<>();
        for (Service s : c.services()) {
            Ledger l = ledgers.get(s.id());
            if (view.ledgerShows(s) || (view.party() != null && l.shares().containsKey(view.party()))) {
                ledger.add(new LedgerRow(s.id(), s.tenant(), l.downtimeMs(), l.shares()));
            }
        }
        return new Parties(month.toString(), in.asOf(), rows, ledger);
    }

    /** One party, if the viewer may see it; null otherwise (answered like an unknown id). */
    public OneParty party(Scope scope, YearMonth month, String id) {
        Parties all = parties(scope, month);
        PartyRow row = all.parties().stream().filter(p -> p.id().equals(id)).findFirst().orElse(null);
        if (row == null) {
            return null;
        }
        Catalog c = catalog.get();
        List<LedgerRow> ledger = all.ledger().stream().filter(l -> l.shares().containsKey(id)
                || c.service(l.serviceId()).map(s -> s.vendor().equals(id) || s.tenant().equals(id)).orElse(false))
                .toList();
        return new OneParty(all.month(), all.asOf(), row, ledger);
    }

    private PartyRow row(Catalog c, String id, String kind, Name name, BigDecimal target, View view,
            Map<String, AvailabilityService.ServiceMonth> shown, Map<String, Ledger> ledgers, YearMonth month,
            AvailabilityService.PartyInputs in) {
        List<ServiceRow> services = new ArrayList<>();
        List<AttributedRow> attributed = new ArrayList<>();
        long attributedMs = 0;
        for (Service s : c.services()) {
            if (!view.figuresOf(s.tenant())) {
                continue;
            }
            if (s.vendor().equals(id)) {
                AvailabilityService.ServiceMonth m = shown.get(s.id());
                Availability a = m == null ? in.services().get(s.id()) : m.availability();
                services.add(new ServiceRow(s.id(), s.tenant(), a.availabilityPercent(),
                        a.contractualAvailabilityPercent(), a.status()));
                continue;
            }
            Map<String, Long> byIncident = new LinkedHashMap<>();
            for (Ledger.Entry e : ledgers.get(s.id()).entries()) {
                if (e.party().equals(id)) {
                    byIncident.merge(Objects.requireNonNullElse(e.incidentId(), ""), e.ms(), Long::sum);
                }
            }
            for (Map.Entry<String, Long> e : byIncident.entrySet()) {
                attributed.add(new AttributedRow(s.id(), e.getKey().isEmpty() ? null : e.getKey(), e.getValue()));
                attributedMs += e.getValue();
            }
        }
        List<ComponentRow> components = new ArrayList<>();
        for (Tenant t : c.tenants()) {
            if (!view.figuresOf(t.id())) {
                continue;
            }
            for (ComponentType type : ComponentType.values()) {
                if (!id.equals(ComponentAvailability.owner(c, t.id(), type)) || c.components(t.id(), type).isEmpty()) {
                    continue;
                }
                ComponentAvailability ca = ComponentAvailability.compute(c, t.id(), type, month, in.asOf(),
                        in.inputs());
                components.add(new ComponentRow(t.id(), type.yamlName(),
                        new Name(type.label(Language.JA), type.label(Language.EN)), ca.target(), ca.plannedMs(),
                        ca.downtimeMs(), ca.countedDowntimeMs(), ca.noDataMs(), ca.availabilityPercent(),
                        ca.coveragePercent(), ca.status(), ca.componentsBelowTarget(), ca.worst(),
                        ca.items().stream().map(i -> new ItemRow(i.targetId(), i.host(), i.role(), i.serviceId(),
                                i.plannedMs(), i.downtimeMs(), i.countedDowntimeMs(), i.noDataMs(),
                                i.availabilityPercent(), i.status(), i.lines())).toList(), ca.penaltyTier()));
            }
        }
        return new PartyRow(id, kind, name, target, services, attributedMs, attributed, components);
    }

    /**
     * What a viewer sees: {@code tenant} null = figures of every city; {@code party} non-null = only that party's row.
     */
    private record View(String tenant, String party) {

        boolean shows(Catalog c, String id) {
            if (party != null) {
                return party.equals(id);
            }
            if (tenant == null) {
                return true;
            }
            if (tenant.equals(id)) {
                return true;
            }
            Tenant t = c.tenant(tenant);
            return id.equals(t.cloudProvider()) || id.equals(t.carrier())
                    || c.services().stream().anyMatch(s -> s.tenant().equals(tenant) && s.vendor().equals(id));
        }

        boolean figuresOf(String tenantId) {
            return tenant == null || tenant.equals(tenantId);
        }

        boolean ledgerShows(Service s) {
            if (party != null) {
                return s.vendor().equals(party);
            }
            return figuresOf(s.tenant());
        }
    }

    /** The viewer's view; null when it may see no party. */
    private static View view(Scope scope, Catalog c) {
        if (scope.admin()) {
            return new View(null, null);
        }
        String org = scope.organisation();
        if (org == null) {
            return null;
        }
        if (User.OPERATOR.equals(scope.role())) {
            return c.tenants().stream().anyMatch(t -> t.id().equals(org)) ? new View(org, null) : null;
        }
        if (User.VENDOR.equals(scope.role())) {
            return c.party(org).isPresent() ? new View(null, org) : null;
        }
        return null;
    }
}
