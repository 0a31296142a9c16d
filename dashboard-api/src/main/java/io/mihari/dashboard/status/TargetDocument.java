package io.mihari.dashboard.status;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.time.Instant;

/**
 * A document of {@code mihari-targets} as alert-service writes it (only the fields read here).
 *
 * @param clockOffsetSeconds the agent's latest clock offset (positive = ahead), null when none was estimated
 * @param clockOffsetAt the receipt of the heartbeat the offset was estimated on
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TargetDocument(String targetId, String tenant, String system, String host, String serviceId,
        String status, Instant since, Instant lastSeenAt, Double clockOffsetSeconds,
        Instant clockOffsetAt) {
}
