package io.mihari.dashboard.auth;

import io.mihari.model.catalog.Catalog;
import io.mihari.model.catalog.Service;
import org.opensearch.client.opensearch._types.FieldValue;
import org.opensearch.client.opensearch._types.query_dsl.Query;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What one logged-in person may see: every service (admin), the services of one city (operator) or the services a
 * vendor operates (vendor). It is part of every OpenSearch query ({@link #filter()}), never applied afterwards.
 *
 * @param services the ids of the visible services (all of them for an admin)
 */
public record Scope(String userId, String name, String role, String organisation, boolean all, Set<String> services) {

    public static Scope of(String userId, String name, String role, String organisation, Catalog catalog) {
        boolean admin = User.ADMIN.equals(role);
        Set<String> visible = new TreeSet<>();
        for (Service s : catalog.services()) {
            if (admin || (User.OPERATOR.equals(role) && s.tenant().equals(organisation))
                    || (User.VENDOR.equals(role) && s.vendor().equals(organisation))) {
                visible.add(s.id());
            }
        }
        return new Scope(userId, name, role, organisation, admin, Set.copyOf(visible));
    }

    /** Every service: for Mihari's own reads whose results are then filtered by the viewer's scope. */
    public static Scope system(Catalog catalog) {
        return of("mihari", "mihari", User.ADMIN, null, catalog);
    }

    public boolean canSee(String serviceId) {
        return serviceId != null && services.contains(serviceId) || (all && serviceId == null);
    }

    /**
     * The filter on {@code serviceId} every query of a non-admin carries: no visible service matches nothing, and a
     * document without a service (an unregistered host) is for administrators only.
     */
    public Query filter() {
        if (all) {
            return Query.of(q -> q.matchAll(m -> m));
        }
        List<FieldValue> ids = services.stream().map(FieldValue::of).toList();
        return Query.of(q -> q.terms(t -> t.field("serviceId").terms(v -> v.value(ids))));
    }

    /**
     * The filter every incident query of a non-admin carries (docs/parties.md): the incidents of the visible services,
     * and for a party's user (vendor role) also those its organisation was ever responsible for ({@code partyIds} of
     * the incident, e.g. the cloud provider's on an app vendor's service).
     */
    public Query incidentFilter() {
        if (all || !User.VENDOR.equals(role) || organisation == null) {
            return filter();
        }
        Query services = filter();
        Query party = Query.of(q -> q.term(t -> t.field("partyIds").value(FieldValue.of(organisation))));
        return Query.of(q -> q.bool(b -> b.should(services, party).minimumShouldMatch("1")));
    }

    /** Whether an incident of {@code serviceId} that these parties were responsible for is visible. */
    public boolean canSeeIncident(String serviceId, List<String> partyIds) {
        return canSee(serviceId) || (User.VENDOR.equals(role) && organisation != null && partyIds != null
                && partyIds.contains(organisation));
    }

    public boolean admin() {
        return all;
    }
}
