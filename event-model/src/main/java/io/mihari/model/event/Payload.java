package io.mihari.model.event;

/** The type-specific part of an {@link Event}. */
public sealed interface Payload
        permits Heartbeat, CheckResult, ResourceSample, BatchRun, OperatingStatus, FileArrival, Gap {
}
