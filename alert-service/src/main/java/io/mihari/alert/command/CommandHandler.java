package io.mihari.alert.command;

import io.mihari.alert.incident.CommandOutcome;
import io.mihari.alert.incident.IncidentService;
import io.mihari.alert.maintenance.MaintenanceCalendar;
import io.mihari.model.command.Command;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;

/**
 * Applies a person's command that reached the owner of its service (through the service's signal partition):
 * once per command id, in the order people issued them per service; the outcome is recorded either way.
 */
@ApplicationScoped
public class CommandHandler {

    private static final Logger LOG = Logger.getLogger(CommandHandler.class);

    private final IncidentService incidents;
    private final MaintenanceCalendar maintenance;
    private final CommandOutcomes outcomes;
    private final Clock clock;
    private final io.mihari.alert.report.MonthlyReports reports;

    CommandHandler(IncidentService incidents, MaintenanceCalendar maintenance, CommandOutcomes outcomes, Clock clock,
            io.mihari.alert.report.MonthlyReports reports) {
        this.reports = reports;
        this.incidents = incidents;
        this.maintenance = maintenance;
        this.outcomes = outcomes;
        this.clock = clock;
    }

    /**
     * @param signalOffset the position of the command's signal (an incident that applied it already says so)
     * @throws RuntimeException when storage fails; nothing is recorded and applying again is safe
     */
    public CommandOutcome apply(Command command, long signalOffset) {
        if (outcomes.known(command.commandId())) {
            return CommandOutcome.duplicate();
        }
        // every type has its place: incidents, maintenance windows (created, approved, rejected, withdrawn), months
        CommandOutcome outcome = command.type().onIncident() ? incidents.onCommand(command, signalOffset)
                : command.type().onMaintenance() ? maintenance.apply(command)
                : reports.freeze(command);
        outcomes.record(command, outcome, clock.instant());
        if (CommandOutcome.REJECTED.equals(outcome.outcome())) {
            LOG.warnf("command %s (%s by %s) rejected: %s", command.commandId(), command.type(),
                    command.actor().userId(), outcome.reason());
        } else {
            LOG.infof("command %s (%s by %s on %s): %s", command.commandId(), command.type(), command.actor().userId(),
                    command.incidentId() != null ? command.incidentId() : command.serviceId(), outcome.outcome());
        }
        return outcome;
    }
}
