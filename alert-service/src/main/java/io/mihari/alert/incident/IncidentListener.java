package io.mihari.alert.incident;

import java.time.Instant;

/**
 * Told what incident management decided, so the mails go out. Every call must be idempotent (a mail id fixed by the
 * incident and the report), because a failed save repeats it.
 */
public interface IncidentListener {
    /** The incident opened (or its planned maintenance ended): the first report 初報 goes out. */
    void opened(Incident incident);

    /** Provisionally recovered: the recovery report 復旧報告 goes out. */
    default void mitigated(Incident incident) {
    }

    /** A status report 状況報告 was made (by a person, or automatically at the deadline): it goes out. */
    default void statusReport(Incident incident, SlaRecord.StatusReport report) {
    }

    /** The status report due at {@code due} is near: the vendor is reminded. */
    default void statusReminder(Incident incident, Instant due) {
    }

    /** The outage lasted long enough: the vendor is asked for the written report 障害報告書. */
    default void reportRequested(Incident incident) {
    }

    /** The written report is still missing: the vendor is reminded ({@code number} counts from 1). */
    default void reportReminder(Incident incident, int number) {
    }

    /**
     * The incident is now another party's ({@link Incident#responsibleParty()}): that party is told, with its 初報
     * deadline.
     */
    default void responsibilityMoved(Incident incident) {
    }

    /**
     * Nobody acknowledged the CRITICAL incident by the step's due instant: the step's contacts are mailed (docs/sla.md,
     * "Escalation"). Idempotent per incident and step number, like every call here.
     */
    default void escalated(Incident incident, SlaRecord.EscalationStep step) {
    }

    /** The written report was submitted: it goes out with Mihari's timeline. */
    default void reportSubmitted(Incident incident) {
    }
}
