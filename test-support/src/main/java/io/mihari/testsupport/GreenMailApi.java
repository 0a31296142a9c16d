package io.mihari.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * Reads what a GreenMail standalone server (the container image, or {@code deploy/local/stack}'s) received through
 * its REST API: {@code GET /api/user} lists the mailboxes it created on delivery, {@code GET
 * /api/user/<address>/messages/INBOX} gives each mail as MIME text, read as {@link MailServer} reads its own.
 */
final class GreenMailApi {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** @param base e.g. {@code http://localhost:32768} */
    GreenMailApi(URI base) {
        this.base = base;
    }

    /** Whether the API answers and GreenMail is ready. */
    boolean ready() {
        try {
            return send(HttpRequest.newBuilder(base.resolve("/api/service/readiness")).GET()).statusCode() == 200;
        } catch (IllegalStateException e) {
            return false;
        }
    }

    /** Every mail in every mailbox's INBOX, mailbox by mailbox, each oldest first. */
    List<ReceivedMail> messages() {
        List<ReceivedMail> all = new ArrayList<>();
        for (JsonNode user : getJson("/api/user")) {
            String address = user.path("email").asText();
            String path = "/api/user/" + URLEncoder.encode(address, StandardCharsets.UTF_8).replace("+", "%20")
                    + "/messages/INBOX/";
            for (JsonNode message : getJson(path)) {
                all.add(MailServer.toReceived(parse(message.path("mimeMessage").asText())));
            }
        }
        return all;
    }

    /** Deletes every mail of every mailbox. */
    void purge() {
        HttpResponse<String> response = send(HttpRequest.newBuilder(base.resolve("/api/mail/purge"))
                .POST(HttpRequest.BodyPublishers.noBody()));
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GreenMail at " + base + " refused to purge: " + response.statusCode()
                    + " " + response.body());
        }
    }

    private JsonNode getJson(String path) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(base.resolve(path)).GET()
                .header("Accept", "application/json"));
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GreenMail at " + base + " answered " + response.statusCode() + " to GET "
                    + path + ": " + response.body());
        }
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException("GreenMail at " + base + " sent no JSON for GET " + path, e);
        }
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("GreenMail's API at " + base + " does not answer: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted reading GreenMail at " + base, e);
        }
    }

    /** GreenMail writes the MIME bytes as ISO-8859-1 text; turned back into the same bytes, 8-bit parts survive. */
    private static MimeMessage parse(String mime) {
        try {
            return new MimeMessage(Session.getInstance(new Properties()),
                    new ByteArrayInputStream(mime.getBytes(StandardCharsets.ISO_8859_1)));
        } catch (MessagingException e) {
            throw new IllegalStateException("GreenMail returned a mail that is not MIME: " + e.getMessage(), e);
        }
    }
}
