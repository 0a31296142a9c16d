package io.mihari.model.catalog;

/**
 * Someone who receives incident mail.
 *
 * @param name shown in the greeting
 * @param email where mail goes
 * @param language which language the mail is written in (default Japanese)
 */
public record Contact(String name, String email, Language language) {
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
    }
}
