package io.mihari.alert.detect;

import io.mihari.alert.catalog.CatalogHolder;
import io.mihari.alert.config.AlertConfig;
import io.mihari.alert.incident.IncidentService;
import io.mihari.model.catalog.Catalog;
import io.mihari.model.catalog.Service;
import io.mihari.model.catalog.Target;
import io.mihari.model.event.Event;
import io.mihari.model.event.Heartbeat;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Feeds stored events to the detectors and evaluates silence on a schedule; every transition is
 * recorded and handed to incident management. Failures here are logged, never thrown into ingest.
 */
@ApplicationScoped
public class Detection {

    private static final Logger LOG = Logger.getLogger(Detection.class);

    private final LivenessMonitor liveness;
    private final StatusRecorder recorder;
    private final IncidentService incidents;
    private final CatalogHolder catalog;
    private final Clock clock;
    /** Transitions not yet stored in OpenSearch, oldest first. */
    private final java.util.ArrayDeque<StatusTransition> unrecorded = new java.util.ArrayDeque<>();

    Detection(AlertConfig config, StatusRecorder recorder, IncidentService incidents, CatalogHolder catalog,
            Clock clock) {
        this.liveness = new LivenessMonitor(config.liveness().missedHeartbeats());
        this.recorder = recorder;
        this.incidents = incidents;
        this.catalog = catalog;
        this.clock = clock;
    }

    public void onEvents(List<Event> events, Instant receivedAt) {
        for (Event event : events) {
            if (event.payload() instanceof Heartbeat heartbeat) {
                handle(() -> liveness.heartbeat(ref(event), interval(event, heartbeat), receivedAt));
            }
        }
    }

    /**
     * Rebuilds liveness and incident state from what is stored, before any event is consumed: targets
     * stored UP or DOWN are watched again (heard "now", so nobody is declared DOWN for the time this
     * service itself was not running), and open incidents are picked up.
     */
    public synchronized void restore(List<StoredTarget> targets, List<io.mihari.alert.incident.Incident> openIncidents) {
        Catalog c = catalog.get();
        Instant now = clock.instant();
        java.util.Map<String, java.util.Set<String>> down = new java.util.HashMap<>();
        for (StoredTarget t : targets) {
            Optional<Target> target = c.target(t.targetId());
            Optional<Service> service = c.serviceOfTarget(t.targetId());
            if (target.isEmpty() || service.isEmpty() || t.status() == null) {
                continue;
            }
            TargetStatus status = TargetStatus.valueOf(t.status());
            Service s = service.get();
            liveness.restore(new LivenessMonitor.TargetRef(t.targetId(), s.id(), s.tenant(), s.system(),
                    target.get().host()), target.get().heartbeatInterval(), status, now);
            if (status == TargetStatus.DOWN) {
                down.computeIfAbsent(s.id(), k -> new java.util.HashSet<>()).add(t.targetId());
            }
        }
        incidents.restore(openIncidents, down);
        LOG.infof("state restored: %d targets, %d open incidents", targets.size(), openIncidents.size());
    }

    /** A target's stored current status (from {@code mihari-targets}). */
    public record StoredTarget(String targetId, String status) {
    }

    @Scheduled(every = "${mihari.liveness.evaluate-every:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void evaluate() {
        handle(() -> liveness.evaluate(clock.instant()));
        synchronized (this) {
            recordPending();
        }
        try {
            incidents.tick();
        } catch (RuntimeException e) {
            LOG.error("opening incidents failed; will retry on the next tick", e);
        }
    }

    public TargetStatus status(String targetId) {
        return liveness.status(targetId);
    }

    /**
     * Detects and applies transitions under one lock, so the ingest thread (UP) and the scheduler (DOWN)
     * can never hand them to incident management out of order. Incident management (in memory) goes
     * first; a transition that cannot be stored is kept and stored again on the next tick.
     */
    private synchronized void handle(java.util.function.Supplier<List<StatusTransition>> detector) {
        List<StatusTransition> transitions;
        try {
            transitions = detector.get();
        } catch (RuntimeException e) {
            LOG.error("detection failed", e);
            return;
        }
        for (StatusTransition t : transitions) {
            LOG.infof("%s: %s -> %s at %s (%s)", t.targetId(), t.from(), t.to(), t.at(), t.cause());
            try {
                incidents.onTransition(t);
            } catch (RuntimeException e) {
                LOG.errorf(e, "incident handling of %s failed", t.transitionId());
            }
            unrecorded.add(t);
        }
        recordPending();
    }

    /** Stores transitions in order; stops at the first failure and tries again on the next tick. */
    private void recordPending() {
        while (!unrecorded.isEmpty()) {
            try {
                recorder.record(unrecorded.peek());
                unrecorded.poll();
            } catch (RuntimeException e) {
                LOG.warnf("cannot store transition %s yet (%s); %d waiting", unrecorded.peek().transitionId(),
                        e.getMessage(), unrecorded.size());
                return;
            }
        }
    }

    private LivenessMonitor.TargetRef ref(Event event) {
        Catalog c = catalog.get();
        // Only catalogued servers raise incidents: a vendor's unregistered test machine going quiet must not
        // mail the city. Unregistered hosts are still stored and shown.
        String serviceId = c.serviceOfTarget(event.targetId()).map(Service::id).orElse(null);
        return new LivenessMonitor.TargetRef(event.targetId(), serviceId, event.tenant(), event.system(), event.host());
    }

    /** The catalog's interval wins; a host missing from the catalog is watched at the interval it announces. */
    private Duration interval(Event event, Heartbeat heartbeat) {
        Optional<Target> target = catalog.get().target(event.targetId());
        return target.map(Target::heartbeatInterval).orElse(Duration.ofSeconds(heartbeat.intervalSeconds()));
    }
}
