package io.mihari.alert.mail;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.mihari.testsupport.FreePorts;
import io.mihari.testsupport.MihariInfraResource;
import io.mihari.testsupport.TestCertificates;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.Mailer;
import io.quarkus.mailer.MailerName;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The mailer settings docs/sla.md gives for a mail server that wants TLS and a login (Amazon SES, a city's relay):
 * against a real SMTPS server (GreenMail, with a certificate of a throw-away CA and one account), a mail goes out
 * over TLS with the login; a wrong password and a server certificate the trust store does not vouch for are
 * refused. Named mailers carry the same keys an operator sets on the default one ({@code quarkus.mailer.*}), so the
 * rest of this application keeps its plain test SMTP server.
 */
@QuarkusTest
@WithTestResource(MihariInfraResource.class)
@TestProfile(MailTlsTest.Smtps.class)
class MailTlsTest {

    static final String ACCOUNT = "mihari@city.example";

    public static class Smtps implements QuarkusTestProfile {
        static final TestCertificates CERTIFICATES;
        static final String PASSWORD = UUID.randomUUID().toString();
        static final GreenMail SERVER;

        static {
            try {
                CERTIFICATES = TestCertificates.create(Files.createTempDirectory("mihari-smtps-"), "localhost");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            // GreenMail's TLS sockets take their key from these (read once, at its first TLS server)
            System.setProperty("greenmail.tls.keystore.file", CERTIFICATES.serverKeystore().toString());
            System.setProperty("greenmail.tls.keystore.password", CERTIFICATES.password());
            System.setProperty("greenmail.tls.key.password", CERTIFICATES.password());
            // the TLS server's first start (key material) can take more than GreenMail's 2 s on a busy machine
            ServerSetup smtps = new ServerSetup(FreePorts.next(), "127.0.0.1", ServerSetup.PROTOCOL_SMTPS);
            smtps.setServerStartupTimeout(30_000);
            SERVER = new GreenMail(smtps)
                    .withConfiguration(GreenMailConfiguration.aConfig().withUser(ACCOUNT, ACCOUNT, PASSWORD));
            SERVER.start();
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new HashMap<>();
            mailer(config, "smtps", PASSWORD, "mail");
            mailer(config, "wrongpassword", "not-" + PASSWORD, "mail");
            mailer(config, "untrusted", PASSWORD, "othermail");
            config.put("quarkus.tls.mail.trust-store.p12.path", CERTIFICATES.truststore().toString());
            config.put("quarkus.tls.mail.trust-store.p12.password", CERTIFICATES.password());
            config.put("quarkus.tls.othermail.trust-store.p12.path", CERTIFICATES.otherTruststore().toString());
            config.put("quarkus.tls.othermail.trust-store.p12.password", CERTIFICATES.password());
            return config;
        }

        static void mailer(Map<String, String> config, String name, String password, String tls) {
            String p = "quarkus.mailer." + name + ".";
            config.put(p + "host", "localhost");
            config.put(p + "port", Integer.toString(SERVER.getSmtps().getPort()));
            config.put(p + "tls", "true");
            config.put(p + "tls-configuration-name", tls);
            config.put(p + "login", "REQUIRED");
            config.put(p + "username", ACCOUNT);
            config.put(p + "password", password);
            config.put(p + "from", "Mihari <" + ACCOUNT + ">");
            config.put(p + "mock", "false");
        }
    }

    @Inject
    @MailerName("smtps")
    Mailer smtps;

    @Inject
    @MailerName("wrongpassword")
    Mailer wrongPassword;

    @Inject
    @MailerName("untrusted")
    Mailer untrusted;

    @AfterAll
    static void stop() {
        Smtps.SERVER.stop();
    }

    static Mail mail(String subject) {
        return Mail.withText("dx@city.kurashiki.example", subject, "本文");
    }

    @Test
    void aMailGoesOutOverTlsWithTheLogin() {
        smtps.send(mail("[Mihari] 初報 over TLS"));
        assertThat(Smtps.SERVER.getReceivedMessages()).anySatisfy(m ->
                assertThat(m.getSubject()).isEqualTo("[Mihari] 初報 over TLS"));
    }

    @Test
    void aWrongPasswordAndAnUntrustedServerAreRefused() {
        assertThatThrownBy(() -> wrongPassword.send(mail("never sent: wrong password")))
                .hasStackTraceContaining("535");
        assertThatThrownBy(() -> untrusted.send(mail("never sent: untrusted server")))
                .hasStackTraceContaining("PKIX");
        assertThat(Smtps.SERVER.getReceivedMessages()).noneSatisfy(m ->
                assertThat(m.getSubject()).startsWith("never sent"));
    }
}
