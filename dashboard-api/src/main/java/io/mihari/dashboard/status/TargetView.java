package io.mihari.dashboard.status;

import java.time.Instant;

/**
 * A monitored server as the API shows it.
 *
 * @param status UP, DOWN or UNKNOWN (no data yet)
 * @param since when it entered this status, or null when never heard
 * @param registered whether the catalog knows the host
 * @param clockOffset the agent's latest clock offset and its level, or null when alert-service stored none
 */
public record TargetView(String id, String tenant, String host, String serviceId, String role, boolean critical,
        String redundancyGroup, String status, Instant since, boolean registered,
        ClockOffset clockOffset) {
}
