package io.mihari.model.status;

import io.mihari.model.catalog.Service;
import io.mihari.model.catalog.Target;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A service's status from its targets' statuses, the same in every component:
 * <ol>
 *   <li>DOWN when a critical target is down or every member of a redundancy group is;</li>
 *   <li>UNKNOWN when Mihari cannot tell whether the service works: a critical target, or every member of a
 *       redundancy group that is not down, has no data (never counted as up);</li>
 *   <li>DEGRADED when some target is down but the service still works;</li>
 *   <li>otherwise UP.</li>
 * </ol>
 * Only the service's production 本番系 targets count ({@link Service#statusTargets()}): a test or temporary target
 * never changes its service's status, unless the service has no production target at all (a whole 検証系
 * environment, judged on its own targets and never measured).
 */
public final class ServiceStatusRule {

    public enum ServiceStatus { UP, DEGRADED, DOWN, UNKNOWN }

    private ServiceStatusRule() {
    }

    private static boolean unknown(Map<String, String> targetStatus, Target t) {
        return "UNKNOWN".equals(targetStatus.getOrDefault(t.id(), "UNKNOWN"));
    }

    /**
     * @param targetStatus status name ({@code UP}, {@code DOWN}, {@code UNKNOWN}) by target id; missing = UNKNOWN
     */
    public static ServiceStatus evaluate(Service service, Map<String, String> targetStatus) {
        List<Target> targets = service.statusTargets();
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
        boolean criticalUnknown = targets.stream().anyMatch(t -> t.critical() && unknown(targetStatus, t));
        boolean groupUnknown = groups.values().stream()
                .anyMatch(members -> members.stream().noneMatch(t -> "UP".equals(targetStatus.get(t.id()))));
        boolean anyUp = targets.stream().anyMatch(t -> "UP".equals(targetStatus.get(t.id())));
        if (criticalUnknown || groupUnknown || !anyUp) {
            return ServiceStatus.UNKNOWN;
        }
        if (targets.stream().anyMatch(t -> "DOWN".equals(targetStatus.get(t.id())))) {
            return ServiceStatus.DEGRADED;
        }
        return ServiceStatus.UP;
    }
}
