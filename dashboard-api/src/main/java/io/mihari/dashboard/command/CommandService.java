package io.mihari.dashboard.command;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.mihari.dashboard.auth.Scope;
import io.mihari.dashboard.auth.Viewer;
import io.mihari.dashboard.store.Reader;
import io.mihari.model.command.Actor;
import io.mihari.model.command.Attribution;
import io.mihari.model.command.Command;
import io.mihari.model.command.CommandPermissions;
import io.mihari.model.command.CommandType;
import io.mihari.model.command.PostIncidentReport;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * What people do, validated here and published as commands for alert-service (the single writer of incidents) to
 * apply: status updates, provisional recovery, resolution, attribution, acknowledgement, the written report (and,
 * through {@link MaintenanceService}, maintenance windows). Every write is answered 202 with the command's id; {@code GET /api/commands/{id}} tells
 * whether it was applied or rejected and why. Every write is audited (log category {@code io.mihari.audit}, and the
 * outcome stored by alert-service in {@code mihari-commands}).
 */
@jakarta.enterprise.context.RequestScoped
public class CommandService {

    private static final Logger AUDIT = Logger.getLogger("io.mihari.audit");

    /** The answer to a write. */
    public record Accepted(String commandId, String type, String status, String outcome) {
    }

    /**
     * @param reportedAt optional, a city's operator or an administrator only: the instant the responsible party made the
     *        report, recorded on its behalf (ISO-8601 instant)
     */
    public record Update(@NotBlank @Size(max = Command.MAX_MESSAGE) String message, String reportedAt) {
        public Update(String message) {
            this(message, null);
        }
    }

    public record Note(@Size(max = Command.MAX_MESSAGE) String note) {
    }

    public record Mitigation(Instant at, @Size(max = Command.MAX_MESSAGE) String note) {
    }

    public record AttributionChange(@NotNull Attribution attribution, @Size(max = Command.MAX_MESSAGE) String note) {
    }

    public record Report(@Size(max = Command.MAX_REPORT_PART) String timeline,
            @NotBlank @Size(max = Command.MAX_REPORT_PART) String cause,
            @NotBlank @Size(max = Command.MAX_REPORT_PART) String firstResponse,
            @NotBlank @Size(max = Command.MAX_REPORT_PART) String countermeasures) {
    }

    /** The fields of a stored incident that routing a command needs. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record IncidentRef(String id, String serviceId, Instant startedAt, List<String> partyIds,
            Party responsibleParty) {
    }

    /** The incident's responsible party as alert-service stores it (docs/parties.md). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Party(String id, String kind, Instant since) {
    }

    private final Viewer viewer;
    private final Reader reader;
    private final CommandPublisher publisher;
    private final Clock clock;
    private final io.mihari.dashboard.catalog.CatalogHolder catalog;

    CommandService(Viewer viewer, Reader reader, CommandPublisher publisher, Clock clock,
            io.mihari.dashboard.catalog.CatalogHolder catalog) {
        this.catalog = catalog;
        this.viewer = viewer;
        this.reader = reader;
        this.publisher = publisher;
        this.clock = clock;
    }

    public Response postUpdate(String id, Update body,
            String key) {
        Instant reportedAt = null;
        if (body.reportedAt() != null && !body.reportedAt().isBlank()) {
            try {
                reportedAt = java.time.OffsetDateTime.parse(body.reportedAt()).toInstant();
            } catch (java.time.format.DateTimeParseException e) {
                throw new BadRequestException("reportedAt: an ISO-8601 instant such as 2026-11-26T10:15:00+09:00 or "
                        + "2026-11-26T01:15:00Z, was '" + body.reportedAt() + "'");
            }
        }
        return onIncident(id, CommandType.POST_UPDATE, key, body.message(), null, null, null, reportedAt);
    }

    public Response mitigate(String id, Mitigation body, String key) {
        return onIncident(id, CommandType.MARK_MITIGATED, key, body == null ? null : body.note(),
                body == null ? null : body.at(), null, null);
    }

    public Response resolve(String id, Note body, String key) {
        return onIncident(id, CommandType.MARK_RESOLVED, key, body == null ? null : body.note(), null, null, null);
    }

    public Response acknowledge(String id, Note body, String key) {
        return onIncident(id, CommandType.ACKNOWLEDGE, key, body == null ? null : body.note(), null, null, null);
    }

    /** Whose responsibility: decided by the city or an administrator, never by the vendor itself. */
    public Response attribute(String id, AttributionChange body,
            String key) {
        return onIncident(id, CommandType.SET_ATTRIBUTION, key, body.note(), null, body.attribution(), null);
    }

    public Response submitReport(String id, Report body,
            String key) {
        return onIncident(id, CommandType.SUBMIT_REPORT, key, null, null, null,
                new PostIncidentReport(body.timeline(), body.cause(), body.firstResponse(), body.countermeasures()));
    }

    /** What became of a command (404 until alert-service has applied or rejected it). */
    public CommandOutcomeView outcome(String commandId) {
        return reader.get("mihari-commands", commandId, CommandOutcomeView.class)
                // a party's own command on an incident of another party's service (docs/parties.md) is its to follow
                .filter(o -> viewer.scope().canSee(o.serviceId()) || (o.actor() != null
                        && viewer.scope().userId().equals(o.actor().userId())))
                .orElseThrow(() -> new NotFoundException("no outcome of command '" + commandId + "' (yet)"));
    }

    private Response onIncident(String incidentId, CommandType type, String key, String message, Instant at,
            Attribution attribution, PostIncidentReport report) {
        return onIncident(incidentId, type, key, message, at, attribution, report, null);
    }

    private Response onIncident(String incidentId, CommandType type, String key, String message, Instant at,
            Attribution attribution, PostIncidentReport report, Instant reportedAt) {
        IncidentRef incident = reader.get("mihari-incidents", incidentId, IncidentRef.class)
                .filter(i -> viewer.scope().canSeeIncident(i.serviceId(), i.partyIds()))
                .orElseThrow(() -> new NotFoundException("no incident '" + incidentId + "'"));
        Command command = new Command(commandId(key), type, incident.serviceId(), incident.id(), actor(),
                clock.instant(), message, at, attribution, report, null, null, null, reportedAt);
        if (reportedAt != null && !io.mihari.model.command.Actor.VENDOR.equals(command.actor().role())
                && incident.startedAt() != null && reportedAt.isBefore(incident.startedAt())) {
            throw new BadRequestException("reportedAt: " + reportedAt + " is before the incident started ("
                    + incident.startedAt() + ")");
        }
        return publish(command, incident.responsibleParty() == null ? null : incident.responsibleParty().id());
    }

    /**
     * Validates (400 naming every problem), checks the actor may issue it on the service ({@link CommandPermissions}:
     * 403), publishes it signed, audits it: 202 with the command's id.
     */
    Response publish(Command command) {
        return publish(command, null);
    }

    /** @param responsibleParty the party responsible for the command's incident now (null: none, or no incident) */
    Response publish(Command command, String responsibleParty) {
        // a vendor never records on someone's behalf: 403 before any other complaint about the field
        if (command.reportedAt() != null && io.mihari.model.command.Actor.VENDOR.equals(command.actor().role())) {
            throw new ForbiddenException("reportedAt: a vendor reports for itself; only the city's operator or an "
                    + "administrator records a report on a party's behalf");
        }
        List<String> problems = command.problems(clock.instant());
        if (!problems.isEmpty()) {
            throw new BadRequestException(String.join("; ", problems));
        }
        // the same rule alert-service applies again to the signed actor: the vendor never decides what counts
        catalog.get().service(command.serviceId()).flatMap(s -> CommandPermissions.refusal(command, s,
                        responsibleParty))
                .ifPresent(refusal -> {
                    throw new ForbiddenException(refusal);
                });
        publisher.publish(command);
        Scope s = viewer.scope();
        AUDIT.infof("%s (%s %s) %s %s on %s%s", s.userId(), s.role(), s.organisation(), command.commandId(),
                command.type(), command.serviceId(), command.incidentId() != null ? " / " + command.incidentId()
                : command.windowId() != null ? " / " + command.windowId()
                : command.window() != null ? " / " + command.window().id() : "");
        return Response.accepted(new Accepted(command.commandId(), command.type().name(), "ACCEPTED",
                "/api/commands/" + command.commandId())).build();
    }

    /** The signed-in person as a command's actor. */
    Actor actor() {
        Scope s = viewer.scope();
        return new Actor(s.userId(), s.role(), s.organisation(), s.name());
    }

    /**
     * The command's id, made here: from the user and the request's Idempotency-Key (a retried request is one
     * command; another user's same key is another command), else new. Every id of a person's command starts with
     * {@code u-}, Mihari's own with {@code sys-}: nobody can take another's id, nor the system's.
     */
    String commandId(String key) {
        if (key == null || key.isBlank()) {
            return "u-" + UUID.randomUUID();
        }
        if (!key.matches("[A-Za-z0-9._:-]{1,100}")) {
            throw new BadRequestException("Idempotency-Key: 1-100 characters of A-Z a-z 0-9 . _ : -");
        }
        return userCommandId(viewer.scope().userId(), key);
    }

    /** {@code u-} and 32 hex digits of SHA-256 over the user id and the key. */
    static String userCommandId(String userId, String key) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest((userId + "\n" + key).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return "u-" + java.util.HexFormat.of().formatHex(digest, 0, 16);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
