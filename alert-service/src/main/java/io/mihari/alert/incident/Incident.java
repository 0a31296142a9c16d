package io.mihari.alert.incident;

import io.mihari.alert.detect.Alert;
import io.mihari.alert.detect.Severity;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An incident: one problem of one service, made of the alerts that were firing together. Immutable; every
 * state change returns a new instance with the next {@link #revision()} (stored with optimistic
 * concurrency) and refuses illegal transitions.
 *
 * @param kind the kind of the first alert (LIVENESS, CHECK, RESOURCE, BATCH)
 * @param severity the worst of its alerts; CRITICAL once the service itself was DOWN
 * @param activeAlerts keys of the alerts still firing; empty once MITIGATED
 * @param alertKeys every alert key that was part of it (a replayed old alert is recognised)
 * @param reopenCount how often it came back within the reopen window after being mitigated (flapping)
 * @param signalOffset position of the last signal applied, in the service's signal partition (replays of
 *        earlier signals after a restart are recognised by it)
 * @param revision incremented on every change; the stored document's external version
 * @param attribution whose responsibility (VENDOR, CLOUD, CITY, EXTERNAL, PLANNED), null until someone says
 * @param planned it started inside announced maintenance: no mail, no SLA clock, PLANNED
 * @param writtenReport the post-incident report 障害報告書 once submitted
 * @param problems what each of its alert keys is about (kind, target, cause), oldest first, so every text names each
 *        problem by its own kind and target
 * @param titleJa the title for people in Japanese: each problem by its kind and target ({@link ProblemWords#title(List)});
 *        always made from {@code problems}
 * @param titleEn the same in English ({@code title} stays the first alert's technical summary, for older readers)
 * @param responsibleParty who is responsible now (docs/parties.md): the service's operating party when it opened, the
 *        party an applied re-attribution resolved to; null when nobody is (EXTERNAL, PLANNED). Documents stored before
 *        issue 19 have none: the service's vendor ({@link #owner()})
 * @param responsibility every party that was responsible, oldest first ({@code to} null for the current one)
 * @param partyIds every party id that was ever responsible (for scoping queries)
 */
public record Incident(
        String id,
        String tenant,
        String system,
        String serviceId,
        String vendor,
        String kind,
        String severity,
        IncidentStatus status,
        String title,
        List<String> affectedTargets,
        List<String> activeAlerts,
        List<String> alertKeys,
        Instant detectedAt,
        Instant startedAt,
        Instant openedAt,
        Instant mitigatedAt,
        Instant resolvedAt,
        Instant closedAt,
        int reopenCount,
        String attribution,
        boolean planned,
        Instant acknowledgedAt,
        String acknowledgedBy,
        List<TimelineEntry> timeline,
        SlaRecord sla,
        WrittenReport writtenReport,
        Instant updatedAt,
        long signalOffset,
        long revision,
        List<Problem> problems,
        String titleJa,
        String titleEn,
        PartyRef responsibleParty,
        List<Responsibility> responsibility,
        List<String> partyIds) {

    /** Instants in timeline messages, as the cities read them. */
    private static final java.time.format.DateTimeFormatter JST_TIME = java.time.format.DateTimeFormatter
            .ofPattern("yyyy-MM-dd HH:mm:ss 'JST'").withZone(java.time.ZoneId.of("Asia/Tokyo"));

    public Incident {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(detectedAt, "detectedAt");
        affectedTargets = affectedTargets == null ? List.of() : List.copyOf(affectedTargets);
        activeAlerts = activeAlerts == null ? List.of() : List.copyOf(activeAlerts);
        alertKeys = alertKeys == null ? List.copyOf(activeAlerts) : List.copyOf(alertKeys);
        timeline = timeline == null ? List.of() : List.copyOf(timeline);
        if (problems == null || problems.isEmpty()) {
            // stored before incidents kept their problems: what the keys say
            List<Problem> fromKeys = new ArrayList<>();
            for (String key : alertKeys) {
                fromKeys.add(Problem.ofKey(key, kind, startedAt != null ? startedAt : detectedAt));
            }
            problems = fromKeys;
        }
        problems = List.copyOf(problems);
        ProblemWords.Text titles = problems.isEmpty()
                ? ProblemWords.title(List.of(Problem.ofKey(String.join(", ", affectedTargets) + "|DOWN", kind,
                        detectedAt)))
                : ProblemWords.title(problems);
        titleJa = titles.ja();
        titleEn = titles.en();
        if (mitigatedAt != null && status == IncidentStatus.OPEN) {
            throw new IllegalArgumentException("an OPEN incident has no mitigation time");
        }
        responsibility = responsibility == null ? List.of() : List.copyOf(responsibility);
        java.util.LinkedHashSet<String> ids = new java.util.LinkedHashSet<>(partyIds == null ? List.of() : partyIds);
        responsibility.forEach(r -> ids.add(r.party()));
        if (responsibleParty != null) {
            ids.add(responsibleParty.id());
        }
        if (ids.isEmpty() && responsibility.isEmpty() && !planned && vendor != null
                && (attribution == null || "VENDOR".equals(attribution))) {
            ids.add(vendor); // stored before issue 19: the service's vendor
        }
        partyIds = List.copyOf(ids);
    }

    /** An incident as stored before issue 19 (no responsible party: the service's vendor). */
    public Incident(String id, String tenant, String system, String serviceId, String vendor, String kind,
            String severity, IncidentStatus status, String title, List<String> affectedTargets,
            List<String> activeAlerts, List<String> alertKeys, Instant detectedAt, Instant startedAt, Instant openedAt,
            Instant mitigatedAt, Instant resolvedAt, Instant closedAt, int reopenCount, String attribution,
            boolean planned, Instant acknowledgedAt, String acknowledgedBy, List<TimelineEntry> timeline,
            SlaRecord sla, WrittenReport writtenReport, Instant updatedAt, long signalOffset, long revision,
            List<Problem> problems, String titleJa, String titleEn) {
        this(id, tenant, system, serviceId, vendor, kind, severity, status, title, affectedTargets, activeAlerts,
                alertKeys, detectedAt, startedAt, openedAt, mitigatedAt, resolvedAt, closedAt, reopenCount,
                attribution, planned, acknowledgedAt, acknowledgedBy, timeline, sla, writtenReport, updatedAt,
                signalOffset, revision, problems, titleJa, titleEn, null, null, null);
    }

    /**
     * The id of the party responsible now: {@link #responsibleParty()}'s, or for a document stored before issue 19 (no
     * responsibility recorded, attribution unset or VENDOR, not planned) the service's vendor; null when nobody is.
     */
    public String owner() {
        if (responsibleParty != null) {
            return responsibleParty.id();
        }
        boolean legacy = responsibility.isEmpty() && !planned
                && (attribution == null || "VENDOR".equals(attribution));
        return legacy ? vendor : null;
    }

    /** Who owes the status report due now: the party recorded with the deadline, else the current one. */
    public String statusReportOwner() {
        return sla.nextStatusReportOwedBy() != null ? sla.nextStatusReportOwedBy() : owner();
    }

    /** Who owes the written report: recorded with its clock, else the current party. */
    public String writtenReportOwner() {
        SlaRecord.ReportClock c = sla.postIncidentReport();
        return c != null && c.owedBy() != null ? c.owedBy() : owner();
    }

    /** Whether the report {@code r} answered a deadline owed by {@code party} (older reports: the vendor's). */
    private boolean owedBy(SlaRecord.StatusReport r, String party) {
        return party.equals(r.owedBy() != null ? r.owedBy() : vendor);
    }

    /** Opens an incident for the alerts that fired together within the grouping wait. */
    public static Incident open(String id, String tenant, String system, String serviceId, String vendor,
            List<Alert> alerts, boolean serviceDown, Instant detectedAt, Instant openedAt, Duration firstReportDue) {
        return open(id, tenant, system, serviceId, vendor, alerts, serviceDown, detectedAt, openedAt,
                SlaPolicy.withFirstReportDue(firstReportDue), false, null);
    }

    /** Opens an incident owed by the service's vendor (no party recorded, as before issue 19). */
    public static Incident open(String id, String tenant, String system, String serviceId, String vendor,
            List<Alert> alerts, boolean serviceDown, Instant detectedAt, Instant openedAt, SlaPolicy policy,
            boolean planned) {
        return open(id, tenant, system, serviceId, vendor, alerts, serviceDown, detectedAt, openedAt, policy, planned,
                null);
    }

    /**
     * Opens an incident for the alerts that fired together within the grouping wait.
     *
     * @param planned it started inside announced maintenance: PLANNED, and nobody is mailed
     * @param party the party responsible from the start (the service's operating party; ignored when planned: nobody
     *        is responsible for planned maintenance); null = the vendor, without recording it
     */
    public static Incident open(String id, String tenant, String system, String serviceId, String vendor,
            List<Alert> alerts, boolean serviceDown, Instant detectedAt, Instant openedAt, SlaPolicy policy,
            boolean planned, PartyRef party) {
        return open(id, tenant, system, serviceId, vendor, alerts, serviceDown, detectedAt, openedAt, policy, planned,
                party, null);
    }

    /**
     * @param quiet why it is quiet — every problem is on a test or temporary target (docs/detection.md,
     *        "Environments 本番系・検証系") —, said in the timeline: shown on the dashboard, but nobody is mailed, no SLA
     *        clock runs and nothing escalates ({@link SlaRecord#muted()}) until a production problem joins
     *        ({@link #notifiedFrom}); null = an ordinary (or planned) incident
     */
    public static Incident open(String id, String tenant, String system, String serviceId, String vendor,
            List<Alert> alerts, boolean serviceDown, Instant detectedAt, Instant openedAt, SlaPolicy policy,
            boolean planned, PartyRef party, ProblemWords.Text quiet) {
        if (alerts.isEmpty()) {
            throw new IllegalArgumentException("an incident needs at least one alert");
        }
        Alert first = alerts.get(0);
        Instant startedAt = alerts.stream().map(Alert::at).min(Instant::compareTo).orElse(detectedAt);
        List<TimelineEntry> timeline = new ArrayList<>();
        Severity severity = serviceDown ? Severity.CRITICAL : Severity.WARNING;
        List<String> targets = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        for (Alert a : alerts) {
            timeline.add(entry(a));
            if (!keys.contains(a.key())) {
                problems.add(Problem.of(a));
            }
            severity = severity.max(a.severity());
            if (!targets.contains(a.targetId())) {
                targets.add(a.targetId());
            }
            if (!keys.contains(a.key())) {
                keys.add(a.key());
            }
        }
        timeline.add(TimelineEntry.of(openedAt, "INCIDENT_OPENED", null, planned
                ? "incident opened during planned maintenance (no mail)" : "incident opened",
                ProblemWords.opened(planned)));
        if (quiet != null) {
            timeline.add(TimelineEntry.of(openedAt, "NOT_NOTIFIED", null, quiet.en(), quiet));
        }
        String title = first.summary() + (alerts.size() > 1 ? " (+" + (alerts.size() - 1) + ")" : "");
        PartyRef responsible = planned || party == null ? null : new PartyRef(party.id(), party.kind(), openedAt);
        List<Responsibility> responsibility = responsible == null ? List.of()
                : List.of(new Responsibility(responsible.id(), responsible.kind(), "VENDOR", openedAt, null));
        return new Incident(id, tenant, system, serviceId, vendor, first.kind().name(), severity.name(),
                IncidentStatus.OPEN, title, targets, keys, keys, detectedAt, startedAt, openedAt, null, null, null, 0,
                planned ? "PLANNED" : null, planned, null, null, timeline,
                critical(SlaRecord.opened(detectedAt, openedAt, policy, planned || quiet != null,
                        responsible != null ? responsible.id()
                        : planned ? null : vendor), severity, openedAt), null, openedAt, -1, 1, problems, null, null,
                responsible, responsibility, null);
    }

    /**
     * Whether it is quiet because of its targets' environment: muted (nobody mailed, no SLA clock, no escalation)
     * without being planned maintenance.
     */
    public boolean quiet() {
        return sla.muted() && !planned;
    }

    /**
     * A problem on a production (or notified) target joined this quiet incident: from now on it is an ordinary one —
     * its first report is made now and due {@code policy.firstReportDue()} after {@code detectedAt} (that problem's
     * detection), status reports are due hourly from now, and a CRITICAL incident's escalation counts from now. The
     * timeline says why. Nothing changes when it is not quiet.
     */
    public Incident notifiedFrom(String targetId, Instant detectedAt, Instant now, SlaPolicy policy) {
        if (!quiet()) {
            return this;
        }
        Draft d = draft(now);
        String owner = owner();
        d.sla = sla.unmuted(detectedAt.plus(policy.firstReportDue()), now,
                status == IncidentStatus.OPEN && owner != null ? now.plus(policy.statusReportEvery()) : null, owner);
        if (sla.escalation() != null && sla.escalation().steps().isEmpty()) {
            d.sla = d.sla.restartEscalation(now); // nobody could acknowledge what nobody was told
        }
        ProblemWords.Text why = Environments.notifiedFromNow(targetId);
        d.timeline.add(TimelineEntry.of(now, "NOTIFIED", targetId, why.en(), why));
        return d.build();
    }

    /**
     * The escalation clock starts when an incident opens CRITICAL: when it opened, not at its start (a DOWN dated at
     * the last heartbeat is known only intervals later; nobody could acknowledge it before it opened).
     */
    private static SlaRecord critical(SlaRecord sla, Severity severity, Instant openedAt) {
        return severity == Severity.CRITICAL ? sla.criticalSince(openedAt) : sla;
    }

    /**
     * Since when the incident is CRITICAL (the escalation clock's start), null while it is not: as recorded, else (a
     * document from before issue 20) its start.
     */
    public Instant criticalSince() {
        if (!Severity.CRITICAL.name().equals(severity)) {
            return null;
        }
        SlaRecord.EscalationClock e = sla.escalation();
        return e != null && e.criticalSince() != null ? e.criticalSince() : startedAt;
    }

    /**
     * Nobody acknowledged the CRITICAL incident by {@code step.dueAt()}: the step's contacts are mailed (made at
     * {@code now}). The timeline says so, the SLA record keeps the step.
     */
    public Incident escalated(SlaRecord.EscalationStep step, Instant now) {
        requireStatus(IncidentStatus.OPEN, "escalate");
        Instant since = criticalSince();
        Draft d = draft(now);
        d.sla = (sla.escalation() == null || sla.escalation().criticalSince() == null ? sla.criticalSince(since) : sla)
                .withEscalationStep(step);
        Duration unacknowledged = Duration.between(since, step.dueAt());
        d.timeline.add(TimelineEntry.of(step.dueAt(), "ESCALATED", null, "unacknowledged for "
                + unacknowledged.toSeconds() + " s: escalation step " + step.step() + (step.offHours() ? " (off hours)"
                        : "") + " to " + String.join(", ", step.to()),
                ProblemWords.escalated(step.step(), unacknowledged, step.offHours(), step.to())));
        return d.build();
    }

    /** The SMTP server accepted a mail of escalation step {@code number} at {@code at}. */
    public Incident escalationSent(int number, Instant at) {
        SlaRecord updated = sla.escalationSent(number, at);
        if (updated == sla) {
            return this;
        }
        Draft d = draft(at);
        d.sla = updated;
        d.timeline.add(TimelineEntry.of(at, "ESCALATION_SENT", null, "escalation step " + number + " mailed",
                ProblemWords.escalationSent(number)));
        return d.build();
    }

    /** Whether this alert (same key, same severity) is already part of it: a replay changes nothing. */
    public boolean alreadyHas(Alert alert) {
        return alert.firing() ? activeAlerts.contains(alert.key()) && !escalates(alert.severity())
                : !activeAlerts.contains(alert.key());
    }

    /**
     * Whether {@code alert} is one of its problems coming back (the same kind on the same target): only that reopens
     * a mitigated incident; another problem of the service is another incident.
     */
    public boolean sameProblem(Alert alert) {
        return problems.stream().anyMatch(p -> p.sameAs(alert));
    }

    /** Another problem of the service while this incident is open: it joins the timeline. */
    public Incident withAlert(Alert alert, Instant now) {
        requireStatus(IncidentStatus.OPEN, "add an alert");
        return changed(alert, now, reopenCount, null).build();
    }

    /**
     * A problem of the service came back within the reopen window after this incident was mitigated: it
     * is open again (flapping is one incident, not a mail storm), and status reports are due again.
     */
    public Incident reopen(Alert alert, Instant now, SlaPolicy policy) {
        requireStatus(IncidentStatus.MITIGATED, "reopen");
        Draft d = changed(alert, now, reopenCount + 1,
                TimelineEntry.of(alert.at(), "REOPENED", alert.targetId(),
                        "the problem came back " + Duration.between(mitigatedAt, alert.at()).toSeconds()
                                + " s after provisional recovery",
                        ProblemWords.reopened(alert, Duration.between(mitigatedAt, alert.at()))));
        d.status = IncidentStatus.OPEN;
        d.mitigatedAt = null;
        String owner = owner();
        d.sla = sla.nextStatusReportDue(sla.muted() || owner == null ? null : now.plus(policy.statusReportEvery()),
                owner, false);
        if (Severity.CRITICAL.name().equals(d.severity)) {
            d.sla = d.sla.restartEscalation(now); // unacknowledged time counts again from the reopening
        }
        return d.build();
    }

    /** One of its problems ended; when none is left the service is provisionally recovered (MITIGATED). */
    public Incident withAlertResolved(Alert alert, Instant now, SlaPolicy policy) {
        if (status != IncidentStatus.OPEN) {
            if (!activeAlerts.contains(alert.key())) {
                throw new IllegalStateException("alert " + alert.key() + " is not active in incident " + id
                        + " in status " + status);
            }
            Draft d = draft(now); // a person had marked it mitigated; the monitoring now agrees
            d.activeAlerts.remove(alert.key());
            d.timeline.add(entry(alert));
            return d.build();
        }
        Draft d = draft(now);
        d.activeAlerts.remove(alert.key());
        d.timeline.add(entry(alert));
        if (d.activeAlerts.isEmpty()) {
            d.timeline.add(TimelineEntry.of(alert.at(), "MITIGATED", null, "every problem of the incident ended",
                    ProblemWords.everyProblemEnded()));
            d.mitigate(alert.at(), alert.at(), policy);
        }
        return d.build();
    }

    /** Whether the incident no longer needs anything from anyone. */
    public boolean closed() {
        return status == IncidentStatus.CLOSED;
    }

    /**
     * An open CRITICAL incident stored without an escalation clock (before escalation existed) gets one from
     * {@code now}: its unacknowledged time counts from when escalation first looked at it, so no step is owed at once.
     */
    public Incident escalationClockStarted(Instant now) {
        if (sla.escalation() != null && sla.escalation().criticalSince() != null) {
            return this;
        }
        Draft d = draft(now);
        d.sla = sla.criticalSince(now);
        return d.build();
    }

    /** The service itself went DOWN during the incident. */
    public Incident serviceDown(Instant at, Instant now) {
        if (Severity.CRITICAL.name().equals(severity)) {
            return this;
        }
        Draft d = draft(now);
        d.timeline.add(TimelineEntry.of(at, "SERVICE_DOWN", null, "the service is down", ProblemWords.serviceDown()));
        d.severity = Severity.CRITICAL.name();
        d.sla = d.sla.criticalSince(at.isAfter(now) ? at : now); // counts from when Mihari knew
        return d.build();
    }

    /** The SMTP server accepted the first report at {@code at}. */
    public Incident firstReportSent(Instant at) {
        if (sla.firstReport().sentAt() != null) {
            return this;
        }
        Draft d = draft(at);
        d.timeline.add(TimelineEntry.of(at, "FIRST_REPORT_SENT", null, "first report mailed",
                ProblemWords.firstReportSent()));
        d.sla = sla.firstReportSent(at);
        return d.build();
    }

    /** The same incident, having applied the signal at {@code offset}. */
    public Incident withSignalOffset(long offset) {
        Draft d = new Draft(this);
        d.signalOffset = Math.max(signalOffset, offset);
        return d.build();
    }

    /**
     * This change as the one revision after {@code base}, the stored copy it was made from. A change of several steps
     * (reopened, joined by waiting alerts and the service down; attributed and the responsibility moved; automatic
     * status reports for every deadline that passed) counts one revision per step; stored like that it would jump
     * past a revision another instance stored meanwhile, and OpenSearch, which takes any revision above the stored
     * one, would let it overwrite that change. One write, one revision: the store then takes it only while it still
     * holds {@code base}.
     */
    public Incident onTopOf(Incident base) {
        if (!base.id.equals(id)) {
            throw new IllegalArgumentException("incident " + id + " is not a change of " + base.id);
        }
        if (revision <= base.revision + 1) {
            return this;
        }
        Draft d = new Draft(this);
        d.revision = base.revision + 1;
        return d.build();
    }

    /** The SMTP server accepted the recovery report at {@code at}. */
    public Incident recoveryReportSent(Instant at) {
        SlaRecord updated = sla.recoveryReportSent(at);
        if (updated == sla) {
            return this;
        }
        Draft d = draft(at);
        d.timeline.add(TimelineEntry.of(at, "RECOVERY_REPORT_SENT", null, "recovery report mailed",
                ProblemWords.recoveryReportSent()));
        d.sla = updated;
        return d.build();
    }

    /**
     * A status report 状況報告 was written by a person (vendor or operator) at {@code writtenAt} (when the person
     * issued it, not when it reached Mihari): it is mailed, and while the incident is open the next report is due
     * one interval after it.
     */
    public Incident statusUpdate(String message, String author, Instant writtenAt, Instant now, SlaPolicy policy) {
        return statusUpdate(message, author, writtenAt, now, policy, null, null);
    }

    /**
     * A status report by a person (docs/parties.md, "report clocks per party").
     *
     * @param reporterParty the party the author speaks for when the author is a party's user (vendor role): the report
     *        answers a deadline only when that party owes it — else it is stored and mailed but answers nothing and the
     *        clock stands; null for a city's operator or an administrator (it answers the deadline, as before)
     * @param onBehalfOf set when an operator or administrator records the report of the party made at
     *        {@code writtenAt} (the command's {@code reportedAt})
     */
    public Incident statusUpdate(String message, String author, Instant writtenAt, Instant now, SlaPolicy policy,
            String reporterParty, String onBehalfOf) {
        if (status == IncidentStatus.CLOSED) {
            throw new IllegalStateException("incident " + id + " is CLOSED: no more status updates");
        }
        if (writtenAt.isBefore(startedAt)) {
            throw new IllegalArgumentException("reportedAt: " + writtenAt + " is before the incident started ("
                    + startedAt + ")");
        }
        return statusReport(message, author, writtenAt, false, false, now, policy, reporterParty, onBehalfOf);
    }

    /**
     * Nobody wrote by the deadline: Mihari's own status report, made <em>as of</em> that deadline (whenever the
     * tick that noticed ran) and saying what it observes; the next deadline counts from the deadline, so the hourly
     * schedule never drifts with the tick.
     */
    public Incident automaticStatusReport(String summary, Instant now, SlaPolicy policy) {
        return automaticStatusReport(summary, now, policy, false);
    }

    /**
     * @param backfilled the deadline passed while Mihari was not running and a later one has passed too: recorded,
     *        not mailed (the report for the latest deadline is)
     */
    public Incident automaticStatusReport(String summary, Instant now, SlaPolicy policy, boolean backfilled) {
        requireStatus(IncidentStatus.OPEN, "report automatically on");
        Instant due = sla.nextStatusReportDue();
        if (due == null) {
            throw new IllegalStateException("no status report of incident " + id + " is due");
        }
        return statusReport(summary, null, due, true, backfilled, now, policy, null, null);
    }

    private Incident statusReport(String message, String author, Instant createdAt, boolean automatic,
            boolean backfilled, Instant now, SlaPolicy policy, String reporterParty, String onBehalfOf) {
        Draft d = draft(now);
        int seq = sla.statusReports().size() + 1;
        Instant due = sla.nextStatusReportDue();
        String dueOwner = due == null ? null : statusReportOwner();
        boolean partyFirst = due != null && sla.nextStatusReportPartyFirstReport();
        String owner = owner();
        boolean clockRuns = status == IncidentStatus.OPEN && !sla.muted() && owner != null;
        SlaRecord.StatusReport answered = automatic ? null : answeredAutomatically(createdAt, reporterParty);
        boolean answersDue = automatic || reporterParty == null || reporterParty.equals(dueOwner);
        SlaRecord.StatusReport report;
        if (answered != null) {
            // The person wrote by a deadline Mihari had already answered automatically (the command reached Mihari
            // after the tick): the report answers that deadline, on time; the clock Mihari restarted stands.
            Instant nextDue = clockRuns ? later(sla.nextStatusReportDue(),
                    createdAt.plus(policy.statusReportEvery())) : null;
            String answeredOwner = answered.owedBy() != null ? answered.owedBy() : vendor;
            report = SlaRecord.StatusReport.made(seq, answered.dueAt(), createdAt, false, author, message, backfilled,
                    answeredOwner, answered.partyFirstReport(), onBehalfOf);
            // the deadline of a party no longer responsible: the clock of the party responsible now stands as it is
            d.sla = answeredOwner.equals(dueOwner) ? sla.withStatusReport(report, nextDue, owner)
                    : sla.withUnansweringReport(report);
        } else if (!answersDue) {
            // another party's user (e.g. the app vendor after the incident moved to the cloud provider): stored and
            // mailed, but it does not answer the responsible party's deadline and the clock stands
            report = SlaRecord.StatusReport.made(seq, null, createdAt, false, author, message, backfilled, null, false,
                    onBehalfOf);
            d.sla = sla.withUnansweringReport(report);
        } else {
            Instant nextDue = clockRuns ? (automatic ? due : createdAt).plus(policy.statusReportEvery()) : null;
            report = SlaRecord.StatusReport.made(seq, due, createdAt, automatic, author, message, backfilled, dueOwner,
                    partyFirst, onBehalfOf);
            d.sla = sla.withStatusReport(report, nextDue, owner);
        }
        d.timeline.add(TimelineEntry.of(createdAt, automatic ? "AUTOMATIC_STATUS_REPORT" : "STATUS_UPDATE", null,
                automatic ? "automatic status report #" + seq + " (nobody had written by the deadline"
                        + (backfilled ? "; Mihari was not running then: recorded " + JST_TIME.format(now)
                                + ", not mailed" : "") + ")"
                        : "status report #" + seq + (onBehalfOf != null ? " (recorded for " + onBehalfOf + ")" : "")
                                + ": " + message, author,
                automatic ? ProblemWords.automaticStatusReport(seq, backfilled ? now : null)
                        : ProblemWords.statusReport(seq, message)));
        return d.build();
    }

    /**
     * The earliest deadline that Mihari answered with an automatic report although a person wrote by it (written at
     * {@code writtenAt}) and no person's report answers it yet; null when there is none.
     */
    private SlaRecord.StatusReport answeredAutomatically(Instant writtenAt, String reporterParty) {
        for (SlaRecord.StatusReport r : sla.statusReports()) {
            if (r.automatic() && r.dueAt() != null && !writtenAt.isAfter(r.dueAt())
                    && (reporterParty == null || owedBy(r, reporterParty))
                    && sla.statusReports().stream().noneMatch(p -> !p.automatic() && r.dueAt().equals(p.dueAt()))) {
                return r;
            }
        }
        return null;
    }

    private static Instant later(Instant a, Instant b) {
        return a == null ? b : b == null ? a : a.isAfter(b) ? a : b;
    }

    /** The reminder for the status report due at {@code forDue} was made at {@code now}. */
    public Incident statusReminderMade(Instant forDue, Instant now) {
        Draft d = draft(now);
        d.sla = sla.withReminder(new SlaRecord.Reminder(forDue, now, statusReportOwner()));
        d.timeline.add(TimelineEntry.of(now, "STATUS_REMINDER", null, "vendor reminded: status report due at "
                + JST_TIME.format(forDue), ProblemWords.statusReminder(forDue)));
        return d.build();
    }

    /** The SMTP server accepted status report {@code seq} at {@code at}. */
    public Incident statusReportSent(int seq, Instant at) {
        SlaRecord updated = sla.statusReportSent(seq, at);
        if (updated == sla) {
            return this;
        }
        Draft d = draft(at);
        d.sla = updated;
        d.timeline.add(TimelineEntry.of(at, "STATUS_REPORT_SENT", null, "status report #" + seq + " mailed",
                ProblemWords.statusReportSent(seq)));
        return d.build();
    }

    /** A person says the service is provisionally recovered 暫定復旧 since {@code at}. */
    public Incident markMitigated(Instant at, String author, String note, Instant now, SlaPolicy policy) {
        requireStatus(IncidentStatus.OPEN, "mark mitigated");
        if (at.isBefore(startedAt)) {
            throw new IllegalArgumentException("at: " + at + " is before the incident started (" + startedAt + ")");
        }
        Draft d = draft(now);
        d.timeline.add(TimelineEntry.of(at, "MITIGATED", null, note == null || note.isBlank()
                ? "marked provisionally recovered" : "marked provisionally recovered: " + note, author,
                ProblemWords.markedMitigated(note)));
        d.mitigate(at, now, policy);
        return d.build();
    }

    /** A person confirms the permanent fix. CLOSED at once when no written report is outstanding. */
    public Incident resolve(String author, String note, Instant now) {
        requireStatus(IncidentStatus.MITIGATED, "resolve");
        Draft d = draft(now);
        d.status = IncidentStatus.RESOLVED;
        d.resolvedAt = now;
        d.timeline.add(TimelineEntry.of(now, "RESOLVED", null, note == null || note.isBlank() ? "permanent fix confirmed"
                : "permanent fix confirmed: " + note, author, ProblemWords.resolved(note)));
        d.closeIfDone(now);
        return d.build();
    }

    /** Someone is on it (the first acknowledgement is kept). */
    public Incident acknowledge(String author, String note, Instant now) {
        if (status == IncidentStatus.CLOSED || status == IncidentStatus.RESOLVED) {
            throw new IllegalStateException("cannot acknowledge incident " + id + " in status " + status);
        }
        Draft d = draft(now);
        if (d.acknowledgedAt == null) {
            d.acknowledgedAt = now;
            d.acknowledgedBy = author;
        }
        d.timeline.add(TimelineEntry.of(now, "ACKNOWLEDGED", null, note == null || note.isBlank() ? "acknowledged"
                : "acknowledged: " + note, author, ProblemWords.acknowledged(note)));
        return d.build();
    }

    /** Whose responsibility it was; may be corrected at any time (the timeline keeps each change). */
    public Incident attribute(String newAttribution, String author, String note, Instant now) {
        Draft d = draft(now);
        d.timeline.add(TimelineEntry.of(now, "ATTRIBUTION", null, "attribution " + attribution + " -> "
                + newAttribution + (note == null || note.isBlank() ? "" : ": " + note), author,
                ProblemWords.attributed(attribution, newAttribution, note)));
        d.attribution = newAttribution;
        return d.build();
    }

    /**
     * The responsibility moves to {@code party} (null: nobody — EXTERNAL, PLANNED) at {@code at}, the applied instant
     * of the re-attribution {@code attribution} (docs/parties.md). While not yet provisionally recovered the new
     * party's 初報 is the next status deadline, at {@code at} + its first-report duration ({@code partyPolicy}), marked
     * {@code partyFirstReport}; nobody responsible: no status deadline runs. Deadlines already passed stay owed by
     * whoever owed them. After the recovery an outstanding written report is owed by the new party (same due instant).
     * Nothing changes when the party is the same.
     *
     * @param current the party responsible until now when the incident does not record it (stored before issue 19)
     */
    public Incident moveResponsibility(PartyRef party, String attribution, Instant at, SlaPolicy partyPolicy,
            PartyRef current) {
        String before = owner();
        String after = party == null ? null : party.id();
        if (java.util.Objects.equals(before, after)) {
            return this;
        }
        Draft d = draft(at);
        if (d.responsibility.isEmpty() && before != null && current != null) {
            d.responsibility.add(new Responsibility(before, current.kind(), "VENDOR", openedAt, null));
        }
        for (int i = 0; i < d.responsibility.size(); i++) {
            if (d.responsibility.get(i).to() == null) {
                d.responsibility.set(i, d.responsibility.get(i).endedAt(at));
            }
        }
        Instant due = null;
        if (party != null) {
            d.responsibleParty = new PartyRef(party.id(), party.kind(), at);
            d.responsibility.add(new Responsibility(party.id(), party.kind(), attribution, at, null));
            if (!d.partyIds.contains(party.id())) {
                d.partyIds.add(party.id());
            }
        } else {
            d.responsibleParty = null;
        }
        if (status == IncidentStatus.OPEN && !sla.muted()) {
            due = party == null ? null : at.plus(partyPolicy.firstReportDue());
            d.sla = sla.nextStatusReportDue(due, after, true);
        }
        SlaRecord.ReportClock clock = sla.postIncidentReport();
        if (clock != null && clock.submittedAt() == null && writtenReport == null) {
            d.sla = d.sla.withPostIncidentReport(clock.owedBy(after));
        }
        d.timeline.add(TimelineEntry.of(at, "RESPONSIBILITY", null, party == null
                ? "nobody is responsible now (" + attribution + "): no status report is due"
                : "now attributed to " + after + " (" + party.kind() + ")" + (due != null
                        ? "; its first report is due at " + JST_TIME.format(due) : ""),
                ProblemWords.responsibilityMoved(after, party == null ? null : party.kind(), due)));
        return d.build();
    }

    /** The written post-incident report was submitted; CLOSED when the incident was already resolved. */
    public Incident submitReport(WrittenReport report, Instant now) {
        return submitReport(report, now, now);
    }

    /**
     * @param submittedAt when the party submitted it: now, or the instant an operator recorded it for the party
     *        ({@code reportedAt})
     */
    public Incident submitReport(WrittenReport report, Instant submittedAt, Instant now) {
        if (submittedAt.isBefore(startedAt)) {
            throw new IllegalArgumentException("reportedAt: " + submittedAt + " is before the incident started ("
                    + startedAt + ")");
        }
        if (status == IncidentStatus.OPEN) {
            throw new IllegalStateException("incident " + id + " is still OPEN: a report follows provisional recovery");
        }
        if (writtenReport != null) {
            throw new IllegalStateException("the report of incident " + id + " was already submitted at "
                    + writtenReport.submittedAt());
        }
        Draft d = draft(now);
        d.writtenReport = report;
        SlaRecord.ReportClock clock = sla.postIncidentReport();
        if (clock != null) {
            d.sla = sla.withPostIncidentReport(new SlaRecord.ReportClock(clock.dueAt(), clock.requestedAt(),
                    clock.requestSentAt(), clock.reminders(), submittedAt, SlaRecord.lateBy(clock.dueAt(), submittedAt),
                    clock.owedBy()));
        }
        d.timeline.add(TimelineEntry.of(now, "REPORT_SUBMITTED", null, "post-incident report submitted",
                report.author(), ProblemWords.reportSubmitted()));
        d.closeIfDone(now);
        return d.build();
    }

    /** The request to write the post-incident report was made at {@code now}. */
    public Incident reportRequested(Instant now) {
        SlaRecord.ReportClock c = sla.postIncidentReport();
        if (c == null || c.requestedAt() != null) {
            return this;
        }
        Draft d = draft(now);
        d.sla = sla.withPostIncidentReport(new SlaRecord.ReportClock(c.dueAt(), now, null, c.reminders(),
                c.submittedAt(), c.lateBySeconds(), c.owedBy()));
        d.timeline.add(TimelineEntry.of(now, "REPORT_REQUESTED", null, "post-incident report requested, due at "
                + JST_TIME.format(c.dueAt()), ProblemWords.reportRequested(c.dueAt())));
        return d.build();
    }

    /** The SMTP server accepted the report request at {@code at}. */
    public Incident reportRequestSent(Instant at) {
        SlaRecord.ReportClock c = sla.postIncidentReport();
        if (c == null || c.requestSentAt() != null) {
            return this;
        }
        Draft d = draft(at);
        d.sla = sla.withPostIncidentReport(new SlaRecord.ReportClock(c.dueAt(), c.requestedAt(), at, c.reminders(),
                c.submittedAt(), c.lateBySeconds(), c.owedBy()));
        return d.build();
    }

    /** A reminder to write the post-incident report was made at {@code now}. */
    public Incident reportReminderMade(Instant now) {
        SlaRecord.ReportClock c = sla.postIncidentReport();
        List<Instant> reminders = new ArrayList<>(c.reminders());
        reminders.add(now);
        Draft d = draft(now);
        d.sla = sla.withPostIncidentReport(new SlaRecord.ReportClock(c.dueAt(), c.requestedAt(), c.requestSentAt(),
                reminders, c.submittedAt(), c.lateBySeconds(), c.owedBy()));
        d.timeline.add(TimelineEntry.of(now, "REPORT_REMINDER", null, "reminded: post-incident report due at "
                + JST_TIME.format(c.dueAt()), ProblemWords.reportReminder(c.dueAt())));
        return d.build();
    }

    /**
     * The planned maintenance it started in is over and the trouble is still there: from now on it is an
     * ordinary incident (first report now, status reports hourly).
     */
    public Incident maintenanceOver(Instant now, SlaPolicy policy) {
        return maintenanceOver(now, policy, null);
    }

    /** @param party the service's operating party, responsible from now on (null: the vendor, not recorded) */
    public Incident maintenanceOver(Instant now, SlaPolicy policy, PartyRef party) {
        if (!planned) {
            return this;
        }
        Draft d = draft(now);
        d.planned = false;
        d.attribution = null;
        if (party != null) {
            d.responsibleParty = new PartyRef(party.id(), party.kind(), now);
            d.responsibility.add(new Responsibility(party.id(), party.kind(), "VENDOR", now, null));
        }
        d.sla = sla.unmuted(now.plus(policy.firstReportDue()), now,
                status == IncidentStatus.OPEN ? now.plus(policy.statusReportEvery()) : null,
                party != null ? party.id() : vendor);
        d.timeline.add(TimelineEntry.of(now, "MAINTENANCE_OVERRUN", null,
                "the planned maintenance is over but the trouble continues", ProblemWords.maintenanceOverrun()));
        return d.build();
    }

    public Duration downFor(Instant now) {
        return Duration.between(startedAt, mitigatedAt == null ? now : mitigatedAt);
    }

    private boolean escalates(Severity s) {
        return s.ordinal() > Severity.valueOf(severity).ordinal();
    }

    private Draft changed(Alert alert, Instant now, int reopens, TimelineEntry before) {
        Draft d = draft(now);
        if (!d.affectedTargets.contains(alert.targetId())) {
            d.affectedTargets.add(alert.targetId());
        }
        if (!d.activeAlerts.contains(alert.key())) {
            d.activeAlerts.add(alert.key());
        }
        if (!d.alertKeys.contains(alert.key())) {
            d.alertKeys.add(alert.key());
        }
        d.problem(alert);
        if (before != null) {
            d.timeline.add(before);
        }
        d.timeline.add(entry(alert));
        d.severity = Severity.valueOf(severity).max(alert.severity()).name();
        if (Severity.CRITICAL.name().equals(d.severity)) {
            // kept when it already was CRITICAL; counts from when Mihari knew, not from the alert's (earlier) instant
            d.sla = d.sla.criticalSince(alert.at().isAfter(now) ? alert.at() : now);
        }
        d.reopenCount = reopens;
        return d;
    }

    /** The timeline line of an alert; a target going down or coming back keeps its own line type. */
    static TimelineEntry entry(Alert a) {
        boolean targetDown = a.key().endsWith("|DOWN");
        String type = targetDown ? (a.firing() ? "TARGET_DOWN" : "TARGET_UP")
                : (a.firing() ? a.kind() + "_ALERT" : a.kind() + "_RESOLVED");
        return TimelineEntry.of(a.at(), type, a.targetId(), a.summary(), ProblemWords.alert(a));
    }

    private void requireStatus(IncidentStatus expected, String action) {
        if (status != expected) {
            throw new IllegalStateException("cannot " + action + " incident " + id + " in status " + status);
        }
    }

    /** The next revision, changed field by field. */
    private Draft draft(Instant now) {
        Draft d = new Draft(this);
        d.updatedAt = now;
        d.revision = revision + 1;
        return d;
    }

    /** A mutable copy, so each transition names only what it changes. */
    private static final class Draft {
        private final Incident from;
        String severity;
        IncidentStatus status;
        final List<String> affectedTargets;
        final List<String> activeAlerts;
        final List<String> alertKeys;
        final List<Problem> problems;
        Instant mitigatedAt;
        Instant resolvedAt;
        Instant closedAt;
        int reopenCount;
        String attribution;
        boolean planned;
        Instant acknowledgedAt;
        String acknowledgedBy;
        final List<TimelineEntry> timeline;
        SlaRecord sla;
        WrittenReport writtenReport;
        Instant updatedAt;
        long signalOffset;
        long revision;
        PartyRef responsibleParty;
        final List<Responsibility> responsibility;
        final List<String> partyIds;

        Draft(Incident i) {
            from = i;
            severity = i.severity;
            status = i.status;
            affectedTargets = new ArrayList<>(i.affectedTargets);
            activeAlerts = new ArrayList<>(i.activeAlerts);
            alertKeys = new ArrayList<>(i.alertKeys);
            problems = new ArrayList<>(i.problems);
            mitigatedAt = i.mitigatedAt;
            resolvedAt = i.resolvedAt;
            closedAt = i.closedAt;
            reopenCount = i.reopenCount;
            attribution = i.attribution;
            planned = i.planned;
            acknowledgedAt = i.acknowledgedAt;
            acknowledgedBy = i.acknowledgedBy;
            timeline = new ArrayList<>(i.timeline);
            sla = i.sla;
            writtenReport = i.writtenReport;
            updatedAt = i.updatedAt;
            signalOffset = i.signalOffset;
            revision = i.revision;
            responsibleParty = i.responsibleParty;
            responsibility = new ArrayList<>(i.responsibility);
            partyIds = new ArrayList<>(i.partyIds);
        }

        /**
         * Provisionally recovered at {@code at}, which Mihari learned at {@code madeAt} (the monitoring: as it
         * happened; a person's mark: when it was applied): the recovery report is due, status reports stop, and an
         * outage of the required length (or more) needs a written report, due some days later.
         */
        void mitigate(Instant at, Instant madeAt, SlaPolicy policy) {
            status = IncidentStatus.MITIGATED;
            mitigatedAt = at;
            sla = sla.recoveryDue(at, madeAt);
            if (!planned && !sla.muted() && sla.postIncidentReport() == null && writtenReport == null
                    && policy.reportRequired(Duration.between(from.startedAt, at))) {
                sla = sla.withPostIncidentReport(new SlaRecord.ReportClock(at.plus(policy.reportDueAfter()), null, null,
                        List.of(), null, null, from.owner()));
            }
        }

        /** The problem of a firing alert: new, or the same key firing again (its latest cause and facts). */
        void problem(Alert alert) {
            for (int i = 0; i < problems.size(); i++) {
                if (problems.get(i).key().equals(alert.key())) {
                    problems.set(i, problems.get(i).firedAgain(alert));
                    return;
                }
            }
            problems.add(Problem.of(alert));
        }

        /** RESOLVED with no written report outstanding is done: CLOSED. */
        void closeIfDone(Instant now) {
            boolean reportOutstanding = sla.postIncidentReport() != null && writtenReport == null;
            if (status == IncidentStatus.RESOLVED && !reportOutstanding) {
                status = IncidentStatus.CLOSED;
                closedAt = now;
                timeline.add(TimelineEntry.of(now, "CLOSED", null, "incident closed", ProblemWords.closed()));
            }
        }

        Incident build() {
            Incident i = from;
            return new Incident(i.id, i.tenant, i.system, i.serviceId, i.vendor, i.kind, severity, status, i.title,
                    affectedTargets, activeAlerts, alertKeys, i.detectedAt, i.startedAt, i.openedAt, mitigatedAt,
                    resolvedAt, closedAt, reopenCount, attribution, planned, acknowledgedAt, acknowledgedBy, timeline,
                    sla, writtenReport, updatedAt, signalOffset, revision, problems, null, null, responsibleParty,
                    responsibility, partyIds);
        }
    }
}
