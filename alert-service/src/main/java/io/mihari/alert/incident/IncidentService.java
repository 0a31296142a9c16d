package io.mihari.alert.incident;

import io.mihari.alert.detect.StatusTransition;
import io.mihari.alert.detect.TargetStatus;
import io.mihari.model.catalog.Catalog;
import io.mihari.model.catalog.Service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Turns target transitions into incidents: failures of one service that start within the grouping
 * wait become one incident, opened when the wait has passed; later failures join its timeline.
 * Single writer of incident state; thread-safe.
 */
public class IncidentService {

    private static final ZoneId JST = ZoneId.of("Asia/Tokyo");

    private final Clock clock;
    private final Supplier<Catalog> catalog;
    private final IncidentRepository repository;
    private final IncidentListener listener;
    private final Duration groupingWait;
    private final Duration firstReportDue;

    /** Failures waiting for the grouping wait to pass, per service. */
    private final Map<String, Pending> pending = new HashMap<>();
    /** The open (not yet mitigated) incident of each service. */
    private final Map<String, Incident> open = new HashMap<>();
    /** Targets currently down, per service. */
    private final Map<String, Set<String>> down = new HashMap<>();

    /** @param id the incident id once allocated, so a retry after a storage failure reuses it */
    private record Pending(Instant firstDetectedAt, List<TimelineEntry> downs, String id) {
        Pending withId(String newId) {
            return new Pending(firstDetectedAt, downs, newId);
        }
    }

    public IncidentService(Clock clock, Supplier<Catalog> catalog, IncidentRepository repository,
            IncidentListener listener, Duration groupingWait, Duration firstReportDue) {
        this.clock = clock;
        this.catalog = catalog;
        this.repository = repository;
        this.listener = listener;
        this.groupingWait = groupingWait;
        this.firstReportDue = firstReportDue;
    }

    public synchronized void onTransition(StatusTransition t) {
        if (t.serviceId() == null) {
            return; // unregistered hosts are stored and shown, but have no service to raise incidents for
        }
        Set<String> downTargets = down.computeIfAbsent(t.serviceId(), k -> new HashSet<>());
        if (t.to() == TargetStatus.DOWN) {
            downTargets.add(t.targetId());
            TimelineEntry entry = new TimelineEntry(t.at(), "TARGET_DOWN", t.targetId(),
                    t.targetId() + " stopped sending heartbeats");
            Incident incident = open.get(t.serviceId());
            if (incident != null) {
                save(incident.withTargetDown(t.targetId(), t.at(), clock.instant()));
            } else {
                pending.compute(t.serviceId(), (k, p) -> {
                    if (p == null) {
                        return new Pending(t.detectedAt(), List.of(entry), null);
                    }
                    List<TimelineEntry> downs = new ArrayList<>(p.downs());
                    downs.add(entry);
                    return new Pending(p.firstDetectedAt(), downs, p.id());
                });
            }
        } else if (t.to() == TargetStatus.UP) {
            downTargets.remove(t.targetId());
            Pending p = pending.get(t.serviceId());
            if (p != null && downTargets.isEmpty()) {
                pending.remove(t.serviceId()); // recovered within the grouping wait: no incident
            }
            Incident incident = open.get(t.serviceId());
            if (incident != null && incident.affectedTargets().contains(t.targetId())) {
                boolean allBack = incident.affectedTargets().stream().noneMatch(downTargets::contains);
                save(incident.withTargetUp(t.targetId(), t.at(), allBack));
            }
        }
    }

    /**
     * After a restart: the incidents that were open and the targets that were down, as stored, so a
     * recovery mitigates the incident that is already open instead of leaving it open forever.
     */
    public synchronized void restore(List<Incident> openIncidents, Map<String, Set<String>> downByService) {
        for (Incident incident : openIncidents) {
            if (incident.status() == IncidentStatus.OPEN) {
                open.putIfAbsent(incident.serviceId(), incident);
            }
        }
        downByService.forEach((service, targets) -> down.computeIfAbsent(service, k -> new HashSet<>()).addAll(targets));
    }

    /** Opens every incident whose grouping wait has passed. */
    public synchronized void tick() {
        Instant now = clock.instant();
        for (Map.Entry<String, Pending> e : List.copyOf(pending.entrySet())) {
            Pending p = e.getValue();
            if (now.isBefore(p.firstDetectedAt().plus(groupingWait))) {
                continue;
            }
            Optional<Service> service = catalog.get().service(e.getKey());
            if (service.isEmpty()) {
                pending.remove(e.getKey());
                continue;
            }
            Service s = service.get();
            if (p.id() == null) {
                LocalDate day = LocalDate.ofInstant(p.firstDetectedAt(), JST);
                p = p.withId(IncidentIds.format(day, repository.nextNumber(day)));
                pending.put(e.getKey(), p);
            }
            Incident incident = Incident.openLiveness(p.id(), s.tenant(), s.system(), s.id(), s.vendor(), p.downs(),
                    p.firstDetectedAt(), now, firstReportDue);
            // Stored and its first report queued before the pending group is let go: if either fails, the
            // next tick tries again with the same id (both writes are idempotent).
            repository.save(incident);
            listener.opened(incident);
            pending.remove(e.getKey());
            open.put(s.id(), incident);
        }
    }

    /** The first report of an incident was accepted by the SMTP server at {@code at}. */
    public synchronized void firstReportSent(String incidentId, Instant at) {
        Optional<Incident> current = open.values().stream().filter(i -> i.id().equals(incidentId)).findFirst()
                .or(() -> repository.find(incidentId));
        current.ifPresent(incident -> {
            Incident updated = incident.firstReportSent(at);
            if (updated != incident) {
                save(updated);
            }
        });
    }

    public synchronized Optional<Incident> openIncident(String serviceId) {
        return Optional.ofNullable(open.get(serviceId));
    }

    /** Stores first; the in-memory view changes only once the store has it. */
    private void save(Incident incident) {
        repository.save(incident);
        Incident current = open.get(incident.serviceId());
        if (current != null && current.id().equals(incident.id())) {
            if (incident.status() == IncidentStatus.OPEN) {
                open.put(incident.serviceId(), incident);
            } else {
                open.remove(incident.serviceId());
            }
        }
    }
}
