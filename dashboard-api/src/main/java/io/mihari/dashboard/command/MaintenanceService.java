package io.mihari.dashboard.command;

import io.mihari.dashboard.auth.Viewer;
import io.mihari.dashboard.catalog.CatalogHolder;
import io.mihari.dashboard.store.Reader;
import io.mihari.model.command.Command;
import io.mihari.model.command.CommandPermissions;
import io.mihari.model.command.CommandType;
import io.mihari.model.maintenance.MaintenancePolicy;
import io.mihari.model.maintenance.MaintenanceWindow;
import io.mihari.model.maintenance.Recurrence;
import jakarta.enterprise.context.RequestScoped;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.ClientErrorException;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.core.Response;
import org.opensearch.client.opensearch._types.FieldValue;
import org.opensearch.client.opensearch._types.SortOrder;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Planned maintenance 計画停止 as the contract defines it, published as commands for alert-service to apply: the vendor
 * requests a window (the city's operator or an administrator registers one, approved at once), the city's operator or
 * an administrator approves or rejects a request before it starts, and a window is withdrawn. Each request is judged
 * here by the same {@link MaintenancePolicy} alert-service applies again to the signed command (400 naming the rule),
 * each actor by {@link CommandPermissions} (403), each decision by the window's state as stored (409); alert-service
 * has the last word.
 */
@RequestScoped
public class MaintenanceService {

    /** A window asked for; {@code urgent}: with less than the service's notice (the city must approve it all the same). */
    public record Window(@Pattern(regexp = "[A-Za-z0-9._:-]{1,100}") String id, @NotBlank @Size(max = 200) String title,
            List<String> targetIds, @NotNull Instant start, Instant end, Recurrence recurrence, Boolean urgent) {
    }

    /** An approval, with an optional note for the vendor. */
    public record Approval(@Size(max = MaintenanceWindow.MAX_NOTE_LENGTH) String note) {
    }

    /** A rejection says why. */
    public record Rejection(@NotBlank @Size(max = MaintenanceWindow.MAX_NOTE_LENGTH) String note) {
    }

    private final Viewer viewer;
    private final Reader reader;
    private final CommandService commands;
    private final CatalogHolder catalog;
    private final Clock clock;

    MaintenanceService(Viewer viewer, Reader reader, CommandService commands, CatalogHolder catalog, Clock clock) {
        this.viewer = viewer;
        this.reader = reader;
        this.commands = commands;
        this.catalog = catalog;
        this.clock = clock;
    }

    /** The vendor's request, or the city's (an administrator's) registration: CREATE_MAINTENANCE. */
    public Response request(String serviceId, Window body, String key) {
        viewer.requireVisible(serviceId, "service '" + serviceId + "'");
        String windowId = body.id() != null ? body.id() : "mw-" + UUID.randomUUID();
        MaintenanceWindow window = MaintenanceWindow.asked(windowId, serviceId, body.targetIds(), body.title(),
                body.start(), body.end(), body.recurrence(), Boolean.TRUE.equals(body.urgent()));
        Instant issuedAt = clock.instant();
        Command command = new Command(commands.commandId(key), CommandType.CREATE_MAINTENANCE, serviceId, null,
                commands.actor(), issuedAt, null, null, null, null, window, null);
        // the body's fields are the window's: every problem names them as the client wrote them (start, end …)
        List<String> problems = new ArrayList<>(command.problems(issuedAt).stream()
                .map(p -> p.startsWith("window.") ? p.substring("window.".length()) : p).toList());
        if (problems.isEmpty()) {
            problems.addAll(MaintenancePolicy.requestProblems(window, catalog.get().maintenanceLimits(serviceId),
                    issuedAt));
        }
        if (!problems.isEmpty()) {
            throw new BadRequestException(String.join("; ", problems));
        }
        return commands.publish(command);
    }

    public Response approve(String serviceId, String windowId, Approval body, String key) {
        return decide(serviceId, windowId, CommandType.APPROVE_MAINTENANCE, MaintenanceWindow.Status.APPROVED,
                body == null ? null : body.note(), key);
    }

    public Response reject(String serviceId, String windowId, Rejection body, String key) {
        return decide(serviceId, windowId, CommandType.REJECT_MAINTENANCE, MaintenanceWindow.Status.REJECTED,
                body.note(), key);
    }

    /** A window withdrawn from now on (a vendor withdraws only what a vendor requested): CANCEL_MAINTENANCE. */
    public Response withdraw(String serviceId, String windowId, String key) {
        viewer.requireVisible(serviceId, "service '" + serviceId + "'");
        MaintenanceWindow window = find(serviceId, windowId);
        MaintenancePolicy.withdrawalProblem(window, viewer.scope().role()).ifPresent(problem -> {
            throw new ForbiddenException(problem);
        });
        return commands.publish(new Command(commands.commandId(key), CommandType.CANCEL_MAINTENANCE, serviceId, null,
                commands.actor(), clock.instant(), null, null, null, null, null, windowId));
    }

    /** The service's windows, latest start first. */
    public List<MaintenanceWindow> windows(String serviceId) {
        viewer.requireVisible(serviceId, "service '" + serviceId + "'");
        return reader.search(r -> r.index("mihari-maintenance").size(1000)
                .query(q -> q.bool(b -> b.filter(viewer.scope().filter())
                        .filter(f -> f.term(t -> t.field("serviceId").value(FieldValue.of(serviceId))))))
                .sort(s -> s.field(f -> f.field("start").order(SortOrder.Desc))), MaintenanceWindow.class).items();
    }

    /**
     * The windows of every visible service in {@code status} (all when null), soonest start first, at most
     * {@code size} (1–500): the city's pending requests at a glance.
     */
    public List<MaintenanceWindow> all(MaintenanceWindow.Status status, int size) {
        int bounded = Math.max(1, Math.min(500, size));
        return reader.search(r -> r.index("mihari-maintenance").size(bounded)
                .query(q -> q.bool(b -> {
                    b.filter(viewer.scope().filter());
                    if (status != null) {
                        b.filter(f -> f.term(t -> t.field("status").value(FieldValue.of(status.name()))));
                        b.mustNot(m -> m.exists(e -> e.field("cancelledAt")));
                    }
                    return b;
                }))
                .sort(s -> s.field(f -> f.field("start").order(SortOrder.Asc))), MaintenanceWindow.class).items();
    }

    private Response decide(String serviceId, String windowId, CommandType type, MaintenanceWindow.Status decision,
            String note, String key) {
        viewer.requireVisible(serviceId, "service '" + serviceId + "'");
        Instant issuedAt = clock.instant();
        Command command = new Command(commands.commandId(key), type, serviceId, null, commands.actor(), issuedAt, note,
                null, null, null, null, windowId);
        // who may decide comes first: a vendor is refused whatever the window's state
        catalog.get().service(serviceId).flatMap(s -> CommandPermissions.refusal(command, s)).ifPresent(refusal -> {
            throw new ForbiddenException(refusal);
        });
        Optional<String> problem = MaintenancePolicy.decisionProblem(find(serviceId, windowId), decision, issuedAt);
        if (problem.isPresent()) {
            throw new ClientErrorException(problem.get(), Response.Status.CONFLICT);
        }
        return commands.publish(command);
    }

    private MaintenanceWindow find(String serviceId, String windowId) {
        return reader.get("mihari-maintenance", windowId, MaintenanceWindow.class)
                .filter(w -> serviceId.equals(w.serviceId()) && viewer.scope().canSee(w.serviceId()))
                .orElseThrow(() -> new NotFoundException("no maintenance window '" + windowId + "' of service '"
                        + serviceId + "'"));
    }
}
