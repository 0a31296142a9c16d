package io.mihari.agent.simulate;

import io.mihari.model.event.Event;

/** Where the simulated fleet's events go; {@link KafkaFleetSender} in a run, a list in tests. */
public interface FleetSender extends AutoCloseable {

    /**
     * Hands one event over for sending (to its city's topic, keyed by its target id); false once something failed
     * (the round stops there: without Kafka every send would wait for it).
     */
    boolean send(Event event);

    /** Waits until what was handed over is sent or failed; returns what went wrong, or null. */
    String flush();

    @Override
    void close();
}
