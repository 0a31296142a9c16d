package io.mihari.alert.mail;

import java.time.Instant;

/** CDI event: the SMTP server accepted a mail of an incident at {@code sentAt}. */
public record MailSent(String incidentId, String kind, Instant sentAt) {
}
