package io.mihari.agent.cli;

import io.mihari.agent.cloud.AwsCloudApi;
import io.mihari.agent.cloud.CloudCollector;
import io.mihari.model.event.CheckResult;
import io.mihari.model.event.Event;
import io.mihari.model.event.EventType;
import io.mihari.testsupport.AwsApiDouble;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** {@code mihari-agent cloud-collect} on the sample catalog, against the local AWS API double. */
class CloudCollectCommandTest {

    static final Instant NOW = Instant.parse("2026-12-06T01:00:00Z");
    static final Path SAMPLE = Path.of("../deploy/catalog/sample-catalog.yaml");

    static AwsApiDouble aws;

    @TempDir
    Path dir;

    @BeforeAll
    static void startDouble() {
        aws = AwsApiDouble.start().rdsInstance("krs-hf-rds1", "available").fileSystem("fs-0123", "AVAILABLE");
    }

    @AfterAll
    static void stopDouble() {
        aws.close();
    }

    record Run(int exitCode, String out, String err) {
    }

    private Run run(SimulateCommandTest.Recorder recorder, String config) throws IOException {
        Path file = Files.writeString(dir.resolve("collector.yaml"), config.formatted(aws.url()));
        CommandLine.IFactory factory = new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                if (type == CloudCollectCommand.class) {
                    return type.cast(new CloudCollectCommand(Clock.fixed(NOW, ZoneOffset.UTC), d -> recorder,
                            c -> new AwsCloudApi(c.region(), c.endpointOverride(), StaticCredentialsProvider.create(
                                    AwsBasicCredentials.create("AKIDTESTONLY", "test-secret-only")))));
                }
                return CommandLine.defaultFactory().create(type);
            }
        };
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(CloudCollectCommand.class, factory);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return new Run(cli.execute("--config", file.toString(), "--catalog", SAMPLE.toString(), "--once"),
                out.toString(), err.toString());
    }

    @Test
    void reportsKurashikisManagedComponentsAsTheirCatalogTargets() throws IOException {
        SimulateCommandTest.Recorder recorder = new SimulateCommandTest.Recorder();

        Run run = run(recorder, """
                tenant: kurashiki
                region: ap-northeast-1
                endpointOverride: %s
                health: false
                targets:
                  - {host: krs-hf-rds1, rds: {dbInstanceIdentifier: krs-hf-rds1}}
                  - {host: krs-hf-fsx1, fsx: {fileSystemId: fs-0123}}
                """);

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).startsWith("cloud-collect: 4 events for 2 of 2 components%n".formatted())
                .contains("mihari_collector_polls_total 1");
        assertThat(recorder.closed).isTrue();
        assertThat(recorder.sent).extracting(Event::targetId, Event::system, Event::type).containsExactly(
                tuple("kurashiki/krs-hf-rds1", "cloud", EventType.HEARTBEAT),
                tuple("kurashiki/krs-hf-rds1", "cloud", EventType.CHECK_RESULT),
                tuple("kurashiki/krs-hf-fsx1", "cloud", EventType.HEARTBEAT),
                tuple("kurashiki/krs-hf-fsx1", "cloud", EventType.CHECK_RESULT));
        assertThat(recorder.sent).allSatisfy(e -> {
            assertThat(e.agentId()).isEqualTo(CloudCollector.AGENT_ID);
            assertThat(e.occurredAt()).isEqualTo(NOW);
        });
        // no interval given: the catalog's heartbeat interval (sample defaults: 10 s)
        assertThat(((io.mihari.model.event.Heartbeat) recorder.sent.get(0).payload()).intervalSeconds()).isEqualTo(10);
        assertThat(((CheckResult) recorder.sent.get(1).payload()).message()).isEqualTo("RDS status 'available'");
    }

    @Test
    void aComponentNotReadMakesOnceFail() throws IOException {
        SimulateCommandTest.Recorder recorder = new SimulateCommandTest.Recorder();
        Run run = run(recorder, """
                tenant: kurashiki
                region: ap-northeast-1
                endpointOverride: %s
                health: false
                targets:
                  - {host: krs-hf-rds1, rds: {dbInstanceIdentifier: no-such-instance}}
                """);
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).startsWith("cloud-collect: 0 events for 0 of 1 components");
        assertThat(recorder.sent).isEmpty();
    }

    @Test
    void aHostNotInTheCatalogOrAnIntervalLongerThanTheCatalogsIsRefused() throws IOException {
        Run unknown = run(new SimulateCommandTest.Recorder(), """
                tenant: kurashiki
                region: ap-northeast-1
                endpointOverride: %s
                targets:
                  - {host: krs-hf-rds9, rds: {dbInstanceIdentifier: krs-hf-rds9}}
                """);
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("targets[0].host: 'krs-hf-rds9' is not a target of kurashiki in the catalog");

        Run slow = run(new SimulateCommandTest.Recorder(), """
                tenant: kurashiki
                region: ap-northeast-1
                endpointOverride: %s
                interval: 60s
                targets:
                  - {host: krs-hf-rds1, rds: {dbInstanceIdentifier: krs-hf-rds1}}
                """);
        assertThat(slow.exitCode()).isEqualTo(2);
        assertThat(slow.err()).contains("interval: 60 s is longer than the catalog's heartbeat interval of these"
                + " targets (10 s)");
    }
}
