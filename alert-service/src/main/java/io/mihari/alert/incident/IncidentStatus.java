package io.mihari.alert.incident;

/** OPEN → MITIGATED (暫定復旧) → RESOLVED → CLOSED. */
public enum IncidentStatus {
    OPEN, MITIGATED, RESOLVED, CLOSED
}
