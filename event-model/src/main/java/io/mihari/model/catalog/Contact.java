package io.mihari.model.catalog;

/**
 * Someone who receives incident mail.
 *
 * @param name shown in the greeting
 * @param email where mail goes
 * @param language which language the mail is written in (default Japanese)
 * @param minSeverity the least severe incident this contact is mailed about: {@code WARNING} (default, every
 *        incident), {@code MAJOR} or {@code CRITICAL} (only when the service is down)
 */
public record Contact(String name, String email, Language language, String minSeverity) {

    /** Severities in rising order, as incidents carry them. */
    public static final java.util.List<String> SEVERITIES = java.util.List.of("WARNING", "MAJOR", "CRITICAL");

    public Contact(String name, String email, Language language) {
        this(name, email, language, null);
    }

    public Contact {
        if (email == null || !email.matches("[^@\\s]+@[^@\\s]+")) {
            throw new IllegalArgumentException("email '" + email + "' is not a mail address");
        }
        if (name == null || name.isBlank()) {
            name = email;
        }
        if (language == null) {
            language = Language.JA;
        }
        if (minSeverity == null) {
            minSeverity = "WARNING";
        } else if (!SEVERITIES.contains(minSeverity)) {
            throw new IllegalArgumentException("minSeverity must be one of " + SEVERITIES + ", was '" + minSeverity + "'");
        }
    }

    /** Whether an incident of this severity is mailed to this contact. */
    public boolean wants(String severity) {
        return SEVERITIES.indexOf(severity) >= SEVERITIES.indexOf(minSeverity);
    }
}
