package io.mihari.dashboard.command;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.mihari.model.command.Actor;

import java.time.Instant;

/** What alert-service recorded about a command: applied, rejected (and why) or a duplicate. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CommandOutcomeView(String commandId, String type, String serviceId, String incidentId, String windowId,
        Actor actor, Instant issuedAt, Instant appliedAt, String outcome, String reason, Long revision) {
}
