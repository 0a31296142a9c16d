package io.mihari.model.command;

/** What a person did, as a command on {@code mihari.commands.v1}. */
public enum CommandType {
    /** A status report 状況報告 written by the vendor or an operator: mailed, and restarts the hourly clock. */
    POST_UPDATE,
    /** The service is provisionally recovered 暫定復旧, as a person judges it. */
    MARK_MITIGATED,
    /** The permanent fix is confirmed. */
    MARK_RESOLVED,
    /** Whose responsibility the trouble was (vendor, cloud, city, external, planned). */
    SET_ATTRIBUTION,
    /** Someone is on it. */
    ACKNOWLEDGE,
    /** The written post-incident report 障害報告書. */
    SUBMIT_REPORT,
    /**
     * A planned maintenance window is requested (by the vendor: it plans nothing until the city approves it) or
     * registered (by the city's operator or an administrator: approved at once).
     */
    CREATE_MAINTENANCE,
    /** A requested or approved maintenance window is withdrawn (nothing from then on). */
    CANCEL_MAINTENANCE,
    /** The city (or an administrator) approves a requested window before it starts. */
    APPROVE_MAINTENANCE,
    /** The city (or an administrator) refuses a requested window. */
    REJECT_MAINTENANCE,
    /**
     * A finished month's availability is frozen as the report of record (revision 1, automatically after the
     * month), or a correction of it is recorded as the next revision with its reason.
     */
    FREEZE_MONTH;

    /** Whether the command acts on one incident (and so needs its id). */
    public boolean onIncident() {
        return !onMaintenance() && this != FREEZE_MONTH;
    }

    /** Whether the command acts on a maintenance window. */
    public boolean onMaintenance() {
        return this == CREATE_MAINTENANCE || this == CANCEL_MAINTENANCE || this == APPROVE_MAINTENANCE
                || this == REJECT_MAINTENANCE;
    }
}
