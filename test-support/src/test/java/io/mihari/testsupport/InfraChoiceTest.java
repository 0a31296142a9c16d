package io.mihari.testsupport;

import io.mihari.testsupport.InfraChoice.Setting;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InfraChoiceTest {

    static final DockerProbe.Answer NO_ENGINE =
            new DockerProbe.Answer(false, "DOCKER_HOST is unset and /var/run/docker.sock does not exist");
    static final DockerProbe.Answer ENGINE = new DockerProbe.Answer(true, "Docker 27.3.1 at unix:///var/run/docker.sock");

    final List<String> said = new ArrayList<>();
    final AtomicInteger asked = new AtomicInteger();

    Supplier<DockerProbe.Answer> docker(DockerProbe.Answer answer) {
        return () -> {
            asked.incrementAndGet();
            return answer;
        };
    }

    @Test
    void autoWithoutDockerChoosesTheLocalProcessesAndSaysWhyInOneLine() {
        assertThat(InfraChoice.choose(Setting.AUTO, docker(NO_ENGINE), said::add)).isEqualTo(InfraMode.LOCAL);

        assertThat(said).containsExactly("mihari-infra: no Docker engine answered (DOCKER_HOST is unset and "
                + "/var/run/docker.sock does not exist); using local Kafka/OpenSearch/GreenMail processes");
        assertThat(asked).hasValue(1);
    }

    @Test
    void autoWithDockerChoosesContainers() {
        assertThat(InfraChoice.choose(Setting.AUTO, docker(ENGINE), said::add)).isEqualTo(InfraMode.CONTAINERS);

        assertThat(said).singleElement().asString().startsWith("mihari-infra: a Docker engine answered (Docker 27.3.1");
    }

    @Test
    void localNeverAsksDockerAndSaysNothing() {
        assertThat(InfraChoice.choose(Setting.LOCAL, docker(ENGINE), said::add)).isEqualTo(InfraMode.LOCAL);

        assertThat(asked).hasValue(0);
        assertThat(said).isEmpty();
    }

    @Test
    void containersWithoutDockerFailsNamingTheSetting() {
        assertThatThrownBy(() -> InfraChoice.choose(Setting.CONTAINERS, docker(NO_ENGINE), said::add))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("mihari.test.infra (or MIHARI_TEST_INFRA) is 'containers'")
                .hasMessageContaining("no Docker engine answered (DOCKER_HOST is unset")
                .hasMessageContaining("set mihari.test.infra to auto or local");
        assertThat(InfraChoice.choose(Setting.CONTAINERS, docker(ENGINE), said::add)).isEqualTo(InfraMode.CONTAINERS);
        assertThat(said).isEmpty();
    }

    @Test
    void theSystemPropertyWinsOverTheEnvironmentAndBlankMeansAuto() {
        assertThat(InfraChoice.setting(null, null)).isEqualTo(Setting.AUTO);
        assertThat(InfraChoice.setting(" ", "")).isEqualTo(Setting.AUTO);
        assertThat(InfraChoice.setting(null, "containers")).isEqualTo(Setting.CONTAINERS);
        assertThat(InfraChoice.setting("Local ", "containers")).isEqualTo(Setting.LOCAL);
        assertThat(InfraChoice.setting("", "LOCAL")).isEqualTo(Setting.LOCAL);
    }

    @Test
    void anUnknownSettingNamesWhereItCameFrom() {
        assertThatThrownBy(() -> InfraChoice.setting("docker", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("mihari.test.infra is 'docker': use auto")
                .hasMessageContaining("local or containers");
        assertThatThrownBy(() -> InfraChoice.setting(null, "yes"))
                .hasMessageStartingWith("MIHARI_TEST_INFRA is 'yes': use auto");
    }

    /** The real question to Testcontainers, on this machine: quick, quiet, and the same answer afterwards. */
    @Test
    void dockerIsAskedQuicklyAndQuietly() {
        List<LogRecord> logged = new CopyOnWriteArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                logged.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger testcontainers = Logger.getLogger("org.testcontainers");
        testcontainers.addHandler(handler);
        long start = System.nanoTime();
        DockerProbe.Answer answer;
        try {
            answer = DockerProbe.ask(DockerProbe.TIMEOUT);
        } finally {
            testcontainers.removeHandler(handler);
        }

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(DockerProbe.TIMEOUT.plusSeconds(2));
        assertThat(answer.reason()).isNotBlank();
        if (!answer.answers()) {
            assertThat(logged).as("what Testcontainers logged while it looked for an engine")
                    .extracting(LogRecord::getMessage).isEmpty();
        }
        assertThat(DockerProbe.once()).isEqualTo(DockerProbe.once());
    }

    @Nested
    class OncePerJvm {

        String property;
        PrintStream originalOut;
        final ByteArrayOutputStream out = new ByteArrayOutputStream();

        @BeforeEach
        void captureAndForget() {
            property = System.getProperty(InfraChoice.PROPERTY);
            System.setProperty(InfraChoice.PROPERTY, "auto");
            InfraChoice.forget();
            originalOut = System.out;
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        }

        @AfterEach
        void restore() {
            System.setOut(originalOut);
            InfraChoice.forget();
            if (property == null) {
                System.clearProperty(InfraChoice.PROPERTY);
            } else {
                System.setProperty(InfraChoice.PROPERTY, property);
            }
        }

        @Test
        void autoDecidesOnceAndSaysSoOnce() {
            InfraMode first = InfraChoice.mode();
            InfraMode second = InfraChoice.mode();

            assertThat(second).isEqualTo(first);
            List<String> lines = out.toString(StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("mihari-infra:")).toList();
            assertThat(lines).hasSize(1);
            if (!DockerProbe.once().answers()) { // this machine: no engine
                assertThat(first).isEqualTo(InfraMode.LOCAL);
                assertThat(lines.get(0)).startsWith("mihari-infra: no Docker engine answered (")
                        .endsWith("); using local Kafka/OpenSearch/GreenMail processes");
            }
        }
    }
}
