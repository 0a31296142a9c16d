package io.mihari.dashboard.status;

import java.time.Instant;

/**
 * The operating status 稼働状況 an application last reported of itself (an OPERATING_STATUS event).
 *
 * @param status RUNNING, DEGRADED or STOPPED
 * @param at when the application said so (the event's {@code occurredAt})
 */
public record OperatingView(String serviceId, String targetId, String application, String status, String message,
        Instant at) {
}
