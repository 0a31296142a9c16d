package io.mihari.testsupport;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The GreenMail container is read through GreenMail standalone's REST API. Without Docker the same program runs
 * here as a process (the jar Maven copied from Maven Central), and what it shows of a mail must be what the
 * in-JVM GreenMail of the local path shows of the same mail.
 */
class GreenMailApiTest {

    static Process standalone;
    static int smtpPort;
    static GreenMailApi api;
    static MailServer inJvm;

    @BeforeAll
    static void startBoth() throws IOException {
        Path jar = Path.of(System.getProperty("testsupport.greenmail.jar", "target/infra/greenmail-standalone.jar"));
        assertThat(jar).as("greenmail-standalone (copied by Maven: run ./mvnw -pl test-support verify)").isRegularFile();
        smtpPort = FreePorts.next();
        int apiPort = FreePorts.next();
        Path log = Files.createTempFile("greenmail-standalone", ".log");
        standalone = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-XX:TieredStopAtLevel=1",
                "-Dgreenmail.smtp.hostname=127.0.0.1", "-Dgreenmail.smtp.port=" + smtpPort,
                "-Dgreenmail.api.hostname=127.0.0.1", "-Dgreenmail.api.port=" + apiPort,
                "-Dgreenmail.auth.disabled", "-jar", jar.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        api = new GreenMailApi(URI.create("http://127.0.0.1:" + apiPort));
        Awaitility.await("GreenMail standalone ready").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    assertThat(standalone.isAlive()).as("GreenMail standalone is running (%s)", log).isTrue();
                    return api.ready();
                });
        inJvm = MailServer.start();
    }

    @AfterAll
    static void stopBoth() throws InterruptedException {
        if (inJvm != null) {
            inJvm.close();
        }
        if (standalone != null) {
            standalone.destroy();
            standalone.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void theApiShowsAMailAsTheInJvmServerDoes() {
        String subject = "【Mihari】初報 [INC-1] 倉敷市 住記系: krs-juki-mon1 停止";
        TestMails.send("127.0.0.1", smtpPort, "<first@mihari.example.org>", subject,
                "dx@city.kurashiki.example", "ops@vendor.example");
        TestMails.send(inJvm.host(), inJvm.smtpPort(), "<first@mihari.example.org>", subject,
                "dx@city.kurashiki.example", "ops@vendor.example");

        List<ReceivedMail> viaApi = await().atMost(Duration.ofSeconds(10)).until(api::messages, m -> m.size() == 2);

        assertThat(viaApi).containsExactlyInAnyOrderElementsOf(inJvm.messages());
        ReceivedMail mail = viaApi.get(0);
        assertThat(mail.subject()).isEqualTo(subject);
        assertThat(mail.to()).containsExactly("dx@city.kurashiki.example", "ops@vendor.example");
        assertThat(mail.text()).contains("初報: krs-juki-mon1 が応答しません", "DOWN (HTTP 503)");
        assertThat(mail.html()).contains("<b>krs-juki-mon1</b>");
        assertThat(mail.headers()).containsEntry("Message-ID", "<first@mihari.example.org>")
                .containsEntry("In-Reply-To", "<inc-1@mihari.example.org>")
                .containsEntry("Content-Language", "ja");

        api.purge();
        assertThat(api.messages()).isEmpty();
    }
}
