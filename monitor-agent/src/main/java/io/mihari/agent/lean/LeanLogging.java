package io.mihari.agent.lean;

import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Logging of the daemon without Quarkus, as the Quarkus form logs (application.properties): JBoss LogManager as
 * the JDK's log manager (jboss-logging and Kafka's slf4j both end there), one console handler on stderr, INFO,
 * Kafka and Quarkus at WARN. {@code -Dmihari.log.level=FINE} (a {@link Level} name) makes the agent's own categories
 * more verbose.
 */
final class LeanLogging {

    static final String PATTERN = "%d{yyyy-MM-dd HH:mm:ss,SSS} %-5p [%c] (%t) %s%e%n";
    /** Outside {@code mihari.agent}: a key there that the configuration mapping does not know stops the agent. */
    static final String LEVEL = "mihari.log.level";

    /** Held: a logger only referenced weakly could be collected with the level set on it. */
    private static final java.util.List<Logger> CONFIGURED = new java.util.ArrayList<>();

    private LeanLogging() {
    }

    static void install() {
        System.setProperty("java.util.logging.manager", "org.jboss.logmanager.LogManager");
        System.setProperty("org.jboss.logging.provider", "jboss");
        Logger root = Logger.getLogger("");
        for (Handler h : root.getHandlers()) {
            root.removeHandler(h);
        }
        org.jboss.logmanager.handlers.ConsoleHandler console = new org.jboss.logmanager.handlers.ConsoleHandler(
                org.jboss.logmanager.handlers.ConsoleHandler.Target.SYSTEM_ERR,
                new org.jboss.logmanager.formatters.PatternFormatter(PATTERN));
        console.setLevel(Level.ALL);
        root.addHandler(console);
        root.setLevel(Level.INFO);
        level("org.apache.kafka", Level.WARNING);
        level("io.quarkus", Level.WARNING);
        String own = System.getProperty(LEVEL);
        if (own != null) {
            try {
                level("io.mihari", Level.parse(own));
            } catch (IllegalArgumentException e) {
                System.err.println("mihari-agent: " + LEVEL + "=" + own + " is not a level (SEVERE, WARNING, INFO, FINE,"
                        + " FINER, FINEST); INFO is used");
            }
        }
        CONFIGURED.add(root);
    }

    private static void level(String category, Level level) {
        Logger logger = Logger.getLogger(category);
        logger.setLevel(level);
        CONFIGURED.add(logger);
    }
}
