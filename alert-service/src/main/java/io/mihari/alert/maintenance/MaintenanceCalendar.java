package io.mihari.alert.maintenance;

import io.mihari.alert.incident.CommandOutcome;
import io.mihari.alert.incident.PlannedMaintenance;
import io.mihari.alert.store.Indices;
import io.mihari.model.command.Command;
import io.mihari.model.maintenance.MaintenanceWindow;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import org.opensearch.client.opensearch.OpenSearchClient;
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
import java.util.Optional;

/**
 * Announced maintenance windows 計画メンテナンス, stored in {@code mihari-maintenance} (dashboard-api reads them for
 * availability) and held in memory per service. Windows are created and cancelled by commands, which the owner of
 * the service's signal partition applies, the same instance that opens the service's incidents, so a window is in
 * force for its incidents the moment its command is applied; the whole calendar is read again after a restart or a
 * rebalance.
 */
@ApplicationScoped
public class MaintenanceCalendar implements PlannedMaintenance {

    private static final Logger LOG = Logger.getLogger(MaintenanceCalendar.class);
    private static final int MAX_WINDOWS = 10_000;

    private final OpenSearchClient client;
    private final Clock clock;
    private final Map<String, Map<String, MaintenanceWindow>> byService = new HashMap<>();

    MaintenanceCalendar(OpenSearchClient client, Clock clock) {
        this.client = client;
        this.clock = clock;
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

    /** Reads every window that is not cancelled (after a restart or a rebalance). */
    public void load() {
        List<MaintenanceWindow> all;
        try {
            all = client.search(s -> s.index(Indices.MAINTENANCE).size(MAX_WINDOWS).ignoreUnavailable(true),
                    MaintenanceWindow.class).hits().hits().stream().map(Hit::source).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + Indices.MAINTENANCE, e);
        }
        synchronized (this) {
            byService.clear();
            all.stream().filter(w -> !w.cancelled()).forEach(this::hold);
        }
        LOG.infof("%d maintenance windows in force or announced", all.stream().filter(w -> !w.cancelled()).count());
    }

    /**
     * Applies a CREATE_MAINTENANCE or CANCEL_MAINTENANCE command: stored first, then in force. Creating a window
     * that exists with the same content again is a duplicate; an id that is taken by another window is rejected.
     */
    public CommandOutcome apply(Command command) {
        return switch (command.type()) {
            case CREATE_MAINTENANCE -> create(command);
            case CANCEL_MAINTENANCE -> cancel(command);
            default -> throw new IllegalArgumentException("not a maintenance command: " + command.type());
        };
    }

    private CommandOutcome create(Command command) {
        MaintenanceWindow w = command.window();
        MaintenanceWindow window = new MaintenanceWindow(w.id(), w.serviceId(), w.targetIds(), w.title(), w.start(),
                w.end(), w.recurrence(), command.actor().display(), command.issuedAt(), null, null);
        Optional<MaintenanceWindow> existing = find(window.id());
        if (existing.isPresent()) {
            return existing.get().equals(window) ? CommandOutcome.duplicate()
                    : CommandOutcome.rejected("window.id: " + window.id() + " is already taken");
        }
        store(window);
        synchronized (this) {
            hold(window);
        }
        LOG.infof("maintenance window %s of %s announced by %s", window.id(), window.serviceId(),
                command.actor().userId());
        return CommandOutcome.applied(-1);
    }

    private CommandOutcome cancel(Command command) {
        Optional<MaintenanceWindow> existing = find(command.windowId());
        if (existing.isEmpty() || !existing.get().serviceId().equals(command.serviceId())) {
            return CommandOutcome.rejected("windowId: no maintenance window " + command.windowId() + " of service "
                    + command.serviceId());
        }
        if (existing.get().cancelled()) {
            return CommandOutcome.duplicate();
        }
        Instant now = clock.instant();
        MaintenanceWindow cancelled = existing.get().cancel(now, command.actor().display());
        store(cancelled);
        synchronized (this) {
            Map<String, MaintenanceWindow> windows = byService.get(cancelled.serviceId());
            if (windows != null) {
                windows.remove(cancelled.id());
            }
        }
        return CommandOutcome.applied(-1);
    }

    private void hold(MaintenanceWindow window) {
        byService.computeIfAbsent(window.serviceId(), k -> new HashMap<>()).put(window.id(), window);
    }

    /** The windows of a service in force or announced, for diagnostics and tests. */
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
