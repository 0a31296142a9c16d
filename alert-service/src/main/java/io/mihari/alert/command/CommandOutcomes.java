package io.mihari.alert.command;

import io.mihari.alert.incident.CommandOutcome;
import io.mihari.alert.store.Conflicts;
import io.mihari.alert.store.Indices;
import io.mihari.model.command.Actor;
import io.mihari.model.command.Command;
import jakarta.enterprise.context.ApplicationScoped;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch._types.OpenSearchException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;

/**
 * {@code mihari-commands}: one document per command id with what became of it (applied, or rejected and why).
 * dashboard-api shows people the outcome of what they did; it is also the record of who changed what, when.
 */
@ApplicationScoped
public class CommandOutcomes {

    /** The stored outcome of a command. */
    public record Stored(String commandId, String type, String serviceId, String incidentId, String windowId,
            Actor actor, Instant issuedAt, Instant appliedAt, String outcome, String reason, Long revision) {
    }

    private final OpenSearchClient client;

    CommandOutcomes(OpenSearchClient client) {
        this.client = client;
    }

    /** Whether a command with this id was applied or rejected before (a command published twice runs once). */
    public boolean known(String commandId) {
        try {
            return client.exists(e -> e.index(Indices.COMMANDS).id(commandId)).value();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + Indices.COMMANDS, e);
        }
    }

    /** Records the outcome; the first record of a command id stays. */
    public void record(Command c, CommandOutcome outcome, Instant at) {
        String commandId = c.commandId() == null ? "unknown" : c.commandId();
        Stored doc = new Stored(commandId, c.type() == null ? null : c.type().name(), c.serviceId(), c.incidentId(),
                c.windowId() != null ? c.windowId() : c.window() != null ? c.window().id() : null, c.actor(),
                c.issuedAt(), at, outcome.outcome(), outcome.reason(),
                outcome.revision() < 0 ? null : outcome.revision());
        try {
            client.create(r -> r.index(Indices.COMMANDS).id(commandId).document(doc));
        } catch (IOException | OpenSearchException e) {
            if (Conflicts.isConflict(e)) {
                return;
            }
            throw e instanceof OpenSearchException ose ? ose
                    : new UncheckedIOException("cannot record command " + commandId, (IOException) e);
        }
    }
}
