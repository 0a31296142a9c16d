package io.mihari.model.event;

import java.util.Objects;

/**
 * An application's own word on how it runs (システム稼働状況), e.g. from a health endpoint or a vendor tool.
 *
 * @param application the application's name, e.g. {@code juki-ap}
 * @param status how it is
 * @param message details for people
 */
public record OperatingStatus(String application, Status status, String message) implements Payload {

    /** How an application says it runs. */
    public enum Status { RUNNING, DEGRADED, STOPPED }

    public OperatingStatus {
        Limits.name("payload.application", application);
        Objects.requireNonNull(status, "payload.status is missing");
        Limits.text("payload.message", message, Limits.MESSAGE);
    }
}
