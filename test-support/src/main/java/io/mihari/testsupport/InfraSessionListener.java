package io.mihari.testsupport;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

import java.util.List;

/**
 * Stops the test infrastructure when the JUnit session ends, before the JVM exits: stopping Kafka,
 * OpenSearch and the SMTP server inside JVM shutdown hooks (concurrently with every other hook) made
 * the test JVM occasionally exit non-zero after all tests had passed.
 */
public class InfraSessionListener implements LauncherSessionListener {

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        List<Runnable> stoppers = MihariInfra.stoppers();
        synchronized (stoppers) {
            if (stoppers.isEmpty()) {
                return;
            }
            for (Runnable stop : stoppers) {
                stop.run();
            }
            stoppers.clear();
        }
        System.out.println("mihari-infra: Kafka, OpenSearch and SMTP stopped at the end of the test session");
    }
}
