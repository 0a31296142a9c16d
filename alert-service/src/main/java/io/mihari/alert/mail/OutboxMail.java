package io.mihari.alert.mail;

import java.time.Instant;
import java.util.List;

/**
 * A mail in {@code mihari-outbox}: rendered once, stored, then sent and retried until the SMTP server
 * accepts it. The stored text is exactly what is sent, so a retry sends the same mail.
 *
 * @param id deterministic ({@code incident-kind-language}), so the same report is never queued twice
 * @param sentAt when the SMTP server accepted it; the SLA record takes this instant
 * @param ref which report of its kind, e.g. the number of a status report; null when the kind has one
 */
public record OutboxMail(
        String id,
        String incidentId,
        String kind,
        String language,
        List<String> to,
        String subject,
        String text,
        String html,
        String status,
        int attempts,
        Instant createdAt,
        Instant nextAttemptAt,
        Instant sentAt,
        String lastError,
        String ref) {

    public static final String PENDING = "PENDING";
    public static final String SENT = "SENT";

    public OutboxMail {
        to = List.copyOf(to);
        if (to.isEmpty()) {
            throw new IllegalArgumentException("a mail needs at least one recipient");
        }
    }

    public static OutboxMail pending(String id, String incidentId, String kind, String language, List<String> to,
            String subject, String text, String html, Instant now) {
        return pending(id, incidentId, kind, null, language, to, subject, text, html, now);
    }

    public static OutboxMail pending(String id, String incidentId, String kind, String ref, String language,
            List<String> to, String subject, String text, String html, Instant now) {
        return new OutboxMail(id, incidentId, kind, language, to, subject, text, html, PENDING, 0, now, now, null,
                null, ref);
    }

    OutboxMail sent(Instant at) {
        return new OutboxMail(id, incidentId, kind, language, to, subject, text, html, SENT, attempts + 1, createdAt,
                null, at, null, ref);
    }

    /** Taken by one sender until {@code until}: others leave it alone; if that sender dies it is due again then. */
    OutboxMail claimed(Instant until) {
        return new OutboxMail(id, incidentId, kind, language, to, subject, text, html, PENDING, attempts, createdAt,
                until, null, lastError, ref);
    }

    OutboxMail failed(Instant at, Instant retryAt, String error) {
        return new OutboxMail(id, incidentId, kind, language, to, subject, text, html, PENDING, attempts + 1,
                createdAt, retryAt, null, error, ref);
    }
}
