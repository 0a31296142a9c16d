package io.mihari.model.event;

/**
 * "I am alive": sent by the agent every {@code intervalSeconds}. The interval travels with the
 * heartbeat so that a host missing from the catalog can still be watched.
 *
 * @param intervalSeconds how often the agent sends heartbeats, at least 1
 * @param agentVersion the agent's version, for the operator's overview
 */
public record Heartbeat(int intervalSeconds, String agentVersion) implements Payload {
    public Heartbeat {
        if (intervalSeconds < 1) {
            throw new IllegalArgumentException("payload.intervalSeconds must be at least 1, was " + intervalSeconds);
        }
        if (agentVersion == null || agentVersion.isBlank()) {
            throw new IllegalArgumentException("payload.agentVersion is missing");
        }
    }
}
