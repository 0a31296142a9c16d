package io.mihari.dashboard.status;

import java.math.BigDecimal;
import java.util.List;

/**
 * A service and the state of its servers.
 *
 * @param status UP, DEGRADED, DOWN or UNKNOWN (see ServiceStatusRule)
 * @param availabilityTarget monthly availability target in percent
 */
public record ServiceView(String id, String tenant, String tenantName, String tenantNameEn, String system,
        String systemName, String systemNameEn, String vendor, String vendorName, BigDecimal availabilityTarget,
        String status, List<TargetView> targets) {
}
