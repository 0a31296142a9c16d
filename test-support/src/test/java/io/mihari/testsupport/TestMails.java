package io.mihari.testsupport;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

import java.nio.charset.StandardCharsets;
import java.util.Properties;

/** Sends mail the way alert-service's mails look: Japanese subject, text and HTML, threading headers. */
final class TestMails {

    private TestMails() {
    }

    static void send(String host, int port, String messageId, String subject, String... to) {
        Properties settings = new Properties();
        settings.put("mail.smtp.host", host);
        settings.put("mail.smtp.port", Integer.toString(port));
        settings.put("mail.smtp.connectiontimeout", "5000");
        settings.put("mail.smtp.timeout", "5000");
        Session session = Session.getInstance(settings);
        try {
            MimeMessage message = new MimeMessage(session) {
                @Override
                protected void updateMessageID() throws MessagingException {
                    setHeader("Message-ID", messageId); // the same mail, byte for byte, to every server
                }
            };
            message.setFrom(new InternetAddress("mihari@example.org"));
            for (String recipient : to) {
                message.addRecipient(Message.RecipientType.TO, new InternetAddress(recipient));
            }
            message.setSubject(subject, StandardCharsets.UTF_8.name());
            message.setHeader("In-Reply-To", "<inc-1@mihari.example.org>");
            message.setHeader("References", "<inc-1@mihari.example.org>");
            message.setHeader("Content-Language", "ja");
            MimeBodyPart text = new MimeBodyPart();
            text.setText("初報: krs-juki-mon1 が応答しません\nkurashiki/lc-web1 — check portal: DOWN (HTTP 503)\n",
                    StandardCharsets.UTF_8.name());
            MimeBodyPart html = new MimeBodyPart();
            html.setContent("<p>初報: <b>krs-juki-mon1</b> が応答しません</p>", "text/html; charset=UTF-8");
            MimeMultipart alternative = new MimeMultipart("alternative");
            alternative.addBodyPart(text);
            alternative.addBodyPart(html);
            message.setContent(alternative);
            Transport.send(message);
        } catch (MessagingException e) {
            throw new IllegalStateException("could not send a test mail to " + host + ":" + port, e);
        }
    }
}
