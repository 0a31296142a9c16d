package io.mihari.alert.incident;

import io.mihari.alert.detect.StatusTransition;
import io.mihari.alert.detect.TargetStatus;
import io.mihari.model.catalog.Catalog;
import io.mihari.model.catalog.Service;
import io.mihari.model.status.ServiceStatusRule;
import io.mihari.model.status.ServiceStatusRule.ServiceStatus;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The status of each service this instance owns, from its targets' transitions and the shared
 * {@link ServiceStatusRule}; every change is a service transition (availability is computed from them).
 * A transition older than what is known of its target (a replay after a restart) is ignored.
 */
public final class ServiceStatusTracker {

    /** A service changed status at {@code at}, because of {@code cause} on {@code targetId}. */
    public record ServiceTransition(String serviceId, String tenant, String system, ServiceStatus from,
            ServiceStatus to, Instant at, Instant detectedAt, String cause, String targetId) {

        /** Deterministic, so recording it twice leaves one document. */
        public String transitionId() {
            return "service:" + serviceId + "|" + to + "|" + at.toEpochMilli();
        }
    }

    private record Known(TargetStatus status, Instant since) {
    }

    private final Supplier<Catalog> catalog;
    private final Map<String, Map<String, Known>> targets = new HashMap<>();
    private final Map<String, ServiceStatus> status = new HashMap<>();

    public ServiceStatusTracker(Supplier<Catalog> catalog) {
        this.catalog = catalog;
    }

    /**
     * What is stored of a service, after a restart or a rebalance; emits nothing. The service's status is its
     * last <em>stored</em> service transition ({@code lastStored}), not what its targets say now: the targets
     * can be ahead of the signals still to be read, and those must still produce the service transition.
     */
    public synchronized void restore(String serviceId, Map<String, TargetStatus> statuses, Map<String, Instant> since,
            ServiceStatus lastStored) {
        Map<String, Known> known = targets.computeIfAbsent(serviceId, k -> new HashMap<>());
        statuses.forEach((id, s) -> known.put(id, new Known(s, since.getOrDefault(id, Instant.EPOCH))));
        if (lastStored != null) {
            status.put(serviceId, lastStored);
        } else {
            catalog.get().service(serviceId).ifPresent(svc -> status.put(serviceId, evaluate(svc, known)));
        }
    }

    public synchronized Optional<ServiceTransition> apply(StatusTransition t) {
        Map<String, Known> known = targets.computeIfAbsent(t.serviceId(), k -> new HashMap<>());
        Known before = known.get(t.targetId());
        if (before != null && t.at().isBefore(before.since())) {
            return Optional.empty();
        }
        known.put(t.targetId(), new Known(t.to(), t.at()));
        Optional<Service> service = catalog.get().service(t.serviceId());
        if (service.isEmpty()) {
            return Optional.empty();
        }
        ServiceStatus from = status.getOrDefault(t.serviceId(), ServiceStatus.UNKNOWN);
        ServiceStatus to = evaluate(service.get(), known);
        if (from == to) {
            return Optional.empty();
        }
        status.put(t.serviceId(), to);
        Service s = service.get();
        return Optional.of(new ServiceTransition(s.id(), s.tenant(), s.system(), from, to, t.at(), t.detectedAt(),
                t.cause(), t.targetId()));
    }

    public synchronized ServiceStatus status(String serviceId) {
        return status.getOrDefault(serviceId, ServiceStatus.UNKNOWN);
    }

    public synchronized void forget(Collection<String> serviceIds) {
        serviceIds.forEach(id -> {
            targets.remove(id);
            status.remove(id);
        });
    }

    private static ServiceStatus evaluate(Service service, Map<String, Known> known) {
        Map<String, String> names = new HashMap<>();
        known.forEach((id, k) -> names.put(id, k.status().name()));
        return ServiceStatusRule.evaluate(service, names);
    }
}
