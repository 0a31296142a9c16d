package io.mihari.e2e;

import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.user.UserException;
import com.icegreen.greenmail.user.UserManager;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.mihari.testsupport.FreePorts;
import jakarta.mail.MessagingException;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The fault run's SMTP server (GreenMail in the run's JVM, on a fixed free port) that can be stopped — an SMTP server
 * down: connections refused — and started again on the same port. Every delivery is noted per recipient with the
 * instant GreenMail accepted it (before it answers {@code 250}), its Message-ID and its incident header.
 */
final class FaultMailbox implements AutoCloseable {

    /** One mail as one recipient got it. */
    record Delivery(Instant at, String recipient, String messageId, String incident, String subject) {
    }

    private final Clock clock;
    private final int port = FreePorts.next();
    private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
    private volatile GreenMail greenMail;

    FaultMailbox(Clock clock) {
        this.clock = clock;
        start();
    }

    synchronized void start() {
        if (greenMail != null) {
            return;
        }
        GreenMail fresh = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        fresh.start();
        UserManager users = fresh.getUserManager();
        users.setMessageDeliveryHandler((message, address) -> {
            Instant at = clock.instant();
            try {
                deliveries.add(new Delivery(at, address.getEmail(), header(message.getMessage(), "Message-ID"),
                        header(message.getMessage(), BenchMailbox.INCIDENT_HEADER), message.getMessage().getSubject()));
            } catch (MessagingException e) {
                deliveries.add(new Delivery(at, address.getEmail(), null, null, "(unreadable: " + e.getMessage() + ")"));
            }
            return user(users, address.getEmail());
        });
        greenMail = fresh;
    }

    /** Refuses connections from now on (already accepted mail stays noted). */
    synchronized void stop() {
        if (greenMail != null) {
            greenMail.stop();
            greenMail = null;
        }
    }

    int smtpPort() {
        return port;
    }

    List<Delivery> deliveries() {
        return new ArrayList<>(deliveries);
    }

    private static String header(jakarta.mail.internet.MimeMessage message, String name) throws MessagingException {
        String value = message.getHeader(name, null);
        return value == null ? null : value.trim();
    }

    private static GreenMailUser user(UserManager users, String email) throws UserException {
        GreenMailUser user = users.getUserByEmail(email);
        return user != null ? user : users.createUser(email, email, email);
    }

    @Override
    public void close() {
        stop();
    }
}
