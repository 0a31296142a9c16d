package io.mihari.alert.maintenance;

import io.mihari.alert.catalog.CatalogHolder;
import io.mihari.alert.incident.CommandOutcome;
import io.mihari.alert.incident.PlannedMaintenance;
import io.mihari.alert.mail.MaintenanceMailer;
import io.mihari.alert.store.Indices;
import io.mihari.model.command.Actor;
import io.mihari.model.command.Command;
import io.mihari.model.maintenance.MaintenancePolicy;
import io.mihari.model.maintenance.MaintenanceWindow;
import io.mihari.model.maintenance.MaintenanceWindow.Status;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch._types.FieldValue;
import org.opensearch.client.opensearch._types.OpenSearchException;
import org.opensearch.client.opensearch._types.Refresh;
import org.opensearch.client.opensearch.core.search.Hit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Planned maintenance windows 計画停止, stored in {@code mihari-maintenance} (dashboard-api reads them for availability
 * and the monthly report) and, once approved, held in memory per service. Windows change only by commands, which the
 * owner of the service's signal partition applies — the same instance that opens the service's incidents — so an
 * approval is in force for its incidents the moment it is applied; the approved windows are read again after a restart
 * or a rebalance.
 * <p>
 * As the contract defines planned maintenance (agreed in advance; {@link MaintenancePolicy}, judged against the
 * command's signed {@code issuedAt}):
 * <ul>
 * <li>CREATE_MAINTENANCE by the vendor stores a request ({@link Status#REQUESTED}): it plans nothing, and the city's
 * contacts are asked to decide; by the city's operator or an administrator it is registered approved at once and the
 * vendor is told. Either way it must keep the catalog's limits (notice unless urgent, never in the past, length,
 * recurrence), else it is rejected with the rule that refused it;</li>
 * <li>APPROVE_/REJECT_MAINTENANCE decide a request that still stands, an approval only before the window starts; the
 * vendor is told;</li>
 * <li>CANCEL_MAINTENANCE withdraws a window from then on (what already happened stays); a vendor withdraws only what a
 * vendor requested.</li>
 * </ul>
 * A rejected, withdrawn or never approved request changes nothing: only approved windows mute incidents
 * ({@link #covers}) and leave the availability's denominator.
 */
@ApplicationScoped
public class MaintenanceCalendar implements PlannedMaintenance {

    private static final Logger LOG = Logger.getLogger(MaintenanceCalendar.class);
    private static final int MAX_WINDOWS = 10_000;

    private final OpenSearchClient client;
    private final Clock clock;
    private final CatalogHolder catalog;
    private final MaintenanceMailer mailer;
    /** The approved windows (withdrawn ones too: their intervals end at the withdrawal) by service and id. */
    private final Map<String, Map<String, MaintenanceWindow>> byService = new HashMap<>();

    MaintenanceCalendar(OpenSearchClient client, Clock clock, CatalogHolder catalog, MaintenanceMailer mailer) {
        this.client = client;
        this.clock = clock;
        this.catalog = catalog;
        this.mailer = mailer;
    }

    @Override
    public synchronized boolean covers(String serviceId, Collection<String> targetIds, Instant at) {
        Collection<MaintenanceWindow> windows = byService.getOrDefault(serviceId, Map.of()).values();
        if (windows.isEmpty()) {
            return false;
        }
        if (windows.stream().anyMatch(w -> w.coversService(at))) {
            return true;
        }
        return !targetIds.isEmpty()
                && targetIds.stream().allMatch(t -> windows.stream().anyMatch(w -> w.covers(at, t)));
    }

    /** Reads every approved window (after a restart or a rebalance). */
    public void load() {
        List<MaintenanceWindow> approved;
        try {
            approved = client.search(s -> s.index(Indices.MAINTENANCE).size(MAX_WINDOWS).ignoreUnavailable(true)
                    .query(q -> q.term(t -> t.field("status").value(FieldValue.of(Status.APPROVED.name())))),
                    MaintenanceWindow.class).hits().hits().stream().map(Hit::source).filter(Objects::nonNull).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + Indices.MAINTENANCE, e);
        }
        synchronized (this) {
            byService.clear();
            approved.forEach(this::hold);
        }
        LOG.infof("%d approved maintenance windows", approved.size());
    }

    /**
     * Applies a maintenance command: stored first, then in force, then mailed (the mail ids are fixed, so applying a
     * command again after a failure queues nothing twice).
     */
    public CommandOutcome apply(Command command) {
        return switch (command.type()) {
            case CREATE_MAINTENANCE -> create(command);
            case CANCEL_MAINTENANCE -> cancel(command);
            case APPROVE_MAINTENANCE -> decide(command, Status.APPROVED);
            case REJECT_MAINTENANCE -> decide(command, Status.REJECTED);
            default -> throw new IllegalArgumentException("not a maintenance command: " + command.type());
        };
    }

    private CommandOutcome create(Command command) {
        MaintenanceWindow w = command.window();
        List<String> problems = MaintenancePolicy.requestProblems(w,
                catalog.get().maintenanceLimits(command.serviceId()), command.issuedAt());
        if (!problems.isEmpty()) {
            return CommandOutcome.rejected(String.join("; ", problems.stream().map(p -> "window." + p).toList()));
        }
        Actor actor = command.actor();
        MaintenanceWindow asked = MaintenanceWindow.asked(w.id(), w.serviceId(), w.targetIds(), w.title(), w.start(),
                w.end(), w.recurrence(), w.urgent());
        MaintenanceWindow window = Actor.VENDOR.equals(actor.role())
                ? asked.requested(actor.display(), command.issuedAt(), w.urgent())
                : asked.registered(actor.display(), actor.role(), command.issuedAt(), w.urgent());
        Optional<MaintenanceWindow> existing = find(window.id());
        if (existing.isPresent()) {
            if (!existing.get().equals(window)) {
                return CommandOutcome.rejected("window.id: " + window.id() + " is already taken");
            }
            tell(window); // stored before, but perhaps not mailed
            return CommandOutcome.duplicate();
        }
        store(window);
        if (window.approved()) {
            synchronized (this) {
                hold(window);
            }
        }
        LOG.infof("maintenance window %s of %s %s by %s%s", window.id(), window.serviceId(),
                window.approved() ? "registered (approved)" : "requested", actor.userId(), window.urgent() ? ", urgent" : "");
        tell(window);
        return CommandOutcome.applied(-1);
    }

    private CommandOutcome decide(Command command, Status decision) {
        Optional<MaintenanceWindow> existing = ofService(command);
        if (existing.isEmpty()) {
            return notFound(command);
        }
        MaintenanceWindow window = existing.get();
        String by = command.actor().display();
        if (window.status() == decision && by.equals(window.decidedBy())
                && command.issuedAt().equals(window.decidedAt())) {
            tell(window); // decided by this very command before, but perhaps not mailed
            return CommandOutcome.duplicate();
        }
        Optional<String> problem = MaintenancePolicy.decisionProblem(window, decision, command.issuedAt());
        if (problem.isPresent()) {
            return CommandOutcome.rejected(problem.get());
        }
        MaintenanceWindow decided = window.decided(decision, by, command.issuedAt(), command.message());
        store(decided);
        if (decided.approved()) {
            synchronized (this) {
                hold(decided);
            }
        }
        LOG.infof("maintenance window %s of %s %s by %s", decided.id(), decided.serviceId(), decision,
                command.actor().userId());
        tell(decided);
        return CommandOutcome.applied(-1);
    }

    private CommandOutcome cancel(Command command) {
        Optional<MaintenanceWindow> existing = ofService(command);
        if (existing.isEmpty()) {
            return notFound(command);
        }
        Optional<String> problem = MaintenancePolicy.withdrawalProblem(existing.get(), command.actor().role());
        if (problem.isPresent()) {
            return CommandOutcome.rejected(problem.get());
        }
        if (existing.get().cancelled()) {
            return CommandOutcome.duplicate();
        }
        MaintenanceWindow cancelled = existing.get().cancel(clock.instant(), command.actor().display());
        store(cancelled);
        if (cancelled.approved()) {
            synchronized (this) {
                hold(cancelled); // planned until now, nothing from now on
            }
        }
        LOG.infof("maintenance window %s of %s withdrawn by %s", cancelled.id(), cancelled.serviceId(),
                command.actor().userId());
        return CommandOutcome.applied(-1);
    }

    /** Mails what became of the window: a request to the city, a decision or a registration to the vendor. */
    private void tell(MaintenanceWindow window) {
        if (window.status() == Status.REQUESTED) {
            mailer.requested(window);
        } else {
            mailer.decided(window);
        }
    }

    private Optional<MaintenanceWindow> ofService(Command command) {
        return find(command.windowId()).filter(w -> w.serviceId().equals(command.serviceId()));
    }

    private static CommandOutcome notFound(Command command) {
        return CommandOutcome.rejected("windowId: no maintenance window " + command.windowId() + " of service "
                + command.serviceId());
    }

    private void hold(MaintenanceWindow window) {
        byService.computeIfAbsent(window.serviceId(), k -> new HashMap<>()).put(window.id(), window);
    }

    /** The approved windows of a service (withdrawn ones too), for diagnostics and tests. */
    public synchronized List<MaintenanceWindow> windows(String serviceId) {
        return new ArrayList<>(byService.getOrDefault(serviceId, Map.of()).values());
    }

    private Optional<MaintenanceWindow> find(String id) {
        try {
            var response = client.get(g -> g.index(Indices.MAINTENANCE).id(id), MaintenanceWindow.class);
            return response.found() ? Optional.ofNullable(response.source()) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read maintenance window " + id, e);
        } catch (OpenSearchException e) {
            if (e.status() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private void store(MaintenanceWindow window) {
        try {
            client.index(i -> i.index(Indices.MAINTENANCE).id(window.id()).document(window).refresh(Refresh.True));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store maintenance window " + window.id(), e);
        }
    }
}
