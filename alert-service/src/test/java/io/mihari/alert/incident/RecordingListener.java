package io.mihari.alert.incident;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Records every call of incident management's listener (what would have been mailed). */
final class RecordingListener implements IncidentListener {

    /** One call: which, with which incident, and its argument (report, due, number) if any. */
    record Call(String what, Incident incident, Object arg) {
    }

    final List<Call> calls = new ArrayList<>();

    List<Call> calls(String what) {
        return calls.stream().filter(c -> c.what().equals(what)).toList();
    }

    @Override
    public void opened(Incident incident) {
        calls.add(new Call("opened", incident, null));
    }

    @Override
    public void mitigated(Incident incident) {
        calls.add(new Call("mitigated", incident, null));
    }

    @Override
    public void statusReport(Incident incident, SlaRecord.StatusReport report) {
        calls.add(new Call("statusReport", incident, report));
    }

    @Override
    public void statusReminder(Incident incident, Instant due) {
        calls.add(new Call("statusReminder", incident, due));
    }

    @Override
    public void reportRequested(Incident incident) {
        calls.add(new Call("reportRequested", incident, null));
    }

    @Override
    public void reportReminder(Incident incident, int number) {
        calls.add(new Call("reportReminder", incident, number));
    }

    @Override
    public void reportSubmitted(Incident incident) {
        calls.add(new Call("reportSubmitted", incident, null));
    }

    @Override
    public void escalated(Incident incident, SlaRecord.EscalationStep step) {
        calls.add(new Call("escalated", incident, step));
    }

    @Override
    public void responsibilityMoved(Incident incident) {
        calls.add(new Call("responsibilityMoved", incident, incident.responsibleParty()));
    }
}
