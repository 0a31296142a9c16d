package io.mihari.model.command;

import io.mihari.model.maintenance.MaintenanceWindow;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What a person did, published by dashboard-api on {@code mihari.commands.v1} (key = service id) and applied by
 * alert-service, the single writer of incidents, exactly once per {@link #commandId}.
 *
 * @param commandId unique, made by dashboard-api from the user and the request's Idempotency-Key ({@code u-…}) or by
 *        Mihari itself ({@code sys-…}): no client can choose another user's or the system's id; a command published
 *        twice is applied once
 * @param serviceId the service concerned; commands of one service are applied in order
 * @param incidentId the incident, for commands {@link CommandType#onIncident() on an incident}
 * @param issuedAt when the person did it
 * @param message POST_UPDATE: the status report text (required); ACKNOWLEDGE, MARK_*, SET_ATTRIBUTION: a note
 * @param at MARK_MITIGATED: when the service was back (default: issuedAt)
 * @param attribution SET_ATTRIBUTION: whose responsibility
 * @param report SUBMIT_REPORT: the written report
 * @param window CREATE_MAINTENANCE: the window
 * @param windowId CANCEL_/APPROVE_/REJECT_MAINTENANCE: the window withdrawn, approved or refused
 * @param monthReport FREEZE_MONTH: the finished month as computed; {@code message} gives a revision's reason
 * @param reportedAt POST_UPDATE, SUBMIT_REPORT by a city's operator or an administrator: the report is recorded on the
 *        responsible party's behalf, made when the party reported (by phone, by mail); never after {@code issuedAt},
 *        never before the incident started (alert-service checks that), never from a vendor (docs/parties.md)
 */
public record Command(
        String commandId,
        CommandType type,
        String serviceId,
        String incidentId,
        Actor actor,
        Instant issuedAt,
        String message,
        Instant at,
        Attribution attribution,
        PostIncidentReport report,
        MaintenanceWindow window,
        String windowId,
        io.mihari.model.availability.Availability monthReport,
        Instant reportedAt) {

    public Command(String commandId, CommandType type, String serviceId, String incidentId, Actor actor,
            Instant issuedAt, String message, Instant at, Attribution attribution, PostIncidentReport report,
            MaintenanceWindow window, String windowId) {
        this(commandId, type, serviceId, incidentId, actor, issuedAt, message, at, attribution, report, window,
                windowId, null, null);
    }

    public Command(String commandId, CommandType type, String serviceId, String incidentId, Actor actor,
            Instant issuedAt, String message, Instant at, Attribution attribution, PostIncidentReport report,
            MaintenanceWindow window, String windowId, io.mihari.model.availability.Availability monthReport) {
        this(commandId, type, serviceId, incidentId, actor, issuedAt, message, at, attribution, report, window,
                windowId, monthReport, null);
    }

    /** The same command with the instant the responsible party reported (recorded on its behalf). */
    public Command withReportedAt(Instant instant) {
        return new Command(commandId, type, serviceId, incidentId, actor, issuedAt, message, at, attribution, report,
                window, windowId, monthReport, instant);
    }

    public static final int MAX_MESSAGE = 10_000;
    public static final int MAX_REPORT_PART = 20_000;
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:-]{1,100}");
    /** How far in the future an issuedAt/at may be (clock skew between dashboard-api and alert-service). */
    private static final Duration SKEW = Duration.ofMinutes(5);

    /**
     * What is wrong with this command, each problem starting with the field's path; empty when it is valid.
     *
     * @param now the receiver's time (nothing a person did can lie in the future)
     */
    public List<String> problems(Instant now) {
        List<String> problems = new ArrayList<>();
        if (commandId == null || !ID.matcher(commandId).matches()) {
            problems.add("commandId: required, 1-100 characters of A-Z a-z 0-9 . _ : -");
        }
        if (type == null) {
            problems.add("type: required, one of " + List.of(CommandType.values()));
            return problems;
        }
        if (serviceId == null || serviceId.isBlank()) {
            problems.add("serviceId: required");
        }
        if (type.onIncident() && (incidentId == null || incidentId.isBlank())) {
            problems.add("incidentId: required for " + type);
        }
        if (actor == null || actor.userId() == null || actor.userId().isBlank()) {
            problems.add("actor.userId: required");
        } else if (actor.role() == null || !Actor.ROLES.contains(actor.role())) {
            problems.add("actor.role: one of " + String.join(", ", Actor.ROLES));
        }
        if (issuedAt == null) {
            problems.add("issuedAt: required");
        } else if (now != null && issuedAt.isAfter(now.plus(SKEW))) {
            problems.add("issuedAt: in the future");
        }
        if (reportedAt != null) {
            if (type != CommandType.POST_UPDATE && type != CommandType.SUBMIT_REPORT) {
                problems.add("reportedAt: only for POST_UPDATE and SUBMIT_REPORT (a report recorded on the "
                        + "responsible party's behalf)");
            } else if (issuedAt != null && reportedAt.isAfter(issuedAt)) {
                problems.add("reportedAt: " + reportedAt + " is after the command was issued (" + issuedAt
                        + "): a report is recorded after the party made it, never before");
            }
        }
        if (message != null && message.length() > MAX_MESSAGE) {
            problems.add("message: at most " + MAX_MESSAGE + " characters");
        }
        switch (type) {
            case POST_UPDATE -> {
                if (message == null || message.isBlank()) {
                    problems.add("message: required for a status update");
                }
            }
            case MARK_MITIGATED -> {
                if (at != null && now != null && at.isAfter(now.plus(SKEW))) {
                    problems.add("at: in the future");
                }
            }
            case SET_ATTRIBUTION -> {
                if (attribution == null) {
                    problems.add("attribution: required, one of " + List.of(Attribution.values()));
                }
            }
            case SUBMIT_REPORT -> reportProblems(problems);
            case CREATE_MAINTENANCE -> {
                if (window == null) {
                    problems.add("window: required");
                } else {
                    window.problems().forEach(p -> problems.add("window." + p));
                    if (serviceId != null && !serviceId.equals(window.serviceId())) {
                        problems.add("window.serviceId: must be the command's serviceId");
                    }
                }
            }
            case CANCEL_MAINTENANCE, APPROVE_MAINTENANCE, REJECT_MAINTENANCE -> {
                if (windowId == null || windowId.isBlank()) {
                    problems.add("windowId: required");
                }
            }
            case FREEZE_MONTH -> {
                if (monthReport == null) {
                    problems.add("monthReport: required");
                } else {
                    if (!monthReport.complete()) {
                        problems.add("monthReport.complete: only a finished month is frozen");
                    }
                    if (serviceId != null && !serviceId.equals(monthReport.serviceId())) {
                        problems.add("monthReport.serviceId: must be the command's serviceId");
                    }
                }
            }
            default -> {
            }
        }
        return problems;
    }

    private void reportProblems(List<String> problems) {
        if (report == null) {
            problems.add("report: required");
            return;
        }
        part(problems, "report.cause", report.cause(), true);
        part(problems, "report.firstResponse", report.firstResponse(), true);
        part(problems, "report.countermeasures", report.countermeasures(), true);
        part(problems, "report.timeline", report.timeline(), false);
    }

    private static void part(List<String> problems, String path, String value, boolean required) {
        if (value == null || value.isBlank()) {
            if (required) {
                problems.add(path + ": required");
            }
        } else if (value.length() > MAX_REPORT_PART) {
            problems.add(path + ": at most " + MAX_REPORT_PART + " characters");
        }
    }
}
