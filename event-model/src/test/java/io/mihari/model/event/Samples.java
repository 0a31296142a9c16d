package io.mihari.model.event;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** One valid payload of every event type, for round-trip and schema tests. */
public final class Samples {

    public static final Map<EventType, Payload> PAYLOADS = Map.ofEntries(
            Map.entry(EventType.HEARTBEAT, new Heartbeat(10, "0.1.0")),
            Map.entry(EventType.CHECK_RESULT, new CheckResult("juki-web", CheckResult.Kind.HTTP, CheckResult.Status.DOWN, 5003,
                    "HTTP 503 Service Unavailable", 87)),
            Map.entry(EventType.RESOURCE_SAMPLE, new ResourceSample(12.5, 0.42, null, 0.3, 16L << 30, 9L << 30, 4L << 30, 0,
                    List.of(new ResourceSample.Disk("/", 100L << 30, 55L << 30),
                            new ResourceSample.Disk("C:\\", 200L << 30, 10L << 30)), 86_400)),
            Map.entry(EventType.BATCH_RUN, new BatchRun("nightly-juki-export", "run-20261125-0200", BatchRun.State.FAILED, 137,
                    3_600_000L, "ERROR: connection reset\nexport aborted")),
            Map.entry(EventType.OPERATING_STATUS, new OperatingStatus("juki-ap", OperatingStatus.Status.DEGRADED,
                    "1 of 3 worker pools saturated")),
            Map.entry(EventType.FILE_ARRIVAL, new FileArrival("juki-to-fukushi", "/data/renkei/out/IDO_20270113.csv",
                    52_431, Instant.parse("2027-01-12T20:41:07Z"),
                    "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", true, null)),
            Map.entry(EventType.GAP, new Gap(42, 1000, 1041, "spool full (64 MiB), oldest dropped")));

    private Samples() {
    }

    public static Event event(EventType type) {
        return new Event("e-" + type, Event.SCHEMA_VERSION, type, Instant.parse("2026-11-25T01:02:03Z"), "kurashiki",
                "juki", "krs-juki-ap1", "agent-1", 7, PAYLOADS.get(type));
    }
}
