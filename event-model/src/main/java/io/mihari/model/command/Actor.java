package io.mihari.model.command;

/**
 * Who issued a command, as dashboard-api authenticated them.
 *
 * @param userId the login
 * @param role {@code admin}, {@code operator}, {@code vendor}, or {@code system} for Mihari itself
 * @param organisation the city (operators) or vendor (vendors) the user belongs to; null for admins
 * @param name how people are shown in mails and the timeline
 */
public record Actor(String userId, String role, String organisation, String name) {

    public static final String ADMIN = "admin";
    public static final String OPERATOR = "operator";
    public static final String VENDOR = "vendor";
    /** Mihari itself (dashboard-api's monthly freeze): never a person, never a login. */
    public static final String SYSTEM = "system";
    public static final java.util.List<String> ROLES = java.util.List.of(ADMIN, OPERATOR, VENDOR, SYSTEM);

    /** Mihari itself, as the issuer of its own commands. */
    public static final Actor MIHARI = new Actor("mihari", SYSTEM, null, "Mihari");

    /** The name to show: the display name, else the login. */
    public String display() {
        return name == null || name.isBlank() ? userId : name;
    }
}
