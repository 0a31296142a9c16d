package io.mihari.model.command;

/**
 * Who issued a command, as dashboard-api authenticated them.
 *
 * @param userId the login
 * @param role {@code admin}, {@code operator} or {@code vendor}
 * @param organisation the city (operators) or vendor (vendors) the user belongs to; null for admins
 * @param name how people are shown in mails and the timeline
 */
public record Actor(String userId, String role, String organisation, String name) {

    /** The name to show: the display name, else the login. */
    public String display() {
        return name == null || name.isBlank() ? userId : name;
    }
}
