package io.mihari.agent.heartbeat;

import io.mihari.model.event.Event;
import io.mihari.model.event.EventType;
import io.mihari.model.event.Heartbeat;

import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/** Makes heartbeat events: a fresh event id each, a per-agent sequence number, the injected clock's time. */
public final class HeartbeatSource {

    public static final String AGENT_VERSION = "0.1.0";

    private final Identity identity;
    private final Duration interval;
    private final Clock clock;
    private final AtomicLong seq;

    public HeartbeatSource(Identity identity, Duration interval, Clock clock, long firstSeq) {
        if (interval.toSeconds() < 1) {
            throw new IllegalArgumentException("mihari.agent.heartbeat-interval must be at least 1s, was " + interval);
        }
        this.identity = identity;
        this.interval = interval;
        this.clock = clock;
        this.seq = new AtomicLong(firstSeq);
    }

    public Event next() {
        return new Event(UUID.randomUUID().toString(), Event.SCHEMA_VERSION, EventType.HEARTBEAT, clock.instant(),
                identity.tenant(), identity.system(), identity.host(), identity.agentId(), seq.getAndIncrement(),
                new Heartbeat((int) interval.toSeconds(), AGENT_VERSION));
    }
}
