package io.mihari.alert.incident;

import java.time.LocalDate;
import java.util.Optional;

/** Where incidents are kept (OpenSearch in production). */
public interface IncidentRepository {

    /** Stores the incident and publishes the change. */
    void save(Incident incident);

    /** The stored incident with this id. */
    Optional<Incident> find(String id);

    /** The next number of the day, 1-based, unique across instances. */
    long nextNumber(LocalDate day);
}
