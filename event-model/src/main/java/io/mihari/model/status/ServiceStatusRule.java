package io.mihari.model.status;

import io.mihari.model.catalog.Service;
import io.mihari.model.catalog.Target;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A service's status from its targets' statuses, the same in every component: DOWN when a critical
 * target is down or every member of a redundancy group is; DEGRADED when some other target is down;
 * UNKNOWN when nothing is known; otherwise UP.
 */
public final class ServiceStatusRule {

    public enum ServiceStatus { UP, DEGRADED, DOWN, UNKNOWN }

    private ServiceStatusRule() {
    }

    /**
     * @param targetStatus status name ({@code UP}, {@code DOWN}, {@code UNKNOWN}) by target id; missing = UNKNOWN
     */
    public static ServiceStatus evaluate(Service service, Map<String, String> targetStatus) {
        List<Target> targets = service.targets();
        if (targets.isEmpty()) {
            return ServiceStatus.UNKNOWN;
        }
        boolean criticalDown = targets.stream()
                .anyMatch(t -> t.critical() && "DOWN".equals(targetStatus.get(t.id())));
        Map<String, List<Target>> groups = targets.stream().filter(t -> t.redundancyGroup() != null)
                .collect(Collectors.groupingBy(Target::redundancyGroup));
        boolean groupDown = groups.values().stream()
                .anyMatch(members -> members.stream().allMatch(t -> "DOWN".equals(targetStatus.get(t.id()))));
        if (criticalDown || groupDown) {
            return ServiceStatus.DOWN;
        }
        if (targets.stream().anyMatch(t -> "DOWN".equals(targetStatus.get(t.id())))) {
            return ServiceStatus.DEGRADED;
        }
        if (targets.stream().allMatch(t -> targetStatus.getOrDefault(t.id(), "UNKNOWN").equals("UNKNOWN"))) {
            return ServiceStatus.UNKNOWN;
        }
        return ServiceStatus.UP;
    }
}
