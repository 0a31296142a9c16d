package io.mihari.alert.incident;

/** A newer revision of the incident is stored: this writer's copy is stale and must be read again. */
public class IncidentConflictException extends RuntimeException {
    public IncidentConflictException(String id, long revision) {
        super("incident " + id + " has a newer revision than " + revision + " in the store");
    }
}
