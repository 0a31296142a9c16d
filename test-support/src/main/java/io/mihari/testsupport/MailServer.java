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
public final class MailServer implements AutoCloseable {

    private static final List<String> HEADERS = List.of("Message-ID", "In-Reply-To", "References", "Content-Language");

    private final GreenMail greenMail;

    private MailServer(GreenMail greenMail) {
        this.greenMail = greenMail;
    }

    static MailServer start() {
        GreenMail greenMail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
        greenMail.start();
        return new MailServer(greenMail);
    }

    public String host() {
        return "127.0.0.1";
    }

    public int smtpPort() {
        return greenMail.getSmtp().getPort();
    }

    /** Every mail received so far, oldest first. */
    public List<ReceivedMail> messages() {
        return Arrays.stream(greenMail.getReceivedMessages()).map(MailServer::toReceived).toList();
    }

    public void purge() {
        try {
            greenMail.purgeEmailFromAllMailboxes();
        } catch (Exception e) {
            throw new IllegalStateException("cannot purge mailboxes", e);
        }
    }

    private static ReceivedMail toReceived(MimeMessage message) {
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
    public void close() {
        greenMail.stop();
    }
}
