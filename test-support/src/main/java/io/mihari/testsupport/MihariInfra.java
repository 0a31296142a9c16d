package io.mihari.testsupport;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The real infrastructure of one test JVM: Kafka, OpenSearch and an SMTP server, each started on
 * first use and stopped when the JVM exits, so a module's test run starts each of them once. They run
 * as local processes or as Testcontainers, as {@link InfraChoice} decides ({@code mihari.test.infra}).
 *
 * <p>Quarkus loads this class with the test's class loader. Give every {@code @QuarkusTest} of a module
 * the same test resources and profile, so Quarkus starts the application (and this class) once.
 */
public final class MihariInfra {

    private static TestKafka kafka;
    private static TestOpenSearch openSearch;
    private static TestMailServer mail;
    private static final Deque<AutoCloseable> STARTED = new ArrayDeque<>();

    /** Where every copy of this class (one per class loader) leaves its stop action, in JDK types only. */
    static final String STOPPERS = "io.mihari.testsupport.stoppers";

    static {
        // Stopped when the test session ends (InfraSessionListener), while the test runner still listens;
        // the shutdown hook is the fallback for a JVM that ends otherwise.
        stoppers().add(MihariInfra::stopAll);
        Runtime.getRuntime().addShutdownHook(new Thread(MihariInfra::stopAll, "mihari-infra-stop"));
    }

    @SuppressWarnings("unchecked")
    static synchronized java.util.List<Runnable> stoppers() {
        return (java.util.List<Runnable>) System.getProperties().computeIfAbsent(STOPPERS,
                k -> java.util.Collections.synchronizedList(new java.util.ArrayList<Runnable>()));
    }

    private MihariInfra() {
    }

    /** Starts all three, OpenSearch in the background while Kafka and mail come up. */
    public static synchronized void startAll() {
        TestOpenSearch launching = openSearch == null ? InfraChoice.mode().launchOpenSearch() : null;
        if (launching != null) {
            STARTED.push(launching);
        }
        kafka();
        mail();
        if (launching != null) {
            launching.awaitReady();
            openSearch = launching;
        }
    }

    public static synchronized TestKafka kafka() {
        if (kafka == null) {
            kafka = InfraChoice.mode().startKafka();
            STARTED.push(kafka);
        }
        return kafka;
    }

    public static synchronized TestOpenSearch openSearch() {
        if (openSearch == null) {
            startOpenSearch();
        }
        return openSearch;
    }

    private static void startOpenSearch() {
        TestOpenSearch node = InfraChoice.mode().launchOpenSearch();
        STARTED.push(node);
        node.awaitReady();
        openSearch = node;
    }

    public static synchronized TestMailServer mail() {
        if (mail == null) {
            mail = InfraChoice.mode().startMail();
            STARTED.push(mail);
        }
        return mail;
    }

    /** Configuration for Mihari's services pointing at this infrastructure. */
    public static synchronized Map<String, String> serviceConfig() {
        startAll();
        Map<String, String> config = new LinkedHashMap<>();
        config.put("kafka.bootstrap.servers", kafka.bootstrapServers());
        config.put("mihari.opensearch.url", openSearch.url());
        config.put("quarkus.mailer.host", mail.host());
        config.put("quarkus.mailer.port", Integer.toString(mail.smtpPort()));
        config.put("quarkus.mailer.mock", "false");
        return config;
    }

    private static synchronized void stopAll() {
        while (!STARTED.isEmpty()) {
            AutoCloseable next = STARTED.pop();
            try {
                next.close();
            } catch (Throwable e) {
                System.err.println("mihari-infra: stopping " + next.getClass().getSimpleName() + " failed: " + e);
            }
        }
    }
}
