package io.mihari.testsupport;

import org.testcontainers.DockerClientFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Asks Testcontainers whether a Docker engine answers: at most once per JVM, within {@link #TIMEOUT}, and
 * quietly — without an engine Testcontainers logs an ERROR listing every way it tried, which would read as a
 * failure of the tests; the reason is given in one line by {@link InfraChoice} instead.
 */
final class DockerProbe {

    /** Testcontainers answers within about a second without an engine; a DOCKER_HOST that hangs is cut off here. */
    static final Duration TIMEOUT = Duration.ofSeconds(20);

    /** The JVM's answer, shared by every class loader: "yes:<where>" or "no:<reason>". */
    private static final String ANSWER = "io.mihari.testsupport.docker.answer";
    private static final String LOCK = "io.mihari.testsupport.docker.lock";

    /** Loggers whose level is set here; held so the setting is not lost when unused loggers are collected. */
    private static final List<Logger> QUIETED = new ArrayList<>();
    private static final List<String> NOISY = List.of("org.testcontainers", "com.github.dockerjava", "tc");

    /** Whether a Docker engine answers, and where or why not. */
    record Answer(boolean answers, String reason) {
    }

    private DockerProbe() {
    }

    /** The JVM's answer: asked on first use, remembered afterwards. */
    static Answer once() {
        synchronized (System.getProperties().computeIfAbsent(LOCK, k -> new Object())) {
            String known = System.getProperty(ANSWER);
            if (known == null) {
                Answer answer = ask(TIMEOUT);
                known = (answer.answers() ? "yes:" : "no:") + answer.reason();
                System.setProperty(ANSWER, known);
            }
            return new Answer(known.startsWith("yes:"), known.substring(known.indexOf(':') + 1));
        }
    }

    /** Asks Testcontainers now. */
    static Answer ask(Duration timeout) {
        quiet(Level.OFF);
        FutureTask<String> probe = new FutureTask<>(DockerProbe::engine);
        Thread thread = new Thread(probe, "mihari-docker-probe");
        thread.setDaemon(true); // a probe cut off by the timeout must not keep the JVM alive
        thread.start();
        try {
            String engine = probe.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (engine != null) {
                quiet(Level.WARNING); // containers: their failures still show, their progress does not
                return new Answer(true, engine);
            }
            return new Answer(false, whereLooked());
        } catch (TimeoutException e) {
            probe.cancel(true);
            return new Answer(false, "no answer within " + timeout.toSeconds() + " s; " + whereLooked());
        } catch (ExecutionException e) {
            return new Answer(false, "Testcontainers failed: " + e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(false, "interrupted while asking Docker");
        }
    }

    /** The engine that answered, e.g. "Docker 27.3.1 at unix:///var/run/docker.sock", or null. */
    private static String engine() {
        DockerClientFactory factory = DockerClientFactory.instance();
        if (!factory.isDockerAvailable()) {
            return null;
        }
        String version;
        try {
            version = factory.client().versionCmd().exec().getVersion();
        } catch (RuntimeException e) {
            version = "?";
        }
        return "Docker " + version + " at " + factory.getTransportConfig().getDockerHost();
    }

    private static String whereLooked() {
        String host = dockerHost();
        if (host != null) {
            return "DOCKER_HOST=" + host + " did not answer";
        }
        Path socket = Path.of("/var/run/docker.sock");
        return Files.exists(socket) ? socket + " did not answer" : "DOCKER_HOST is unset and " + socket + " does not exist";
    }

    private static String dockerHost() {
        String host = System.getenv("DOCKER_HOST");
        return host == null || host.isBlank() ? null : host;
    }

    private static synchronized void quiet(Level level) {
        for (String name : NOISY) {
            Logger logger = Logger.getLogger(name);
            logger.setLevel(level);
            if (!QUIETED.contains(logger)) {
                QUIETED.add(logger);
            }
        }
    }
}
