package io.mihari.testsupport;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;

import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A real SMTP server (GreenMail) inside the test JVM on a free port; accepts mail for any address. */
public final class MailServer implements TestMailServer {

    private static final List<String> HEADERS = List.of("Message-ID", "In-Reply-To", "References", "Content-Language");

    private volatile GreenMail greenMail;
    private final int port;
    private final String protocol;
    private final com.icegreen.greenmail.configuration.GreenMailConfiguration configuration;
    /** Mail received before the server was last stopped (a stopped GreenMail forgets its mailboxes). */
    private final List<ReceivedMail> earlier = new java.util.concurrent.CopyOnWriteArrayList<>();

    private MailServer(GreenMail greenMail, int port, String protocol,
                       com.icegreen.greenmail.configuration.GreenMailConfiguration configuration) {
        this.greenMail = greenMail;
        this.port = port;
        this.protocol = protocol;
        this.configuration = configuration;
    }

    static MailServer start() {
        GreenMail greenMail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
        greenMail.start();
        return new MailServer(greenMail, greenMail.getSmtp().getPort(), ServerSetup.PROTOCOL_SMTP,
                com.icegreen.greenmail.configuration.GreenMailConfiguration.aConfig());
    }

    /**
     * A mail server as a city's relay or Amazon SES is: SMTPS only (TLS from the first byte, the certificate of
     * {@code certificates}' server key store) and a login ({@code account}, {@code password}) required. GreenMail's
     * TLS takes its key from system properties read at its first TLS server: one secure server per JVM.
     */
    public static MailServer startSecure(TestCertificates certificates, String account, String password) {
        System.setProperty("greenmail.tls.keystore.file", certificates.serverKeystore().toString());
        System.setProperty("greenmail.tls.keystore.password", certificates.password());
        System.setProperty("greenmail.tls.key.password", certificates.password());
        var configuration = com.icegreen.greenmail.configuration.GreenMailConfiguration.aConfig()
                .withUser(account, account, password);
        int port = FreePorts.next();
        GreenMail greenMail = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTPS))
                .withConfiguration(configuration);
        greenMail.start();
        return new MailServer(greenMail, port, ServerSetup.PROTOCOL_SMTPS, configuration);
    }

    @Override
    public String host() {
        return "127.0.0.1";
    }

    @Override
    public int smtpPort() {
        return port;
    }

    @Override
    public List<ReceivedMail> messages() {
        List<ReceivedMail> all = new java.util.ArrayList<>(earlier);
        GreenMail running = greenMail;
        if (running != null) {
            Arrays.stream(running.getReceivedMessages()).map(MailServer::toReceived).forEach(all::add);
        }
        return all;
    }

    @Override
    public synchronized void stop() {
        GreenMail running = greenMail;
        if (running != null) {
            Arrays.stream(running.getReceivedMessages()).map(MailServer::toReceived).forEach(earlier::add);
            greenMail = null;
            running.stop();
        }
    }

    @Override
    public synchronized void startAgain() {
        if (greenMail == null) {
            GreenMail fresh = new GreenMail(new ServerSetup(port, "127.0.0.1", protocol)).withConfiguration(configuration);
            fresh.start();
            greenMail = fresh;
        }
    }

    @Override
    public void purge() {
        earlier.clear();
        GreenMail running = greenMail;
        if (running == null) {
            return;
        }
        try {
            running.purgeEmailFromAllMailboxes();
        } catch (Exception e) {
            throw new IllegalStateException("cannot purge mailboxes", e);
        }
    }

    /** Also reads the mail a GreenMail container returns (its REST API gives each as MIME text). */
    static ReceivedMail toReceived(MimeMessage message) {
        try {
            List<String> to = Arrays.stream(message.getRecipients(Message.RecipientType.TO))
                    .map(Object::toString).toList();
            Map<String, String> headers = new LinkedHashMap<>();
            for (String name : HEADERS) {
                String value = message.getHeader(name, ",");
                if (value != null) {
                    headers.put(name, value);
                }
            }
            StringBuilder text = new StringBuilder();
            StringBuilder html = new StringBuilder();
            collect(message, text, html);
            return new ReceivedMail(message.getSubject(), to, text.toString(), html.toString(), headers);
        } catch (MessagingException | IOException e) {
            throw new IllegalStateException("cannot read a received mail", e);
        }
    }

    private static void collect(Part part, StringBuilder text, StringBuilder html) throws MessagingException, IOException {
        if (part.isMimeType("text/plain")) {
            text.append(part.getContent());
        } else if (part.isMimeType("text/html")) {
            html.append(part.getContent());
        } else if (part.isMimeType("multipart/*")) {
            Multipart multipart = (Multipart) part.getContent();
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart child = multipart.getBodyPart(i);
                collect(child, text, html);
            }
        }
    }

    @Override
    public synchronized void close() {
        if (greenMail != null) {
            greenMail.stop();
        }
    }
}
