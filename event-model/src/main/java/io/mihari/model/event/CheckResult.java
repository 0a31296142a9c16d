package io.mihari.model.event;

import java.util.Objects;

/**
 * The result of one active liveness check 死活監視 (HTTP, TCP, process, command, ICMP ping).
 *
 * @param name the check's name in the agent configuration, e.g. {@code juki-web}
 * @param kind how it checks
 * @param status UP when the check passed
 * @param latencyMs how long the check took; for PING the average round trip of the probes answered (the whole run's
 *                  time when none was), the loss, average and largest round trip and probe count are in the message
 * @param message what was seen, e.g. {@code HTTP 503} or {@code connection refused}
 * @param certificateDaysLeft for HTTPS: days until the server certificate expires; else null
 */
public record CheckResult(String name, Kind kind, Status status, long latencyMs, String message,
        Integer certificateDaysLeft) implements Payload {

    /** How a check works; PING: ICMP echo probes, e.g. for a network device without an agent. */
    public enum Kind { HTTP, TCP, PROCESS, COMMAND, PING }

    /** Whether the check passed. */
    public enum Status { UP, DOWN }

    public CheckResult {
        Limits.name("payload.name", name);
        Objects.requireNonNull(kind, "payload.kind is missing");
        Objects.requireNonNull(status, "payload.status is missing");
        Limits.within("payload.latencyMs", latencyMs, 0, Limits.DURATION_MS);
        if (certificateDaysLeft != null) {
            Limits.within("payload.certificateDaysLeft", certificateDaysLeft, -Limits.CERTIFICATE_DAYS,
                    Limits.CERTIFICATE_DAYS);
        }
        Limits.text("payload.message", message, Limits.MESSAGE);
    }
}
