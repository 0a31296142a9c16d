package io.mihari.alert.mail;

import java.time.Instant;
import java.util.List;

/**
 * A mail in {@code mihari-outbox}: rendered once, stored, then sent and retried until the SMTP server
 * accepts it. The stored text is exactly what is sent, so a retry sends the same mail.
 *
 * @param id deterministic ({@code incident-kind-language}), so the same report is never queued twice
 * @param sentAt when the SMTP server accepted it; the SLA record takes this instant
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
        String lastError) {

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
        return new OutboxMail(id, incidentId, kind, language, to, subject, text, html, PENDING, 0, now, now, null,
                null);
    }

    OutboxMail sent(Instant at) {
        return new OutboxMail(id, incidentId, kind, language, to, subject, text, html, SENT, attempts + 1, createdAt,
                null, at, null);
    }

    /** Taken by one sender until {@code until}: others leave it alone; if that sender dies it is due again then. */
    OutboxMail claimed(Instant until) {
        return new OutboxMail(id, incidentId, kind, language, to, subject, text, html, PENDING, attempts, createdAt,
                until, null, lastError);
    }

    OutboxMail failed(Instant at, Instant retryAt, String error) {
        return new OutboxMail(id, incidentId, kind, language, to, subject, text, html, PENDING, attempts + 1,
                createdAt, retryAt, null, error);
    }
}
