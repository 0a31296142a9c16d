package io.mihari.alert.mail;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.Config;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * Whether the SMTP server accepts a connection now (the outbox asks after a failed send, to send what the failure
 * held back as soon as the server is back). A TCP connection is opened and closed; no SMTP command is sent, so the
 * server logs at most a dropped connection.
 */
@ApplicationScoped
public class SmtpProbe {

    private static final int TIMEOUT_MILLIS = 2_000;

    private final String host;
    private final int port;

    SmtpProbe(Config config) {
        host = config.getOptionalValue("quarkus.mailer.host", String.class).orElse("localhost");
        boolean tls = config.getOptionalValue("quarkus.mailer.tls", Boolean.class)
                .or(() -> config.getOptionalValue("quarkus.mailer.ssl", Boolean.class)).orElse(false);
        port = config.getOptionalValue("quarkus.mailer.port", Integer.class).orElse(tls ? 465 : 25);
    }

    /** True when a connection to the SMTP server opened within 2 seconds. */
    public boolean answers() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), TIMEOUT_MILLIS);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
