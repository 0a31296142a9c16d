package io.mihari.model.event;

/**
 * "I am alive": sent by the agent every {@code intervalSeconds}. The interval travels with the
 * heartbeat so that a host missing from the catalog can still be watched.
 *
 * @param intervalSeconds how often the agent sends heartbeats, 1 s to a day
 * @param agentVersion the agent's version, for the operator's overview (at most 64 characters)
 */
public record Heartbeat(int intervalSeconds, String agentVersion) implements Payload {
    public Heartbeat {
        if (intervalSeconds < 1 || intervalSeconds > Limits.INTERVAL_SECONDS) {
            throw new IllegalArgumentException("payload.intervalSeconds must be at least 1 and at most "
                    + Limits.INTERVAL_SECONDS + ", was " + intervalSeconds);
        }
        Limits.requiredText("payload.agentVersion", agentVersion, Limits.VERSION);
    }
}
