package io.mihari.testsupport;

import com.icegreen.greenmail.server.BuildInfo;
import org.awaitility.Awaitility;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * GreenMail in a container ({@code greenmail/standalone}, the version of the GreenMail library of the local path):
 * SMTP for any address without a login, and its REST API to read what arrived ({@link GreenMailApi}). The host
 * ports are fixed when the container is created, so an SMTP outage ({@link #stop()}, {@link #startAgain()}) keeps
 * the port the services were given.
 */
final class GreenMailContainer implements TestMailServer {

    /** Another image, e.g. from a mirror: {@code -Dmihari.test.greenmail-image=…/greenmail/standalone:2.1.13}. */
    static final String IMAGE_PROPERTY = "mihari.test.greenmail-image";
    private static final int SMTP = 3025;
    private static final int API = 8080;
    private static final Duration RESTART_TIMEOUT = Duration.ofSeconds(60);

    private final GenericContainer<?> container;
    private final int smtpPort;
    private final GreenMailApi api;
    private volatile boolean running = true;
    /** Mail received before the container was last stopped (GreenMail keeps mail in memory only). */
    private final List<ReceivedMail> earlier = new CopyOnWriteArrayList<>();

    private GreenMailContainer(GenericContainer<?> container, int smtpPort, GreenMailApi api) {
        this.container = container;
        this.smtpPort = smtpPort;
        this.api = api;
    }

    static String image() {
        return System.getProperty(IMAGE_PROPERTY, "greenmail/standalone:" + BuildInfo.INSTANCE.getProjectVersion());
    }

    static GreenMailContainer start() {
        int smtpPort = FreePorts.next();
        int apiPort = FreePorts.next();
        GenericContainer<?> container = new GenericContainer<>(DockerImageName.parse(image()))
                .withExposedPorts(SMTP, API)
                .withEnv("GREENMAIL_OPTS", "-Dgreenmail.smtp.hostname=0.0.0.0 -Dgreenmail.smtp.port=" + SMTP
                        + " -Dgreenmail.api.hostname=0.0.0.0 -Dgreenmail.api.port=" + API + " -Dgreenmail.auth.disabled")
                .waitingFor(Wait.forHttp("/api/service/readiness").forPort(API).forStatusCode(200)
                        .withStartupTimeout(RESTART_TIMEOUT));
        container.setPortBindings(List.of(smtpPort + ":" + SMTP, apiPort + ":" + API));
        try {
            container.start();
        } catch (RuntimeException e) {
            container.stop();
            throw new IllegalStateException("could not start the GreenMail container " + image() + ": " + e.getMessage(), e);
        }
        URI base = URI.create("http://" + container.getHost() + ":" + apiPort);
        return new GreenMailContainer(container, smtpPort, new GreenMailApi(base));
    }

    @Override
    public String host() {
        return container.getHost();
    }

    @Override
    public int smtpPort() {
        return smtpPort;
    }

    @Override
    public List<ReceivedMail> messages() {
        List<ReceivedMail> all = new ArrayList<>(earlier);
        if (running) {
            all.addAll(api.messages());
        }
        return all;
    }

    @Override
    public synchronized void stop() {
        if (running) {
            earlier.addAll(api.messages());
            running = false;
            container.getDockerClient().stopContainerCmd(container.getContainerId()).exec();
        }
    }

    @Override
    public synchronized void startAgain() {
        if (!running) {
            container.getDockerClient().startContainerCmd(container.getContainerId()).exec();
            Awaitility.await("GreenMail container ready again").atMost(RESTART_TIMEOUT)
                    .pollInterval(Duration.ofMillis(200)).until(api::ready);
            running = true;
        }
    }

    @Override
    public void purge() {
        earlier.clear();
        if (running) {
            api.purge();
        }
    }

    @Override
    public synchronized void close() {
        container.stop();
    }
}
