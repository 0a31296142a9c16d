package io.mihari.alert.incident;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The incident store of the incident tests: optimistic concurrency on the revision like OpenSearch's external
 * versions, and failures on demand.
 */
final class InMemoryIncidents implements IncidentRepository {

    final Map<String, Incident> stored = new LinkedHashMap<>();
    /** Every successful write, in order. */
    final List<Incident> saves = new ArrayList<>();
    final Map<LocalDate, Long> numbers = new HashMap<>();
    /** The next writes that fail (OpenSearch unavailable). */
    int failingSaves;
    /** Writes that land but report a failure; the stored copy then moves on (another writer's change). */
    int landingButFailingSaves;

    @Override
    public void save(Incident incident) {
        if (failingSaves > 0) {
            failingSaves--;
            throw new IllegalStateException("OpenSearch unavailable");
        }
        if (landingButFailingSaves > 0) {
            landingButFailingSaves--;
            stored.put(incident.id(), incident.firstReportSent(incident.openedAt().plusSeconds(5)));
            throw new IllegalStateException("response timed out");
        }
        Incident current = stored.get(incident.id());
        if (current != null && current.revision() >= incident.revision() && !current.equals(incident)) {
            throw new IncidentConflictException(incident.id(), incident.revision());
        }
        stored.put(incident.id(), incident);
        saves.add(incident);
    }

    @Override
    public Optional<Incident> find(String id) {
        return Optional.ofNullable(stored.get(id));
    }

    @Override
    public long nextNumber(LocalDate day) {
        return numbers.merge(day, 1L, Long::sum);
    }
}
