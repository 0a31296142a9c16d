package io.mihari.alert.incident;

import io.mihari.alert.detect.Alert;
import io.mihari.model.command.Command;
import io.mihari.model.catalog.Catalog;
import io.mihari.model.catalog.Service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Turns alerts into incidents, one service at a time: alerts of a service that start within the grouping
 * wait become one incident, opened when the wait has passed (at once, with {@code openAtOnceWhenCritical}, when a
 * critical target or the whole service is DOWN); later alerts join its timeline; when every
 * alert has ended the incident is MITIGATED; the same problem (same kind on the same target) coming back within
 * the reopen window after that reopens it, while another problem of the service opens its own incident with its
 * own first report (an incident stays about its problems; see docs/detection.md).
 * An alert that ends within the grouping wait opens nothing. Single writer of incident state per service
 * (the owner of the service's signal partition); thread-safe.
 */
public class IncidentService {

    private static final ZoneId JST = ZoneId.of("Asia/Tokyo");
    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(IncidentService.class);

    private final Clock clock;
    private final Supplier<Catalog> catalog;
    private final IncidentRepository repository;
    private final IncidentListener listener;
    private final Duration groupingWait;
    private final boolean openAtOnceWhenCritical;
    /** Told, for each incident opened here, how long after its first detection it was stored (a stage metric). */
    private volatile java.util.function.Consumer<Duration> openedAfter = d -> {
    };
    private final SlaPolicy policy;
    private final Duration reopenWithin;
    private final Predicate<String> serviceDown;
    private final PlannedMaintenance maintenance;

    /** Alerts waiting for the grouping wait to pass, per service. */
    private final Map<String, Pending> pending = new HashMap<>();
    /** The open incident of each service. */
    private final Map<String, Incident> open = new HashMap<>();
    /** The last mitigated incident of each service (it reopens when its problem comes back soon). */
    private final Map<String, Incident> mitigated = new HashMap<>();
    /** Every incident of the owned services that is past OPEN but not CLOSED, by id (their report clocks run). */
    private final Map<String, Incident> followUps = new HashMap<>();

    /** @param id the incident id once allocated, so a retry after a storage failure reuses it */
    /** An alert that came while its incident was being opened, with the position of its signal. */
    private record LateAlert(Alert alert, long offset) {
    }

    /**
     * @param built the incident once made from the group (kept, so a retry after a failed or timed-out write
     *        stores exactly the same document)
     * @param late alerts that came after it was built, applied once it is open
     */
    /**
     * @param due when the group opens: the first detection plus the grouping wait, or the first detection itself
     *        once it must open at once (a critical target or the whole service down)
     */
    private record Pending(Instant firstDetectedAt, Instant due, LinkedHashMap<String, Alert> alerts, String id,
            long lastOffset, boolean serviceWasDown, Incident built, List<LateAlert> late) {
        Pending at(long offset) {
            return new Pending(firstDetectedAt, due, alerts, id, Math.max(lastOffset, offset), serviceWasDown, built,
                    late);
        }

        Pending serviceDown() {
            return new Pending(firstDetectedAt, due, alerts, id, lastOffset, true, built, late);
        }

        /** No more grouping wait: due at its first detection. */
        Pending atOnce() {
            return new Pending(firstDetectedAt, firstDetectedAt, alerts, id, lastOffset, serviceWasDown, built, late);
        }
    }

    /**
     * @param serviceDown whether a service is DOWN right now (its incident is then CRITICAL)
     */
    public IncidentService(Clock clock, Supplier<Catalog> catalog, IncidentRepository repository,
            IncidentListener listener, Duration groupingWait, Duration firstReportDue, Duration reopenWithin,
            Predicate<String> serviceDown) {
        this(clock, catalog, repository, listener, groupingWait, SlaPolicy.withFirstReportDue(firstReportDue),
                reopenWithin, serviceDown, PlannedMaintenance.NONE);
    }

    /**
     * @param policy the SLA's durations
     * @param maintenance announced maintenance: trouble inside it opens a planned incident, and nobody is mailed
     */
    public IncidentService(Clock clock, Supplier<Catalog> catalog, IncidentRepository repository,
            IncidentListener listener, Duration groupingWait, SlaPolicy policy, Duration reopenWithin,
            Predicate<String> serviceDown, PlannedMaintenance maintenance) {
        this(clock, catalog, repository, listener, groupingWait, false, policy, reopenWithin, serviceDown, maintenance);
    }

    /**
     * @param openAtOnceWhenCritical whether a group opens without grouping wait as soon as a critical target of
     *        its service is DOWN or the whole service is DOWN ({@code mihari.incidents.open-at-once-when-critical})
     */
    public IncidentService(Clock clock, Supplier<Catalog> catalog, IncidentRepository repository,
            IncidentListener listener, Duration groupingWait, boolean openAtOnceWhenCritical, SlaPolicy policy,
            Duration reopenWithin, Predicate<String> serviceDown, PlannedMaintenance maintenance) {
        this.openAtOnceWhenCritical = openAtOnceWhenCritical;
        this.clock = clock;
        this.catalog = catalog;
        this.repository = repository;
        this.listener = listener;
        this.groupingWait = groupingWait;
        this.policy = policy;
        this.reopenWithin = reopenWithin;
        this.serviceDown = serviceDown;
        this.maintenance = maintenance;
    }

    /**
     * An alert of a service started, changed or ended.
     *
     * @param detectedAt when Mihari noticed (the first report is due relative to this)
     * @param signalOffset the position of the alert's signal in the service's partition; an incident that
     *        already applied this position (a replay after a restart) is left alone
     */
    public synchronized void onAlert(String serviceId, Alert alert, Instant detectedAt, long signalOffset) {
        Instant now = clock.instant();
        Incident incident = open.get(serviceId);
        if (incident != null) {
            if (signalOffset <= incident.signalOffset() || incident.alreadyHas(alert)) {
                return;
            }
            Incident updated = (alert.firing() ? incident.withAlert(alert, now)
                    : incident.withAlertResolved(alert, now, policyOf(incident))).withSignalOffset(signalOffset);
            updated = notifiedIfLoud(updated, List.of(alert), detectedAt, now).onTopOf(incident);
            if (updated.status() == IncidentStatus.MITIGATED && !updated.sla().muted()) {
                listener.mitigated(updated); // queued first (idempotent): a failed save retries both
            }
            save(updated);
            return;
        }
        Incident markedMitigated = mitigated.get(serviceId);
        if (!alert.firing() && markedMitigated != null && markedMitigated.activeAlerts().contains(alert.key())
                && signalOffset > markedMitigated.signalOffset()) {
            // a person marked it recovered before the monitoring saw the problem end: the timeline gets the end
            save(markedMitigated.withAlertResolved(alert, now, policyOf(markedMitigated)).withSignalOffset(signalOffset));
            return;
        }
        Pending building = pending.get(serviceId);
        if (building != null && building.built() != null) {
            building.late().add(new LateAlert(alert, signalOffset)); // being opened: this joins it right after
            pending.put(serviceId, building.at(signalOffset));
            return;
        }
        if (!alert.firing()) {
            Pending p = pending.get(serviceId);
            if (p != null) {
                p.alerts().remove(alert.key());
                if (p.alerts().isEmpty()) {
                    pending.remove(serviceId); // ended within the grouping wait: no incident
                }
            }
            return;
        }
        Incident last = mitigated.get(serviceId);
        if (last != null && signalOffset <= last.signalOffset()) {
            return; // a replay of what that incident already covered
        }
        if (last != null && alert.at().isBefore(last.mitigatedAt().plus(reopenWithin)) && last.sameProblem(alert)) {
            Incident reopened = last.reopen(alert, now, policyOf(last));
            long applied = signalOffset;
            Pending waiting = pending.get(serviceId); // let go only once stored: a refused write is retried with it
            if (waiting != null) {
                // another problem was waiting for its grouping wait: the service has an open incident again, which
                // it joins (one open incident per service), named in every mail by its own kind and target
                for (Alert other : waiting.alerts().values()) {
                    reopened = reopened.withAlert(other, now);
                }
                applied = Math.max(applied, waiting.lastOffset());
            }
            if (serviceDown.test(serviceId)) {
                // the service transition came before this alert, while nothing was open to hear it
                reopened = reopened.serviceDown(alert.at(), now);
            }
            List<Alert> joining = new ArrayList<>(List.of(alert));
            if (waiting != null) {
                joining.addAll(waiting.alerts().values());
            }
            reopened = notifiedIfLoud(reopened, joining, detectedAt, now);
            save(reopened.withSignalOffset(applied).onTopOf(last)); // several steps, one write
            if (waiting != null) {
                pending.remove(serviceId);
            }
            return;
        }
        Pending p = pending.computeIfAbsent(serviceId, k -> new Pending(detectedAt, detectedAt.plus(groupingWait),
                new LinkedHashMap<>(), null, signalOffset, false, null, new ArrayList<>()));
        p.alerts().put(alert.key(), alert);
        p = p.at(signalOffset);
        if (openAtOnceWhenCritical && (criticalTargetDown(serviceId, alert) || serviceDown.test(serviceId))) {
            p = p.atOnce();
        }
        pending.put(serviceId, p);
    }

    /**
     * A quiet incident (its problems on test or temporary targets) that a firing problem on a production or notified
     * target joins becomes an ordinary one from now on: its first report is queued (idempotent, like every mail) and
     * its clocks start. Anything else is returned as it is.
     */
    private Incident notifiedIfLoud(Incident incident, Collection<Alert> joining, Instant detectedAt, Instant now) {
        if (!incident.quiet() || incident.status() != IncidentStatus.OPEN) {
            return incident;
        }
        Optional<Service> service = catalog.get().service(incident.serviceId());
        Optional<Alert> loud = joining.stream().filter(Alert::firing)
                .filter(a -> service.isEmpty() || !Environments.quiet(service.get(), a.targetId())).findFirst();
        if (loud.isEmpty()) {
            return incident;
        }
        Incident notified = incident.notifiedFrom(loud.get().targetId(), detectedAt, now, policyOf(incident));
        listener.opened(notified);
        return notified;
    }

    /** Whether {@code alert} says a target the catalog marks critical for the service is DOWN. */
    private boolean criticalTargetDown(String serviceId, Alert alert) {
        if (!alert.firing() || !alert.key().equals(alert.targetId() + "|DOWN")) {
            return false;
        }
        return catalog.get().service(serviceId).map(s -> s.targets().stream()
                .anyMatch(t -> t.id().equals(alert.targetId()) && t.critical())).orElse(false);
    }

    /**
     * When the next pending group is due to open (its first detection plus the grouping wait, or at once), if any:
     * incident management wakes up then and calls {@link #openDue()}, so no tick is on the way to the mail.
     */
    public synchronized Optional<Instant> nextOpening() {
        return pending.values().stream().map(Pending::due).min(Instant::compareTo);
    }

    /** Opens every pending group that is due now (the SLA clocks stay with {@link #tick()}). */
    public synchronized void openDue() {
        openGroups(clock.instant());
    }

    /** @param opened told, for each incident opened, how long after its first detection it was stored */
    public void measureOpening(java.util.function.Consumer<Duration> opened) {
        this.openedAfter = opened;
    }

    /** The service went DOWN at {@code at}: an open incident becomes CRITICAL. */
    public synchronized void onServiceDown(String serviceId, Instant at) {
        pending.computeIfPresent(serviceId, (k, p) -> openAtOnceWhenCritical ? p.serviceDown().atOnce()
                : p.serviceDown());
        Incident incident = open.get(serviceId);
        if (incident != null) {
            Incident updated = incident.serviceDown(at, clock.instant());
            if (updated != incident) {
                save(updated);
            }
        }
    }

    /** Opens every incident whose grouping wait has passed and fires every SLA clock that came due. */
    public synchronized void tick() {
        Instant now = clock.instant();
        openGroups(now);
        runClocks(now);
    }

    private void openGroups(Instant now) {
        for (Map.Entry<String, Pending> e : List.copyOf(pending.entrySet())) {
            Pending p = e.getValue();
            if (now.isBefore(p.due())) {
                continue;
            }
            Optional<Service> service = catalog.get().service(e.getKey());
            if (service.isEmpty()) {
                pending.remove(e.getKey());
                continue;
            }
            Service s = service.get();
            Incident already = open.get(e.getKey());
            if (p.built() == null && already != null) {
                // One open incident per service: the service has one again (e.g. a reopening whose write landed
                // although the caller was told it failed — its retry then found the stored copy, and the waiting
                // group was never let go). What waits joins it instead of opening a second incident (and mail).
                Incident joined = already;
                for (Alert alert : p.alerts().values()) {
                    if (!joined.alreadyHas(alert)) {
                        joined = joined.withAlert(alert, now);
                    }
                }
                joined = notifiedIfLoud(joined, p.alerts().values(), p.firstDetectedAt(), now);
                if (joined != already) {
                    save(joined.withSignalOffset(Math.max(already.signalOffset(), p.lastOffset())).onTopOf(already));
                }
                pending.remove(e.getKey());
                continue;
            }
            if (p.built() == null) {
                LocalDate day = LocalDate.ofInstant(p.firstDetectedAt(), JST);
                String id = p.id() != null ? p.id() : IncidentIds.format(day, repository.nextNumber(day));
                List<Alert> alerts = List.copyOf(p.alerts().values());
                Instant startedAt = alerts.stream().map(Alert::at).min(Instant::compareTo).orElse(p.firstDetectedAt());
                // every problem on a test or temporary target: quiet (that reason wins over planned maintenance, so
                // the end of a window never mails it)
                ProblemWords.Text quiet = Environments.quietReason(s, alerts).orElse(null);
                boolean planned = quiet == null && maintenance.covers(s.id(),
                        alerts.stream().map(Alert::targetId).distinct().toList(), startedAt);
                PartyRef party = partyOf(s, "VENDOR", now);
                Incident built = Incident.open(id, s.tenant(), s.system(), s.id(), s.vendor(), alerts,
                        p.serviceWasDown() || serviceDown.test(s.id()), p.firstDetectedAt(), now,
                        policyFor(party == null ? null : party.id()), planned, party, quiet)
                        .withSignalOffset(p.lastOffset());
                p = new Pending(p.firstDetectedAt(), p.due(), p.alerts(), id, p.lastOffset(), p.serviceWasDown(),
                        built, p.late());
                pending.put(e.getKey(), p);
            }
            // Stored and its first report queued before the pending group is let go: if either fails, the next
            // tick stores the very same document again (a write that did land is then recognised) and queues the
            // same report (its mail ids are fixed).
            Incident incident = p.built();
            try {
                repository.save(incident);
            } catch (IncidentConflictException conflict) {
                Incident stored = repository.find(incident.id()).orElseThrow(() -> conflict);
                if (stored.revision() < incident.revision()) {
                    throw conflict;
                }
                incident = stored; // it was stored (a timed-out write that landed) and may have moved on since
            }
            if (!incident.sla().muted()) { // planned maintenance or quiet environment: nobody is mailed
                listener.opened(incident);
            }
            pending.remove(e.getKey());
            openedAfter.accept(Duration.between(p.firstDetectedAt(), clock.instant()));
            remember(incident);
            for (LateAlert late : p.late()) {
                try {
                    onAlert(s.id(), late.alert(), p.firstDetectedAt(), late.offset());
                } catch (RuntimeException ex) {
                    LOG.warnf("alert %s could not join %s (%s); the next alert of its key sets it right",
                            late.alert().key(), incident.id(), ex.getMessage());
                }
            }
        }
    }

    /**
     * The SLA clocks of the owned incidents, from the instants stored with them: a planned incident whose
     * maintenance is over becomes ordinary; the vendor is reminded before a status report is due; at the deadline
     * with no report Mihari sends its own; a required written report is requested, then reminded. Each change is
     * stored after its mail is queued (mail ids are fixed), so a failure repeats it on the next tick, never twice.
     */
    private void runClocks(Instant now) {
        for (Incident incident : List.copyOf(open.values())) {
            try {
                openClocks(incident, now);
            } catch (RuntimeException e) {
                LOG.warnf("SLA clock of %s not run (%s); retrying on the next tick", incident.id(), e.getMessage());
            }
            Incident current = open.get(incident.serviceId()); // as the SLA clock left it
            if (current == null || !current.id().equals(incident.id())) {
                continue;
            }
            try {
                escalationClock(current, now);
            } catch (RuntimeException e) {
                LOG.warnf("escalation of %s not run (%s); retrying on the next tick", incident.id(), e.getMessage());
            }
        }
        for (Incident incident : List.copyOf(followUps.values())) {
            try {
                reportClock(incident, now);
            } catch (RuntimeException e) {
                LOG.warnf("report clock of %s not run (%s); retrying on the next tick", incident.id(), e.getMessage());
            }
        }
    }

    private void openClocks(Incident incident, Instant now) {
        if (incident.planned()) {
            if (maintenance.covers(incident.serviceId(), incident.affectedTargets(), now)) {
                return;
            }
            PartyRef party = catalog.get().service(incident.serviceId()).map(s -> partyOf(s, "VENDOR", now))
                    .orElse(null);
            incident = incident.maintenanceOver(now, policyFor(party == null ? incident.vendor() : party.id()), party);
            listener.opened(incident);
            save(incident);
        }
        Instant due = incident.sla().nextStatusReportDue();
        if (due == null) {
            return;
        }
        if (!now.isBefore(due)) {
            // Each report is made as of its own deadline and the next deadline counts from it, so the schedule does
            // not drift with the tick. Deadlines that all passed while Mihari was not running are each recorded (each
            // was missed) but only the latest is mailed: one mail saying how things stand, not a burst of old ones.
            Incident updated = incident;
            int made = 0;
            SlaPolicy partyPolicy = policyOf(incident);
            while (due != null && !now.isBefore(due)) {
                boolean later = !now.isBefore(due.plus(partyPolicy.statusReportEvery()));
                updated = updated.automaticStatusReport(summary(updated, due), now, partyPolicy, later);
                due = updated.sla().nextStatusReportDue();
                made++;
            }
            updated = updated.onTopOf(incident); // every deadline that passed, one write
            SlaRecord.StatusReport report = updated.sla().statusReports().get(updated.sla().statusReports().size() - 1);
            listener.statusReport(updated, report);
            save(updated);
            LOG.infof("%s: nobody reported by %s; automatic status report #%d%s", incident.id(), report.dueAt(),
                    report.seq(), made > 1 ? " (" + (made - 1) + " earlier deadline(s) passed while Mihari was not "
                            + "running: recorded, not mailed)" : "");
        } else if (!now.isBefore(due.minus(policy.reminderBefore())) && !incident.sla().remindedFor(due)) {
            listener.statusReminder(incident, due);
            save(incident.statusReminderMade(due, now));
        }
    }

    /**
     * The escalation of an open CRITICAL incident that nobody has acknowledged (docs/sla.md, "Escalation"): step k is
     * due at the instant it became CRITICAL + k × the catalog's {@code after}, and goes to the step's contacts (outside
     * business hours on the city's calendar: the off-hours contacts). Each step is made as of its due instant; steps
     * that all came due while Mihari was not running are each made and mailed (each list is told). The mails are
     * queued before the incident is stored (their ids are fixed by incident and step), so a failed write repeats them
     * on the next tick without a second mail, and a restarted or another instance sees the steps already made.
     * An acknowledgement, the provisional recovery, the service no longer DOWN or planned maintenance stops it.
     */
    private void escalationClock(Incident incident, Instant now) {
        if (incident.status() != IncidentStatus.OPEN || incident.planned() || incident.sla().muted()
                || incident.acknowledgedAt() != null || !serviceDown.test(incident.serviceId())) {
            return; // only while the service itself is DOWN: a problem left after it came back pages nobody
        }
        Instant since = incident.criticalSince();
        if (since == null) {
            return;
        }
        if (incident.sla().escalation() == null || incident.sla().escalation().criticalSince() == null) {
            save(incident.escalationClockStarted(now)); // stored before escalation existed: counts from now
            return;
        }
        Catalog current = catalog.get();
        Optional<io.mihari.model.catalog.Escalation> configured = current.escalation(incident.serviceId());
        Optional<Service> service = current.service(incident.serviceId());
        if (configured.isEmpty() || service.isEmpty()) {
            return;
        }
        io.mihari.model.catalog.Escalation escalation = configured.get();
        io.mihari.model.calendar.BusinessCalendar calendar = current.tenants().stream()
                .filter(t -> t.id().equals(incident.tenant())).findFirst().map(io.mihari.model.catalog.Tenant::calendar)
                .orElse(io.mihari.model.calendar.BusinessCalendar.JAPAN);
        ZoneId zone = service.get().timeZone() != null ? service.get().timeZone() : JST;
        SlaRecord.EscalationClock clock = incident.sla().escalation();
        int step = clock == null ? 1 : clock.nextStep();
        Incident updated = incident;
        List<SlaRecord.EscalationStep> made = new ArrayList<>();
        for (; step <= escalation.stepCount(); step++) {
            Instant due = escalation.dueAt(since, step);
            if (now.isBefore(due)) {
                break;
            }
            boolean offHours = escalation.offHoursAt(due, calendar, zone);
            List<String> to = escalation.contacts(step, offHours).stream()
                    .map(io.mihari.model.catalog.Contact::email).distinct().toList();
            if (to.isEmpty()) {
                break;
            }
            SlaRecord.EscalationStep s = new SlaRecord.EscalationStep(step, due, now,
                    escalation.usesOffHours(step, offHours), to, null);
            updated = updated.escalated(s, now);
            made.add(s);
        }
        if (made.isEmpty()) {
            return;
        }
        updated = updated.onTopOf(incident); // every step that came due, one write
        for (SlaRecord.EscalationStep s : made) {
            listener.escalated(updated, s);
        }
        save(updated);
        LOG.infof("%s: unacknowledged since it became CRITICAL at %s; escalation step(s) %s", incident.id(), since,
                made.stream().map(s -> s.step() + " to " + s.to()).toList());
    }

    private void reportClock(Incident incident, Instant now) {
        SlaRecord.ReportClock clock = incident.sla().postIncidentReport();
        if (clock == null || clock.submittedAt() != null || incident.writtenReport() != null) {
            return;
        }
        if (clock.requestedAt() == null) {
            Incident updated = incident.reportRequested(now);
            listener.reportRequested(updated);
            save(updated);
            return;
        }
        Instant next = clock.nextReminder(policy);
        if (next != null && !now.isBefore(next)) {
            Incident updated = incident.reportReminderMade(now);
            listener.reportReminder(updated, updated.sla().postIncidentReport().reminders().size());
            save(updated);
        }
    }

    /**
     * The SLA durations of a party: its own {@code sla.firstReportWithin} / {@code sla.statusReportEvery} (catalog),
     * else the configured ones.
     */
    SlaPolicy policyFor(String partyId) {
        io.mihari.model.catalog.PartySla sla = catalog.get().party(partyId).map(io.mihari.model.catalog.Vendor::sla)
                .orElse(null);
        if (sla == null || (sla.firstReport() == null && sla.statusReport() == null)) {
            return policy;
        }
        return new SlaPolicy(sla.firstReport() != null ? sla.firstReport() : policy.firstReportDue(),
                sla.statusReport() != null ? sla.statusReport() : policy.statusReportEvery(), policy.reminderBefore(),
                policy.reportRequiredAfter(), policy.reportDueAfter(), policy.reportReminderBefore(),
                policy.reportReminderEvery());
    }

    /** The SLA durations of the party responsible for the incident now. */
    SlaPolicy policyOf(Incident incident) {
        return policyFor(incident.owner());
    }

    /** The party that answers for {@code service} under {@code attribution}, from {@code since}; null = nobody. */
    private PartyRef partyOf(Service service, String attribution, Instant since) {
        return catalog.get().responsible(service, attribution)
                .map(r -> new PartyRef(r.id(), r.kind().name(), since)).orElse(null);
    }

    /** What Mihari can say by itself in an automatic status report made as of {@code now}. */
    static String summary(Incident incident, Instant now) {
        return ProblemWords.automaticSummary(incident, now, false);
    }

    /**
     * A person's command on an incident of an owned service (its signal at {@code signalOffset}): applied once,
     * or rejected with the reason. A command whose signal the incident has already applied is a duplicate.
     *
     * @throws RuntimeException when storage fails (the caller retries; nothing was applied)
     */
    public synchronized CommandOutcome onCommand(Command command, long signalOffset) {
        Instant now = clock.instant();
        Optional<Incident> found = known(command.incidentId()).or(() -> repository.find(command.incidentId()));
        if (found.isEmpty()) {
            // a party that does not operate the service is judged against the incident; without one it may not
            Optional<String> refusal = catalog.get().service(command.serviceId()).flatMap(
                    s -> io.mihari.model.command.CommandPermissions.refusal(command, s, null));
            return CommandOutcome.rejected(refusal.orElse("incidentId: no incident " + command.incidentId()));
        }
        Incident incident = found.get();
        if (!incident.serviceId().equals(command.serviceId())) {
            return CommandOutcome.rejected("incidentId: " + command.incidentId() + " is not an incident of service "
                    + command.serviceId());
        }
        if (signalOffset <= incident.signalOffset()) {
            return CommandOutcome.duplicate();
        }
        Optional<Service> service = catalog.get().service(incident.serviceId());
        if (service.isPresent()) {
            // who may: the service's parties as before, and the party responsible for this incident now (docs/parties.md)
            Optional<String> refusal = io.mihari.model.command.CommandPermissions.refusal(command, service.get(),
                    incident.owner());
            if (refusal.isPresent()) {
                return CommandOutcome.rejected(refusal.get());
            }
        }
        io.mihari.model.command.Actor actor = command.actor();
        boolean partyUser = io.mihari.model.command.Actor.VENDOR.equals(actor.role());
        if (command.type() == io.mihari.model.command.CommandType.SUBMIT_REPORT && partyUser
                && incident.writtenReportOwner() != null && !incident.writtenReportOwner().equals(actor.organisation())) {
            return CommandOutcome.rejected("actor.organisation: the written report of " + incident.id() + " is owed by "
                    + incident.writtenReportOwner() + ", not by " + actor.organisation());
        }
        if (command.type() == io.mihari.model.command.CommandType.SET_ATTRIBUTION
                && incident.status() == IncidentStatus.OPEN && incident.sla().nextStatusReportDue() != null
                && !now.isBefore(incident.sla().nextStatusReportDue())) {
            // a deadline passed before the move: judged against whoever owed it then (the tick would have)
            openClocks(incident, now);
            incident = known(incident.id()).orElse(incident);
        }
        String author = actor.display();
        Instant at = command.issuedAt().isAfter(now) ? now : command.issuedAt();
        Instant reported = command.reportedAt() == null ? at : command.reportedAt().isAfter(at) ? at
                : command.reportedAt();
        String onBehalfOf = command.reportedAt() == null ? null : command.type()
                == io.mihari.model.command.CommandType.SUBMIT_REPORT ? incident.writtenReportOwner()
                : incident.statusReportOwner();
        SlaPolicy partyPolicy = policyOf(incident);
        boolean moved = false;
        Incident updated;
        try {
            updated = switch (command.type()) {
                case POST_UPDATE -> incident.statusUpdate(command.message(), author, reported, now, partyPolicy,
                        partyUser ? actor.organisation() : null, onBehalfOf);
                case MARK_MITIGATED -> incident.markMitigated(command.at() == null ? at
                        : command.at().isAfter(now) ? now : command.at(), author, command.message(), now, partyPolicy);
                case MARK_RESOLVED -> incident.resolve(author, command.message(), now);
                case ACKNOWLEDGE -> incident.acknowledge(author, command.message(), now);
                case SET_ATTRIBUTION -> {
                    Incident attributed = incident.attribute(command.attribution().name(), author, command.message(),
                            now);
                    if (service.isEmpty()) {
                        yield attributed;
                    }
                    PartyRef party = partyOf(service.get(), command.attribution().name(), now);
                    Incident after = attributed.moveResponsibility(party, command.attribution().name(), now,
                            policyFor(party == null ? null : party.id()), partyOf(service.get(), "VENDOR",
                                    incident.openedAt()));
                    moved = after != attributed;
                    yield after;
                }
                case SUBMIT_REPORT -> incident.submitReport(WrittenReport.of(command.report(), author, now), reported,
                        now);
                default -> throw new IllegalArgumentException("type: " + command.type() + " is not a command on an incident");
            };
        } catch (IllegalStateException | IllegalArgumentException e) {
            return CommandOutcome.rejected(e.getMessage());
        }
        updated = updated.withSignalOffset(signalOffset).onTopOf(incident); // e.g. attributed and moved: one write
        boolean mailed = !updated.sla().muted();
        if (moved && mailed && updated.responsibleParty() != null) {
            listener.responsibilityMoved(updated);
        }
        switch (command.type()) {
            case POST_UPDATE -> {
                if (mailed) {
                    listener.statusReport(updated, updated.sla().statusReports().get(
                            updated.sla().statusReports().size() - 1));
                }
            }
            case MARK_MITIGATED -> {
                if (mailed) {
                    listener.mitigated(updated);
                }
            }
            case SUBMIT_REPORT -> listener.reportSubmitted(updated);
            default -> {
            }
        }
        save(updated);
        return CommandOutcome.applied(updated.revision());
    }

    /** An incident of an owned service as held in memory. */
    private Optional<Incident> known(String incidentId) {
        return open.values().stream().filter(i -> i.id().equals(incidentId)).findFirst()
                .or(() -> Optional.ofNullable(followUps.get(incidentId)))
                .or(() -> mitigated.values().stream().filter(i -> i.id().equals(incidentId)).findFirst());
    }

    /** Whether alerts of this service are waiting for the grouping wait (their signals must be kept). */
    public synchronized boolean hasPending(String serviceId) {
        return pending.containsKey(serviceId);
    }

    /**
     * After a restart or a rebalance: the incidents of these services that are open or were mitigated
     * recently, as stored, so a recovery mitigates the incident that is already open and a relapse reopens it.
     */
    public synchronized void restore(Collection<Incident> active) {
        for (Incident incident : active) {
            if (incident.status() == IncidentStatus.OPEN) {
                open.merge(incident.serviceId(), incident, IncidentService::newer);
            } else if (incident.status() == IncidentStatus.MITIGATED) {
                mitigated.merge(incident.serviceId(), incident, IncidentService::newer);
            }
            if (incident.status() == IncidentStatus.MITIGATED || incident.status() == IncidentStatus.RESOLVED) {
                followUps.merge(incident.id(), incident, IncidentService::newer);
            }
        }
    }

    /** These services are handled by another instance now. */
    public synchronized void forget(Collection<String> serviceIds) {
        for (String id : serviceIds) {
            open.remove(id);
            mitigated.remove(id);
            pending.remove(id);
            followUps.values().removeIf(i -> i.serviceId().equals(id));
        }
    }

    /**
     * The first report of an incident was accepted by the SMTP server at {@code at}. The mail may have been
     * sent by another instance than the one running the incident's service: then only the stored incident is
     * updated (read, change, write with optimistic concurrency, again on a conflict), and the owner picks the
     * change up when its own next write conflicts.
     */
    public synchronized void firstReportSent(String incidentId, Instant at) {
        reportSent("FIRST_REPORT", incidentId, at);
    }

    /**
     * A mail of the incident was accepted by the SMTP server at {@code at}: the SLA record keeps the first such
     * instant of each report ({@code FIRST_REPORT}, {@code STATUS_REPORT} number {@code ref}, {@code RECOVERY},
     * {@code REPORT_REQUEST}, {@code ESCALATION} step {@code ref}); other mails change nothing.
     */
    public synchronized void reportSent(String kind, String ref, String incidentId, Instant at) {
        java.util.function.UnaryOperator<Incident> change = switch (kind) {
            case "FIRST_REPORT" -> i -> i.firstReportSent(at);
            case "RECOVERY" -> i -> i.recoveryReportSent(at);
            case "STATUS_REPORT" -> ref == null ? null : i -> i.statusReportSent(Integer.parseInt(ref), at);
            case "REPORT_REQUEST" -> i -> i.reportRequestSent(at);
            case "ESCALATION" -> ref == null ? null : i -> i.escalationSent(Integer.parseInt(ref), at);
            default -> null;
        };
        if (change == null) {
            return;
        }
        applyStored(incidentId, change);
    }

    /** Kept for callers that know only the report kind. */
    public synchronized void reportSent(String kind, String incidentId, Instant at) {
        reportSent(kind, null, incidentId, at);
    }

    private void applyStored(String incidentId, java.util.function.UnaryOperator<Incident> change) {
        Optional<Incident> owned = known(incidentId);
        if (owned.isPresent()) {
            Incident updated = change.apply(owned.get());
            if (updated == owned.get()) {
                return;
            }
            try {
                save(updated);
                return;
            } catch (IncidentConflictException e) {
                // reloaded by save(): apply to the stored copy below
            }
        }
        for (int attempt = 0; attempt < 5; attempt++) {
            Optional<Incident> stored = repository.find(incidentId);
            if (stored.isEmpty()) {
                return;
            }
            Incident updated = change.apply(stored.get());
            if (updated == stored.get()) {
                return;
            }
            try {
                repository.save(updated);
                if (owned.isPresent()) {
                    remember(updated);
                }
                return;
            } catch (IncidentConflictException e) {
                // changed meanwhile: read again
            }
        }
        throw new IncidentConflictException(incidentId, -1);
    }

    public synchronized Optional<Incident> openIncident(String serviceId) {
        return Optional.ofNullable(open.get(serviceId));
    }

    private static Incident newer(Incident a, Incident b) {
        return b.revision() > a.revision() ? b : a;
    }

    /**
     * Stores first; the in-memory view changes only once the store has it. When the store holds a newer
     * revision (another writer), the stored incident replaces the in-memory one and the conflict is thrown:
     * the caller applies its change again to the fresh copy (incident management retries the signal).
     */
    private void save(Incident incident) {
        try {
            repository.save(incident);
        } catch (IncidentConflictException e) {
            repository.find(incident.id()).ifPresent(this::remember);
            throw e;
        }
        remember(incident);
    }

    /** Makes {@code incident} the in-memory view of its service. */
    private void remember(Incident incident) {
        String service = incident.serviceId();
        if (incident.status() == IncidentStatus.OPEN) {
            open.put(service, incident);
            mitigated.remove(service);
        } else {
            Incident current = open.get(service);
            if (current != null && current.id().equals(incident.id())) {
                open.remove(service);
            }
            Incident last = mitigated.get(service);
            if (incident.status() == IncidentStatus.MITIGATED) {
                mitigated.put(service, incident);
            } else if (last != null && last.id().equals(incident.id())) {
                mitigated.remove(service); // resolved or closed: it does not reopen
            }
        }
        if (incident.status() == IncidentStatus.MITIGATED || incident.status() == IncidentStatus.RESOLVED) {
            followUps.put(incident.id(), incident);
        } else {
            followUps.remove(incident.id());
        }
    }

    /** Everything currently pending, for tests and diagnostics. */
    synchronized Map<String, List<Alert>> pendingAlerts() {
        Map<String, List<Alert>> all = new HashMap<>();
        pending.forEach((k, v) -> all.put(k, new ArrayList<>(v.alerts().values())));
        return all;
    }
}
