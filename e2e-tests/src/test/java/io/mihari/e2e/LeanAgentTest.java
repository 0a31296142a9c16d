package io.mihari.e2e;

import io.mihari.model.event.CheckResult;
import io.mihari.model.event.Event;
import io.mihari.model.event.Heartbeat;
import io.mihari.testsupport.FreePorts;
import io.mihari.testsupport.MihariInfra;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 16: the agent daemon started without the Quarkus runtime ({@code io.mihari.agent.lean.LeanAgent}, the form
 * deploy/agent ships for {@code run}), as a service manager starts it, against the real Kafka: it ships heartbeats
 * and check results, keeps what Kafka did not take in its spool and delivers it in order once Kafka is reachable,
 * stops cleanly on SIGTERM, and refuses a bad setting naming it.
 */
class LeanAgentTest {

    static Path quarkusApp;
    static TopicEvents events;

    @TempDir
    static Path dir;

    @BeforeAll
    static void setUp() {
        Path repo = Path.of(System.getProperty("e2e.repo.dir", "..")).toAbsolutePath().normalize();
        quarkusApp = repo.resolve("monitor-agent/target/quarkus-app");
        events = new TopicEvents(MihariInfra.kafka().bootstrapServers(), "kurashiki", "lean-test");
    }

    @AfterAll
    static void tearDown() {
        events.close();
    }

    /** {@code java -cp lib/boot/*:lib/main/*:app/* io.mihari.agent.lean.LeanAgent run}, as the service units do. */
    static Process lean(Path config, String bootstrap, Path stderr) throws IOException {
        String cp = String.join(File.pathSeparator, quarkusApp.resolve("lib/boot/*").toString(),
                quarkusApp.resolve("lib/main/*").toString(), quarkusApp.resolve("app/*").toString());
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx32m", "-XX:+UseSerialGC",
                "-Dkafka.bootstrap.servers=" + bootstrap,
                "-Dquarkus.config.locations=" + config,
                "-cp", cp, "io.mihari.agent.lean.LeanAgent", "run");
        return new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.appendTo(stderr.toFile())).start();
    }

    static Path config(String host, String extra) throws IOException {
        Path config = dir.resolve(host + ".yaml");
        Files.writeString(config, """
                mihari:
                  agent:
                    tenant: kurashiki
                    system: juki
                    host: %s
                    heartbeat-interval: 1s
                    resources:
                      enabled: false
                    spool:
                      dir: %s
                %s""".formatted(host, dir.resolve("spool-" + host), extra));
        return config;
    }

    /** SIGTERM, as a service manager stops it; killed if it has not ended in 30 s (never left running). */
    static boolean stop(Process p) throws InterruptedException {
        p.destroy();
        if (p.waitFor(30, TimeUnit.SECONDS)) {
            return true;
        }
        p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        return false;
    }

    static String text(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    }

    @Test
    void theLeanDaemonShipsHeartbeatsAndChecksAndStopsOnSigterm() throws Exception {
        String host = "krs-lean-" + UUID.randomUUID().toString().substring(0, 6);
        Path config = config(host, """
                    checks:
                      - name: kafka-port
                        kind: TCP
                        host: 127.0.0.1
                        port: %s
                        interval: 1s
                """.formatted(MihariInfra.kafka().bootstrapServers().replaceAll(".*:", "")));
        Path log = dir.resolve(host + ".log");
        Process agent = lean(config, MihariInfra.kafka().bootstrapServers(), log);
        try {
            await("a heartbeat and a check result of " + host).atMost(Duration.ofSeconds(90)).until(() -> {
                if (!agent.isAlive()) {
                    throw new IllegalStateException("the agent exited with " + agent.exitValue() + ":\n" + text(log));
                }
                events.poll();
                List<Event> own = events.of(host);
                return own.stream().anyMatch(e -> e.payload() instanceof Heartbeat)
                        && own.stream().anyMatch(e -> e.payload() instanceof CheckResult c
                                && c.status() == CheckResult.Status.UP);
            });
        } finally {
            assertThat(stop(agent)).as("stopped by SIGTERM within 30 s").isTrue();
        }
        // 143 = the JVM's exit on SIGTERM once its shutdown hooks (spool closed) have run
        assertThat(agent.exitValue()).as(text(log)).isEqualTo(143);
        assertThat(text(log)).contains("mihari-agent running as kurashiki/" + host).doesNotContain("ERROR");
    }

    @Test
    void whatKafkaDidNotTakeIsSpooledAndDeliveredInOrderAfterARestart() throws Exception {
        String host = "krs-lean-" + UUID.randomUUID().toString().substring(0, 6);
        Path config = config(host, "");
        Path log = dir.resolve(host + ".log");
        Path spool = dir.resolve("spool-" + host);
        // Kafka unreachable (nothing listens there): every heartbeat stays in the spool
        Process offline = lean(config, "127.0.0.1:" + FreePorts.next(), log);
        try {
            await("heartbeats spooled").atMost(Duration.ofSeconds(90)).until(() -> {
                if (!offline.isAlive()) {
                    throw new IllegalStateException("the agent exited with " + offline.exitValue() + ":\n" + text(log));
                }
                return text(log).contains("mihari-agent running as") && spooledBytes(spool) > 2_000;
            });
        } finally {
            assertThat(stop(offline)).as("stopped by SIGTERM within 30 s").isTrue();
        }
        events.poll();
        assertThat(events.of(host)).isEmpty();

        Process online = lean(config, MihariInfra.kafka().bootstrapServers(), log);
        try {
            await("the spooled heartbeats and new ones delivered").atMost(Duration.ofSeconds(90)).until(() -> {
                if (!online.isAlive()) {
                    throw new IllegalStateException("the agent exited with " + online.exitValue() + ":\n" + text(log));
                }
                events.poll();
                return events.of(host).size() >= 6
                        && events.of(host).stream().anyMatch(e -> e.occurredAt().isAfter(startedAt(online)));
            });
        } finally {
            assertThat(stop(online)).as("stopped by SIGTERM within 30 s").isTrue();
        }
        List<Long> seqs = events.of(host).stream().map(Event::seq).toList();
        // one agent, one sequence: 1, 2, 3 … in the order they were spooled, across the restart, none lost or twice
        assertThat(seqs).as(text(log)).containsExactlyElementsOf(
                java.util.stream.LongStream.rangeClosed(1, seqs.size()).boxed().toList());
    }

    @Test
    void aBadSettingStopsTheLeanDaemonNamingIt() throws Exception {
        Path config = dir.resolve("no-tenant.yaml");
        Files.writeString(config, """
                mihari:
                  agent:
                    system: juki
                    heartbeat-interval: 10s
                """);
        String noTenant = exitOf(config, dir.resolve("no-tenant.log"));
        assertThat(noTenant).contains("invalid configuration").contains("mihari.agent.tenant");

        Path badCheck = config("krs-lean-bad", """
                    checks:
                      - name: web
                        kind: HTTP
                """);
        assertThat(exitOf(badCheck, dir.resolve("bad-check.log"))).contains("url");
    }

    /** Runs the lean daemon on a configuration it must refuse: exit 1 within a minute; its log. */
    static String exitOf(Path config, Path log) throws Exception {
        Process agent = lean(config, MihariInfra.kafka().bootstrapServers(), log);
        try {
            assertThat(agent.waitFor(60, TimeUnit.SECONDS)).as("refused within a minute").isTrue();
        } finally {
            agent.destroyForcibly();
        }
        assertThat(agent.exitValue()).as(text(log)).isEqualTo(1);
        return text(log);
    }

    static long spooledBytes(Path spool) throws IOException {
        if (!Files.isDirectory(spool)) {
            return 0;
        }
        try (var files = Files.walk(spool)) {
            return files.filter(f -> f.getFileName().toString().startsWith("segment-")).mapToLong(f -> f.toFile().length()).sum();
        }
    }

    static java.time.Instant startedAt(Process p) {
        return p.info().startInstant().orElse(java.time.Instant.EPOCH);
    }
}
