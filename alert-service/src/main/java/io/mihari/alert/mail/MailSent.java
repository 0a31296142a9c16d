package io.mihari.alert.mail;

import java.time.Instant;

/**
 * CDI event: the SMTP server accepted a mail of an incident at {@code sentAt}.
 *
 * @param ref which report of its kind (a status report's number), or null
 */
public record MailSent(String incidentId, String kind, String ref, Instant sentAt) {
}
