package io.mihari.dashboard.status;

import java.time.Instant;

/**
 * A monitored server as the API shows it.
 *
 * @param status UP, DOWN or UNKNOWN (no data yet)
 * @param since when it entered this status, or null when never heard
 * @param registered whether the catalog knows the host
 * @param clockOffset the agent's latest clock offset and its level, or null when alert-service stored none
 * @param environment {@code production} 本番系, {@code test} 検証系 or {@code temporary} 一時的 (the catalog's; null for
 *        a host it does not know): only production counts in its service's status and availability
 * @param notified whether its problems are mailed (false: monitored quietly, dashboard only)
 */
public record TargetView(String id, String tenant, String host, String serviceId, String role, boolean critical,
        String redundancyGroup, String status, Instant since, boolean registered,
        ClockOffset clockOffset, String environment, boolean notified) {
}
