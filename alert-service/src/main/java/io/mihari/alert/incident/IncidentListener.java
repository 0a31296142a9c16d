package io.mihari.alert.incident;

/** Told when an incident opens, so that the first report 初報 goes out. */
public interface IncidentListener {
    void opened(Incident incident);
}
