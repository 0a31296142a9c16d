package io.mihari.dashboard.status;

import java.math.BigDecimal;
import java.util.List;

/**
 * A service and the state of its servers.
 *
 * @param status UP, DEGRADED, DOWN or UNKNOWN (see ServiceStatusRule)
 * @param availabilityTarget monthly availability target in percent
 * @param vendorName the vendor's name in Japanese, {@code vendorNameEn} in English (both from the catalog)
 * @param operating the operating status 稼働状況 each application of the service last reported (newest first);
 *        empty when none reports one
 */
public record ServiceView(String id, String tenant, String tenantName, String tenantNameEn, String system,
        String systemName, String systemNameEn, String vendor, String vendorName, String vendorNameEn,
        BigDecimal availabilityTarget, String status, List<TargetView> targets, List<OperatingView> operating) {
}
