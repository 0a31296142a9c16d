package io.mihari.e2e;

import io.mihari.model.event.BatchRun;
import io.mihari.model.event.Event;
import io.mihari.testsupport.MihariInfra;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The packaged agent's command line, as an operator or a job scheduler runs it, against a real Kafka. */
class AgentCliTest {

    static Path jar;
    static TopicEvents events;

    @TempDir
    static Path dir;

    @BeforeAll
    static void setUp() {
        Path repo = Path.of(System.getProperty("e2e.repo.dir", "..")).toAbsolutePath().normalize();
        jar = repo.resolve("monitor-agent/target/quarkus-app/quarkus-run.jar");
        events = new TopicEvents(MihariInfra.kafka().bootstrapServers(), "kurashiki", "cli-test");
    }

    @AfterAll
    static void tearDown() {
        events.close();
    }

    record Run(int exit, String stdout, String stderr) {
    }

    static Run agent(Path config, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m",
                "-Dkafka.bootstrap.servers=" + MihariInfra.kafka().bootstrapServers(),
                "-Dmihari.agent.spool.dir=" + dir.resolve("spool")));
        if (config != null) {
            command.add("-Dquarkus.config.locations=" + config);
        }
        command.addAll(List.of("-jar", jar.toString()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("agent finished").isTrue();
        return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    static Path identity(String host) throws IOException {
        Path config = dir.resolve(host + ".yaml");
        Files.writeString(config, """
                mihari:
                  agent:
                    tenant: kurashiki
                    system: juki
                    host: %s
                """.formatted(host));
        return config;
    }

    static List<BatchRun> runsOf(String job, int expected) {
        await("events of " + job).atMost(Duration.ofSeconds(60)).until(() -> {
            events.poll();
            return batchRuns(job).size() >= expected;
        });
        return batchRuns(job);
    }

    static List<BatchRun> batchRuns(String job) {
        return events.seen().stream().map(Event::payload).filter(p -> p instanceof BatchRun b && b.job().equals(job))
                .map(BatchRun.class::cast).toList();
    }

    @ParameterizedTest(name = "{0} → exit {1}")
    @CsvSource(delimiter = '|', value = {
            "echo exported 1200 records     | 0   | SUCCEEDED",
            "echo 'disk full' >&2; exit 1   | 1   | FAILED",
            "kill -9 $$                     | 137 | FAILED",
    })
    void execReturnsTheJobsExitCodeAndReportsStartAndEnd(String script, int exit, BatchRun.State state) throws Exception {
        String job = "job-" + UUID.randomUUID().toString().substring(0, 8);

        Run run = agent(identity("krs-juki-bt1"), "exec", "--job", job, "--", "sh", "-c", script);

        assertThat(run.exit()).as(run.stderr()).isEqualTo(exit);
        if (exit == 0) {
            assertThat(run.stdout()).isEqualTo("exported 1200 records\n");
        }
        List<BatchRun> runs = runsOf(job, 2);
        assertThat(runs).extracting(BatchRun::state).containsExactly(BatchRun.State.STARTED, state);
        assertThat(runs.get(1).runId()).isEqualTo(runs.get(0).runId());
        assertThat(runs.get(1).exitCode()).isEqualTo(exit);
        if (exit == 1) {
            assertThat(runs.get(1).outputTail()).isEqualTo("disk full");
        }
    }

    @Test
    void execTimeoutStopsTheJobAndReportsTimedOut() throws Exception {
        String job = "job-" + UUID.randomUUID().toString().substring(0, 8);

        Run run = agent(identity("krs-juki-bt1"), "exec", "--job", job, "--timeout", "1s", "--", "sleep", "60");

        assertThat(run.exit()).isEqualTo(124);
        assertThat(runsOf(job, 2).get(1).state()).isEqualTo(BatchRun.State.TIMED_OUT);
    }

    @Test
    void reportCommandSendsARunThatWasNotWrapped() throws Exception {
        String job = "job-" + UUID.randomUUID().toString().substring(0, 8);

        Run run = agent(identity("krs-juki-bt1"), "report", "--job", job, "--state", "FAILED", "--exit-code", "9",
                "--duration", "95s", "--message", "ORA-01555 snapshot too old");

        assertThat(run.exit()).as(run.stderr()).isZero();
        BatchRun reported = runsOf(job, 1).get(0);
        assertThat(reported.exitCode()).isEqualTo(9);
        assertThat(reported.durationMs()).isEqualTo(95_000L);
        assertThat(reported.outputTail()).isEqualTo("ORA-01555 snapshot too old");
    }

    @Test
    void checkCommandPrintsATableOfTheConfiguredChecks() throws Exception {
        Path config = dir.resolve("checks.yaml");
        Files.writeString(config, """
                mihari:
                  agent:
                    tenant: kurashiki
                    system: juki
                    host: krs-juki-ap1
                    checks:
                      - name: kafka-port
                        kind: TCP
                        host: 127.0.0.1
                        port: %s
                      - name: closed-port
                        kind: TCP
                        host: 127.0.0.1
                        port: 1
                """.formatted(MihariInfra.kafka().bootstrapServers().replaceAll(".*:", "")));

        Run run = agent(config, "check");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.stdout()).contains("NAME", "kafka-port", "closed-port", "UP", "DOWN", "some checks fail",
                "masking: 1 pattern(s) (mihari.agent.masking.patterns: 12-digit individual numbers マイナンバー) hidden in "
                        + "check messages, batch output and status messages before anything leaves this server");
    }

    @Test
    void anIndividualNumberInAJobsOutputNeverLeavesTheServer() throws Exception {
        String job = "job-" + UUID.randomUUID().toString().substring(0, 8);

        Run run = agent(identity("krs-juki-bt1"), "exec", "--job", job, "--", "sh", "-c",
                "echo '照会失敗: 個人番号 1234-5678-9012'; exit 1");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.stdout()).contains("1234-5678-9012"); // the job's own output on this server is its own
        BatchRun failed = runsOf(job, 2).get(1);
        assertThat(failed.outputTail()).isEqualTo("照会失敗: 個人番号 ****-****-****");
        // masked before it was spooled: not even this server's spool files hold it
        try (var files = Files.walk(dir.resolve("spool"))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertThat(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1)).as(f.toString())
                        .doesNotContain("5678-9012");
            }
        }
    }

    @Test
    void daemonShipsHeartbeatsChecksAndResourceSamplesOfThisMachine() throws Exception {
        Path config = dir.resolve("daemon.yaml");
        Files.writeString(config, """
                mihari:
                  agent:
                    tenant: kurashiki
                    system: juki
                    host: krs-juki-daemon
                    heartbeat-interval: 1s
                    resources:
                      interval: 2s
                    checks:
                      - {name: kafka-port, kind: TCP, host: 127.0.0.1, port: %s, interval: 2s}
                """.formatted(MihariInfra.kafka().bootstrapServers().replaceAll(".*:", "")));
        Process daemon = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx128m",
                "-Dkafka.bootstrap.servers=" + MihariInfra.kafka().bootstrapServers(),
                "-Dmihari.agent.spool.dir=" + dir.resolve("daemon-spool"), "-Dquarkus.config.locations=" + config,
                "-jar", jar.toString(), "run")
                .redirectErrorStream(true).redirectOutput(dir.resolve("daemon.log").toFile()).start();
        try {
            await("heartbeat, check and resource sample").atMost(Duration.ofSeconds(60)).until(() -> {
                events.poll();
                List<io.mihari.model.event.EventType> types = events.seen().stream()
                        .filter(e -> e.host().equals("krs-juki-daemon")).map(Event::type).distinct().toList();
                return types.containsAll(List.of(io.mihari.model.event.EventType.HEARTBEAT,
                        io.mihari.model.event.EventType.CHECK_RESULT, io.mihari.model.event.EventType.RESOURCE_SAMPLE));
            });
        } finally {
            daemon.destroy();
            daemon.waitFor(30, TimeUnit.SECONDS);
        }
        var sample = events.seen().stream().filter(e -> e.host().equals("krs-juki-daemon"))
                .map(Event::payload).filter(p -> p instanceof io.mihari.model.event.ResourceSample)
                .map(io.mihari.model.event.ResourceSample.class::cast).findFirst().orElseThrow();
        assertThat(sample.memoryTotalBytes()).isPositive();
        assertThat(sample.disks()).isNotEmpty();
        assertThat(Files.readString(dir.resolve("daemon.log"))).doesNotContain("JNA");
    }

    @Test
    void wrongConfigurationStopsTheAgentNamingTheKey() throws Exception {
        Path config = dir.resolve("wrong.yaml");
        Files.writeString(config, """
                mihari:
                  agent:
                    tenant: kurashiki
                    system: juki
                    checks:
                      - name: web
                        kind: HTTP
                """);

        Run run = agent(config, "check");

        assertThat(run.exit()).isNotZero();
        assertThat(run.stdout() + run.stderr()).contains("mihari.agent.checks[0].url");
    }
}
