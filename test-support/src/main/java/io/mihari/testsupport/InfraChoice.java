package io.mihari.testsupport;

import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Decides, once per test JVM, whether the tests' Kafka, OpenSearch and SMTP server run as local processes
 * (the in-JVM broker, OpenSearch from its Maven Central distribution, in-JVM GreenMail) or as Testcontainers.
 *
 * <p>The setting is the system property {@value #PROPERTY} or else the environment variable {@value #ENVIRONMENT}:
 * <ul>
 *   <li>{@code auto} (default): containers when a Docker engine answers, local processes otherwise — then one
 *       line says so;</li>
 *   <li>{@code local}: local processes, Docker is not asked;</li>
 *   <li>{@code containers}: containers, and the tests fail at once when no Docker engine answers.</li>
 * </ul>
 *
 * <p>Quarkus loads a copy of this class per class loader; the choice is kept in the system properties so every
 * copy agrees and the line is printed once per JVM.
 */
public final class InfraChoice {

    public static final String PROPERTY = "mihari.test.infra";
    public static final String ENVIRONMENT = "MIHARI_TEST_INFRA";

    /** The JVM's choice, shared by every class loader (JDK types only). */
    private static final String CHOSEN = "io.mihari.testsupport.infra.chosen";
    private static final String LOCK = "io.mihari.testsupport.infra.lock";

    /** What the setting asks for. */
    public enum Setting { AUTO, LOCAL, CONTAINERS }

    private InfraChoice() {
    }

    /** This JVM's mode: decided on first use (asking Docker at most once), the same afterwards. */
    public static InfraMode mode() {
        synchronized (lock()) {
            String chosen = System.getProperty(CHOSEN);
            if (chosen == null) {
                InfraMode mode = choose(setting(System.getProperty(PROPERTY), System.getenv(ENVIRONMENT)),
                        DockerProbe::once, System.out::println);
                chosen = mode.name();
                System.setProperty(CHOSEN, chosen);
            }
            return InfraMode.valueOf(chosen);
        }
    }

    /** Forgets this JVM's choice (tests of the choice only; servers already started keep running). */
    static void forget() {
        synchronized (lock()) {
            System.clearProperty(CHOSEN);
        }
    }

    private static Object lock() {
        return System.getProperties().computeIfAbsent(LOCK, k -> new Object());
    }

    /**
     * The setting from the system property, or else the environment variable; neither set (or blank) is
     * {@code auto}. A value that is none of the three stops the tests naming where it came from.
     */
    static Setting setting(String property, String environment) {
        String source = property != null && !property.isBlank() ? PROPERTY : ENVIRONMENT;
        String value = property != null && !property.isBlank() ? property : environment;
        if (value == null || value.isBlank()) {
            return Setting.AUTO;
        }
        try {
            return Setting.valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + " is '" + value
                    + "': use auto (containers when a Docker engine answers, else local processes), local or containers");
        }
    }

    /**
     * The decision itself: {@code docker} is asked only when the setting needs it, {@code say} gets the one line
     * telling what {@code auto} chose.
     */
    static InfraMode choose(Setting setting, Supplier<DockerProbe.Answer> docker, Consumer<String> say) {
        switch (setting) {
            case LOCAL:
                return InfraMode.LOCAL;
            case CONTAINERS: {
                DockerProbe.Answer answer = docker.get();
                if (!answer.answers()) {
                    throw new IllegalStateException(PROPERTY + " (or " + ENVIRONMENT + ") is 'containers', but no Docker"
                            + " engine answered (" + answer.reason() + "): start Docker or point DOCKER_HOST at one, or set "
                            + PROPERTY + " to auto or local to use local Kafka/OpenSearch/GreenMail processes");
                }
                return InfraMode.CONTAINERS;
            }
            default: {
                DockerProbe.Answer answer = docker.get();
                if (answer.answers()) {
                    say.accept("mihari-infra: a Docker engine answered (" + answer.reason()
                            + "); using Kafka/OpenSearch/GreenMail containers (" + PROPERTY + "=local to avoid them)");
                    return InfraMode.CONTAINERS;
                }
                say.accept("mihari-infra: no Docker engine answered (" + answer.reason()
                        + "); using local Kafka/OpenSearch/GreenMail processes");
                return InfraMode.LOCAL;
            }
        }
    }
}
