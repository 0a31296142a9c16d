package io.mihari.model.command;

import io.mihari.model.catalog.Service;

import java.util.Optional;

/**
 * Who may issue which command on which service — one rule, enforced twice: by dashboard-api before it signs and
 * publishes a command (403), and by alert-service from the verified actor before it applies one (rejected). The
 * measured party never decides what counts against it: a vendor does not set attribution, does not approve
 * maintenance and does not freeze or correct a month's figures.
 *
 * <ul>
 * <li>an administrator may issue every command on every service;</li>
 * <li>a city's operator every command on the city's services but freezing or correcting a month (administrators'
 * revisions);</li>
 * <li>a vendor only on the services it operates, and not SET_ATTRIBUTION, APPROVE_/REJECT_MAINTENANCE or
 * FREEZE_MONTH; besides, a party (cloud provider, carrier, app vendor) may post status updates, mark mitigated,
 * acknowledge and submit the written report on an incident it is <em>currently responsible</em> for
 * ({@code responsibleParty} of the incident, docs/parties.md) even though another party operates the service — and
 * no other party ever may; a vendor never records a report on someone's behalf ({@code reportedAt});</li>
 * <li>Mihari itself ({@link Actor#SYSTEM}) only freezes a finished month (revision 1, without a reason).</li>
 * </ul>
 */
public final class CommandPermissions {

    private CommandPermissions() {
    }

    /** Commands a party may issue on an incident it is responsible for, whoever operates the service. */
    public static final java.util.Set<CommandType> PARTY_COMMANDS = java.util.EnumSet.of(CommandType.POST_UPDATE,
            CommandType.MARK_MITIGATED, CommandType.ACKNOWLEDGE, CommandType.SUBMIT_REPORT);

    /**
     * Why {@code command}'s actor may not issue it on {@code service}; empty when allowed. Without the incident at hand
     * only the service's own vendor may issue incident commands as a vendor.
     */
    public static Optional<String> refusal(Command command, Service service) {
        return refusal(command, service, null);
    }

    /**
     * Why {@code command}'s actor may not issue it on an incident of {@code service} whose responsible party is
     * {@code responsibleParty} (null: nobody, or not known); empty when allowed.
     */
    public static Optional<String> refusal(Command command, Service service, String responsibleParty) {
        Actor actor = command.actor();
        if (Actor.VENDOR.equals(actor.role()) && command.reportedAt() != null) {
            return Optional.of("reportedAt: a vendor reports for itself; only the city's operator or an "
                    + "administrator records a report on a party's behalf");
        }
        if (Actor.VENDOR.equals(actor.role()) && actor.organisation() != null
                && !actor.organisation().equals(service.vendor())) {
            if (actor.organisation().equals(responsibleParty) && PARTY_COMMANDS.contains(command.type())) {
                return Optional.empty();
            }
            return Optional.of("actor.organisation: vendor " + actor.organisation() + " does not operate "
                    + service.id() + (responsibleParty == null ? "" : " and is not responsible for incident "
                            + command.incidentId() + " (" + responsibleParty + " is)"));
        }
        return serviceRefusal(command, service);
    }

    /**
     * The rule the command bridge applies before the incident is at hand: a vendor's incident command on a service
     * another party operates passes here and is judged against the incident's responsible party when applied.
     */
    public static Optional<String> refusalBeforeIncident(Command command, Service service) {
        Actor actor = command.actor();
        if (Actor.VENDOR.equals(actor.role()) && command.type() != null && PARTY_COMMANDS.contains(command.type())
                && command.reportedAt() == null && actor.organisation() != null
                && !actor.organisation().equals(service.vendor())) {
            return Optional.empty();
        }
        return refusal(command, service, null);
    }

    private static Optional<String> serviceRefusal(Command command, Service service) {
        Actor actor = command.actor();
        CommandType type = command.type();
        String org = actor.organisation();
        return switch (actor.role()) {
            case Actor.ADMIN -> Optional.empty();
            case Actor.SYSTEM -> type == CommandType.FREEZE_MONTH
                    && (command.message() == null || command.message().isBlank()) ? Optional.empty()
                    : Optional.of("actor.role: Mihari itself only freezes a finished month");
            case Actor.OPERATOR -> {
                if (!service.tenant().equals(org)) {
                    yield Optional.of("actor.organisation: " + org + " is not the city of " + service.id());
                }
                yield type == CommandType.FREEZE_MONTH ? Optional.of("actor.role: a month's report is frozen by "
                        + "Mihari and corrected only by an administrator, as a revision with its reason")
                        : Optional.empty();
            }
            case Actor.VENDOR -> {
                if (!service.vendor().equals(org)) {
                    yield Optional.of("actor.organisation: vendor " + org + " does not operate " + service.id());
                }
                yield switch (type) {
                    case SET_ATTRIBUTION -> Optional.of("actor.role: the attribution of an incident is set by the "
                            + "city or an administrator, never by the vendor");
                    case APPROVE_MAINTENANCE, REJECT_MAINTENANCE -> Optional.of("actor.role: a maintenance window "
                            + "is approved or refused by the city or an administrator, never by the vendor");
                    case FREEZE_MONTH -> Optional.of("actor.role: a month's report is frozen by Mihari and corrected "
                            + "only by an administrator");
                    default -> Optional.empty();
                };
            }
            default -> Optional.of("actor.role: unknown role " + actor.role());
        };
    }
}
