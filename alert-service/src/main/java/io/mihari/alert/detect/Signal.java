package io.mihari.alert.detect;

import java.util.Objects;

/**
 * What target-level detection tells service-level incident management, on the internal topic
 * {@link #TOPIC} keyed by service id: a target changed status (for the service's status) or a problem
 * started or ended (for its incidents). Target events are partitioned by target, incidents by service;
 * this topic is where one hands over to the other, so each service has exactly one owner in the
 * consumer group and nothing is lost between the two.
 *
 * @param signalId unique and deterministic, so a replayed signal is recognised
 * @param serviceId the service concerned (signals exist only for catalogued targets)
 * @param transition a target status change, or null
 * @param alert a problem that started or ended, or null
 * @param detectedAt when target-level detection produced it (the first report of an incident is due relative
 *        to the detection, not to when incident management got round to it)
 * @param command a person's command, handed over from {@code mihari.commands.v1} to the service's owner, or null
 */
public record Signal(String signalId, String serviceId, StatusTransition transition, Alert alert,
        java.time.Instant detectedAt, io.mihari.model.command.Command command) {

    /** Internal topic between target-level detection and incident management. Key = service id. */
    public static final String TOPIC = io.mihari.model.event.Topics.SIGNALS;

    public Signal {
        Objects.requireNonNull(serviceId, "serviceId");
        int parts = (transition == null ? 0 : 1) + (alert == null ? 0 : 1) + (command == null ? 0 : 1);
        if (parts != 1) {
            throw new IllegalArgumentException("a signal carries one transition, alert or command");
        }
    }

    public Signal(String signalId, String serviceId, StatusTransition transition, Alert alert,
            java.time.Instant detectedAt) {
        this(signalId, serviceId, transition, alert, detectedAt, null);
    }

    /** A person's command, for the owner of its service. */
    public static Signal of(io.mihari.model.command.Command command) {
        return new Signal("C|" + command.commandId(), command.serviceId(), null, null, command.issuedAt(), command);
    }

    public static Signal of(StatusTransition transition) {
        return new Signal("T|" + transition.transitionId(), transition.serviceId(), transition, null,
                transition.detectedAt());
    }

    public static Signal of(String serviceId, Alert alert, java.time.Instant detectedAt) {
        return new Signal("A|" + alert.key() + "|" + alert.firing() + "|" + alert.severity() + "|"
                + alert.at().toEpochMilli(), serviceId, null, alert, detectedAt);
    }
}
