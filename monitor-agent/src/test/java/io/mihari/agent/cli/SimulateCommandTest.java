package io.mihari.agent.cli;

import io.mihari.agent.simulate.FleetSender;
import io.mihari.agent.simulate.SimulatedFleet;
import io.mihari.model.event.CheckResult;
import io.mihari.model.event.Event;
import io.mihari.model.event.EventCodec;
import io.mihari.model.event.EventType;
import io.mihari.model.event.Heartbeat;
import io.mihari.model.event.ResourceSample;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code mihari-agent simulate}: what the simulated fleet sends for a small catalog. */
class SimulateCommandTest {

    static final Instant NOW = Instant.parse("2026-12-06T01:00:00Z");

    /** Two cities; the monitoring relay is watched by a real agent. */
    static final String CATALOG = """
            defaults:
              heartbeatInterval: 10s
            tenants:
              - {id: kurashiki, name: {ja: 倉敷市, en: Kurashiki}}
              - {id: takamatsu, name: {ja: 高松市, en: Takamatsu}}
            systems:
              - {id: juki, name: {ja: 住記系, en: Resident records}}
            vendors:
              - {id: fujitsu-japan, name: {ja: 富士通Japan, en: Fujitsu Japan}}
            services:
              - id: kurashiki-juki
                tenant: kurashiki
                system: juki
                vendor: fujitsu-japan
                targets:
                  - {host: krs-juki-ap1, role: AP/WEB}
                  - {host: krs-juki-db1, role: BT/DB, heartbeatInterval: 30s, resources: {cpu: {warning: 60, critical: 70}}}
                  - {host: krs-juki-mon1, role: MON}
              - id: takamatsu-juki
                tenant: takamatsu
                system: juki
                vendor: fujitsu-japan
                targets:
                  - {host: tkm-juki-ap1, role: AP/WEB}
            """;

    @TempDir
    Path dir;

    /** Keeps what it is given, as JSON on the wire and back, so every event is checked against the schema. */
    static final class Recorder implements FleetSender {
        final List<Event> sent = new ArrayList<>();
        Optional<Path> configDir;
        boolean closed;

        @Override
        public boolean send(Event event) {
            try {
                sent.add(EventCodec.decode(EventCodec.encode(event)));
            } catch (io.mihari.model.event.InvalidEventException e) {
                throw new AssertionError(e);
            }
            return true;
        }

        @Override
        public String flush() {
            return null;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    record Run(int exitCode, String out, String err) {
    }

    private Run run(Recorder recorder, String... args) {
        CommandLine.IFactory factory = new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                if (type == SimulateCommand.class) {
                    return type.cast(new SimulateCommand(Clock.fixed(NOW, ZoneOffset.UTC), configDir -> {
                        recorder.configDir = configDir;
                        return recorder;
                    }));
                }
                return CommandLine.defaultFactory().create(type);
            }
        };
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(SimulateCommand.class, factory);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return new Run(cli.execute(args), out.toString(), err.toString());
    }

    private Path catalog(String yaml) throws IOException {
        return Files.writeString(dir.resolve("catalog.yaml"), yaml);
    }

    @Test
    void everyServerButTheExceptedOnesSendsAHeartbeatACheckAndResourcesMarkedAsSimulated() throws IOException {
        Recorder recorder = new Recorder();

        Run run = run(recorder, "--catalog", catalog(CATALOG).toString(), "--except", "krs-juki-mon1", "--once");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo("simulate: 9 events for 3 servers%n".formatted());
        assertThat(recorder.closed).isTrue();
        assertThat(recorder.configDir).isEmpty();
        assertThat(recorder.sent).extracting(Event::targetId, Event::type).containsExactly(
                tuple("kurashiki/krs-juki-ap1", EventType.HEARTBEAT), tuple("kurashiki/krs-juki-ap1", EventType.CHECK_RESULT),
                tuple("kurashiki/krs-juki-ap1", EventType.RESOURCE_SAMPLE),
                tuple("kurashiki/krs-juki-db1", EventType.HEARTBEAT), tuple("kurashiki/krs-juki-db1", EventType.CHECK_RESULT),
                tuple("kurashiki/krs-juki-db1", EventType.RESOURCE_SAMPLE),
                tuple("takamatsu/tkm-juki-ap1", EventType.HEARTBEAT), tuple("takamatsu/tkm-juki-ap1", EventType.CHECK_RESULT),
                tuple("takamatsu/tkm-juki-ap1", EventType.RESOURCE_SAMPLE));
        assertThat(recorder.sent).allSatisfy(e -> {
            assertThat(e.occurredAt()).isEqualTo(NOW);
            assertThat(e.agentId()).isEqualTo(SimulatedFleet.AGENT_ID);
            assertThat(e.system()).isEqualTo("juki");
        });
        assertThat(recorder.sent).extracting(Event::seq)
                .containsExactly(java.util.stream.LongStream.range(0, 9).map(i -> NOW.toEpochMilli() + i).boxed()
                        .toArray(Long[]::new));
        assertThat(recorder.sent.get(0).payload()).isEqualTo(new Heartbeat(10, "mihari-simulator/0.1.0"));
        assertThat(recorder.sent.get(3).payload()).as("the catalog's interval of the server")
                .isEqualTo(new Heartbeat(30, "mihari-simulator/0.1.0"));
        assertThat(recorder.sent.get(1).payload()).isInstanceOfSatisfying(CheckResult.class, c -> {
            assertThat(c.name()).isEqualTo("simulated-http");
            assertThat(c.status()).isEqualTo(CheckResult.Status.UP);
            assertThat(c.message()).isEqualTo("HTTP 200 (simulated)");
        });
        assertThat(recorder.sent.get(5).payload()).as("under the server's own warning level (cpu 60)")
                .isInstanceOfSatisfying(ResourceSample.class, r -> {
                    assertThat(r.cpuPercent()).isBetween(12.0, 30.0);
                    assertThat(100.0 * r.memoryUsedBytes() / r.memoryTotalBytes()).isBetween(17.0, 42.5);
                    assertThat(r.disks()).singleElement().satisfies(d -> assertThat(d.usedPercent()).isBetween(16.0, 40.0));
                });
    }

    @Test
    void aCityMayHaveItsOwnKafkaSettingsFolder() throws IOException {
        Recorder recorder = new Recorder();

        run(recorder, "--catalog", catalog(CATALOG).toString(), "--kafka-config-dir", dir.toString(), "--once");

        assertThat(recorder.configDir).contains(dir);
        assertThat(recorder.sent).extracting(Event::targetId).contains("kurashiki/krs-juki-mon1");
    }

    @Test
    void theLoginsOfASecuredClusterAreTheFirstSimulatedServerOfEachCity() throws IOException {
        Recorder recorder = new Recorder();

        Run run = run(recorder, "--catalog", catalog(CATALOG).toString(), "--except", "krs-juki-ap1", "--list-logins");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).isEqualTo("kurashiki/krs-juki-db1%ntakamatsu/tkm-juki-ap1%n".formatted());
        assertThat(recorder.sent).isEmpty();
    }

    @Test
    void aBadCatalogIsRefusedWithEveryProblemAndNothingIsSent() throws IOException {
        Recorder recorder = new Recorder();

        Run run = run(recorder, "--catalog", catalog(CATALOG.replace("role: MON", "rol: MON")
                .replace("heartbeatInterval: 30s", "heartbeatInterval: soon")).toString(), "--once");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("catalog.yaml:18:", "rol: unknown key", "catalog.yaml:17:",
                "'soon' is not a duration");
        assertThat(recorder.sent).isEmpty();
    }

    @Test
    void aCatalogWithNothingLeftToSimulateSaysSo() throws IOException {
        Run run = run(new Recorder(), "--catalog", catalog(CATALOG).toString(),
                "--except", "krs-juki-ap1,krs-juki-db1,krs-juki-mon1", "--except", "tkm-juki-ap1", "--once");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("no server of").contains("is left to simulate");
    }

    private static org.assertj.core.groups.Tuple tuple(Object... values) {
        return org.assertj.core.groups.Tuple.tuple(values);
    }

    @Test
    void aDropFileMakesALinesChecksFailUntilTheInstantItGives() throws IOException {
        String withLines = CATALOG.replace("systems:\n", "systems:\n  - {id: network, name: {ja: 回線, en: Network lines}}\n")
                .replace("vendors:\n", "parties:\n  - {id: west-net, kind: carrier, name: {ja: 西日本ネットワーク回線, en: West"
                        + " Japan Network}}\nvendors:\n")
                + """
                  - id: kurashiki-network
                    tenant: kurashiki
                    system: network
                    vendor: west-net
                    targets:
                      - {host: krs-line-a, role: 回線A (Active), component: line, redundancyGroup: lines}
                      - {host: krs-line-b, role: 回線B (Standby), component: line, redundancyGroup: lines}
                """;
        Path drops = Files.writeString(dir.resolve("drops"), """
                # demo-line-failover
                kurashiki/krs-line-a 2026-12-06T01:04:00Z
                nonsense line
                """);
        Recorder recorder = new Recorder();

        Run run = run(recorder, "--catalog", catalog(withLines).toString(), "--drop-file", drops.toString(), "--once");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(recorder.sent).filteredOn(e -> e.type() == EventType.CHECK_RESULT && e.system().equals("network"))
                .extracting(Event::targetId, e -> ((CheckResult) e.payload()).status()).containsExactly(
                        tuple("kurashiki/krs-line-a", CheckResult.Status.DOWN),
                        tuple("kurashiki/krs-line-b", CheckResult.Status.UP));
        assertThat(recorder.sent).filteredOn(e -> e.targetId().equals("kurashiki/krs-line-a"))
                .extracting(Event::type).as("its heartbeats go on").contains(EventType.HEARTBEAT);
    }
}
