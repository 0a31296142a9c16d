package io.mihari.alert.incident;

/**
 * What became of a command: applied, rejected (with the reason people see), or recognised as applied before.
 *
 * @param revision the incident's revision after the command, when it changed one
 */
public record CommandOutcome(String outcome, String reason, long revision) {

    public static final String APPLIED = "APPLIED";
    public static final String REJECTED = "REJECTED";
    public static final String DUPLICATE = "DUPLICATE";

    public static CommandOutcome applied(long revision) {
        return new CommandOutcome(APPLIED, null, revision);
    }

    public static CommandOutcome rejected(String reason) {
        return new CommandOutcome(REJECTED, reason, -1);
    }

    public static CommandOutcome duplicate() {
        return new CommandOutcome(DUPLICATE, "applied before", -1);
    }
}
