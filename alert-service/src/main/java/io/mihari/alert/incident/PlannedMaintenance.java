package io.mihari.alert.incident;

import java.time.Instant;
import java.util.Collection;

/** Whether trouble of a service is inside announced maintenance (so it is planned and nobody is mailed). */
@FunctionalInterface
public interface PlannedMaintenance {

    PlannedMaintenance NONE = (serviceId, targetIds, at) -> false;

    /** Whether every one of these targets of the service is in a maintenance window at {@code at}. */
    boolean covers(String serviceId, Collection<String> targetIds, Instant at);
}
