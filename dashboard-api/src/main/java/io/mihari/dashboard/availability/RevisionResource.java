package io.mihari.dashboard.availability;

import io.mihari.dashboard.auth.Scope;
import io.mihari.dashboard.auth.User;
import io.mihari.dashboard.auth.Viewer;
import io.mihari.dashboard.command.CommandPublisher;
import io.mihari.dashboard.command.CommandService;
import io.mihari.model.availability.Availability;
import io.mihari.model.command.Actor;
import io.mihari.model.command.Command;
import io.mihari.model.command.CommandType;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.YearMonth;
import java.util.List;
import java.util.UUID;

/**
 * The report of record of a service's finished month and its revisions: who froze or corrected it, when and why,
 * with the figures of each revision; an administrator records a correction as the next revision.
 */
@Path("/api/availability/{serviceId}/revisions")
@Produces(MediaType.APPLICATION_JSON)
public class RevisionResource {

    private static final Logger AUDIT = Logger.getLogger("io.mihari.audit");

    /** One revision as listed. */
    public record RevisionView(int revision, java.time.Instant frozenAt, String frozenBy, String reason,
            Availability.Status status, java.math.BigDecimal contractualAvailabilityPercent,
            long contractualDowntimeMs, long excludedMs) {
    }

    /** The log of a month's report, and what the stored data gives now. */
    public record Revisions(String serviceId, String month, List<RevisionView> revisions, RevisionView live,
            boolean changedSinceFrozen) {
    }

    /** A correction: the month is recorded again as it is computed now, with the reason. */
    public record Correction(@NotNull @Pattern(regexp = "\\d{4}-\\d{2}") String month,
            @NotBlank @Size(max = 2000) String reason) {
    }

    private final FrozenReports frozen;
    private final AvailabilityService availability;
    private final CommandPublisher publisher;
    private final Viewer viewer;
    private final Clock clock;

    RevisionResource(FrozenReports frozen, AvailabilityService availability, CommandPublisher publisher, Viewer viewer,
            Clock clock) {
        this.frozen = frozen;
        this.availability = availability;
        this.publisher = publisher;
        this.viewer = viewer;
        this.clock = clock;
    }

    @GET
    public Revisions revisions(@PathParam("serviceId") String serviceId, @QueryParam("month") String month) {
        viewer.requireVisible(serviceId, "service '" + serviceId + "'");
        YearMonth ym = parse(month);
        List<RevisionView> views = frozen.revisions(viewer.scope(), serviceId, ym).stream()
                .map(r -> view(r.revision(), r.frozenAt(), r.frozenBy(), r.reason(), r.availability())).toList();
        Availability live = availability.live(serviceId, ym);
        RevisionView now = view(0, clock.instant(), null, null, live);
        boolean changed = !views.isEmpty() && views.get(views.size() - 1).contractualDowntimeMs()
                != live.contractualDowntimeMs();
        return new Revisions(serviceId, ym.toString(), views, now, changed);
    }

    /** Administrators only: freeze now, or record a correction as the next revision (the reason is kept). */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response correct(@PathParam("serviceId") String serviceId, @Valid @NotNull Correction body) {
        viewer.requireVisible(serviceId, "service '" + serviceId + "'");
        Scope s = viewer.scope();
        if (!User.ADMIN.equals(s.role())) {
            throw new ForbiddenException("only an administrator records a revision of a month's report");
        }
        Availability live = availability.live(serviceId, parse(body.month()));
        Command command = new Command("u-" + UUID.randomUUID(), CommandType.FREEZE_MONTH, serviceId, null,
                new Actor(s.userId(), s.role(), s.organisation(), s.name()), clock.instant(), body.reason(), null, null,
                null, null, null, live);
        List<String> problems = command.problems(clock.instant());
        if (!problems.isEmpty()) {
            throw new BadRequestException(String.join("; ", problems));
        }
        publisher.publish(command);
        AUDIT.infof("%s (admin) %s FREEZE_MONTH %s %s: %s", s.userId(), command.commandId(), serviceId, body.month(),
                body.reason());
        return Response.accepted(new CommandService.Accepted(command.commandId(), command.type().name(), "ACCEPTED",
                "/api/commands/" + command.commandId())).build();
    }

    private static RevisionView view(int revision, java.time.Instant at, String by, String reason, Availability a) {
        return new RevisionView(revision, at, by, reason, a.status(), a.contractualAvailabilityPercent(),
                a.contractualDowntimeMs(), a.excludedMs());
    }

    private static YearMonth parse(String month) {
        try {
            return YearMonth.parse(month);
        } catch (RuntimeException e) {
            throw new BadRequestException("month: YYYY-MM, e.g. 2026-10");
        }
    }
}
