package io.mihari.alert.incident;

/** Told when an incident opens (the first report 初報 goes out) and when it is provisionally recovered. */
public interface IncidentListener {
    void opened(Incident incident);

    /** Every problem of the incident ended: the recovery report 復旧報告 goes out. Must be idempotent. */
    default void mitigated(Incident incident) {
    }
}
