package io.mihari.e2e;

import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.user.MessageDeliveryHandler;
import com.icegreen.greenmail.user.UserManager;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.MessagingException;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An SMTP server (GreenMail, in the benchmark's JVM, on a free port) that notes the instant it accepts each mail:
 * GreenMail hands a mail to its mailboxes after the end of DATA and before it answers {@code 250}, and this
 * benchmark's delivery handler takes the clock there — no polling. Mail is matched to its incident by the
 * {@code X-Mihari-Incident} header alert-service writes on every incident mail.
 */
final class BenchMailbox implements AutoCloseable {

    static final String INCIDENT_HEADER = "X-Mihari-Incident";

    private final GreenMail greenMail;
    /** Incident id → the first instant a mail of that incident reached a mailbox. */
    private final Map<String, Instant> firstByIncident = new ConcurrentHashMap<>();
    private final AtomicLong delivered = new AtomicLong();

    BenchMailbox(Clock clock) {
        greenMail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
        greenMail.start();
        UserManager users = greenMail.getUserManager();
        MessageDeliveryHandler deliver = users.getMessageDeliveryHandler();
        users.setMessageDeliveryHandler((message, address) -> {
            Instant at = clock.instant();
            delivered.incrementAndGet();
            try {
                String incident = message.getMessage().getHeader(INCIDENT_HEADER, null);
                if (incident != null) {
                    firstByIncident.merge(incident.trim(), at, (a, b) -> a.isBefore(b) ? a : b);
                }
            } catch (MessagingException e) {
                // a mail without readable headers is still delivered; it just is not timed
            }
            return deliver != null ? deliver.handle(message, address) : user(users, address.getEmail());
        });
    }

    private static GreenMailUser user(UserManager users, String email) throws com.icegreen.greenmail.user.UserException {
        GreenMailUser user = users.getUserByEmail(email);
        return user != null ? user : users.createUser(email, email, email);
    }

    int smtpPort() {
        return greenMail.getSmtp().getPort();
    }

    /** When the first mail of this incident was accepted, or null when none was yet. */
    Instant firstMail(String incidentId) {
        return firstByIncident.get(incidentId);
    }

    long delivered() {
        return delivered.get();
    }

    @Override
    public void close() {
        greenMail.stop();
    }
}
