package io.mihari.model.event;

import java.util.Arrays;
import java.util.Optional;

/** The kinds of events on the event topics ({@link Topics#events(String)}); each names the payload record it carries. */
public enum EventType {
    HEARTBEAT(Heartbeat.class),
    CHECK_RESULT(CheckResult.class),
    RESOURCE_SAMPLE(ResourceSample.class),
    BATCH_RUN(BatchRun.class),
    OPERATING_STATUS(OperatingStatus.class),
    FILE_ARRIVAL(FileArrival.class),
    GAP(Gap.class);

    private final Class<? extends Payload> payloadType;

    EventType(Class<? extends Payload> payloadType) {
        this.payloadType = payloadType;
    }

    public Class<? extends Payload> payloadType() {
        return payloadType;
    }

    public static Optional<EventType> parse(String name) {
        return Arrays.stream(values()).filter(t -> t.name().equals(name)).findFirst();
    }

    public static EventType of(Payload payload) {
        return Arrays.stream(values())
                .filter(t -> t.payloadType.isInstance(payload))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no event type for " + payload.getClass()));
    }
}
