package io.mihari.agent.check;

import io.mihari.agent.config.AgentConfig;
import io.mihari.model.event.CheckResult;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A ping check's configuration: its defaults, and every bad value refused naming its key. */
class PingConfigTest {

    /** One check's configuration, the ping keys given, the others at their defaults. */
    record Ping(String name, String kind, Optional<String> host, int probes, String maxLoss, Optional<Duration> maxRtt,
            Optional<Duration> timeout) implements AgentConfig.Check {

        static Ping of(String host) {
            return new Ping("core-switch", "PING", Optional.ofNullable(host), 5, "40%", Optional.empty(),
                    Optional.empty());
        }

        Ping probes(int n) {
            return new Ping(name, kind, host, n, maxLoss, maxRtt, timeout);
        }

        Ping maxLoss(String loss) {
            return new Ping(name, kind, host, probes, loss, maxRtt, timeout);
        }

        Ping maxRtt(Duration rtt) {
            return new Ping(name, kind, host, probes, maxLoss, Optional.of(rtt), timeout);
        }

        Ping timeout(Duration t) {
            return new Ping(name, kind, host, probes, maxLoss, maxRtt, Optional.of(t));
        }

        public Duration interval() {
            return Duration.ofSeconds(20);
        }

        public Duration recheckEvery() {
            return Duration.ofSeconds(2);
        }

        public int rechecks() {
            return 6;
        }

        public Optional<String> url() {
            return Optional.empty();
        }

        public String expectStatus() {
            return "200-399";
        }

        public Optional<String> keyword() {
            return Optional.empty();
        }

        public int minCertificateDays() {
            return 0;
        }

        public Optional<Integer> port() {
            return Optional.empty();
        }

        public Optional<String> processName() {
            return Optional.empty();
        }

        public Optional<List<String>> command() {
            return Optional.empty();
        }

        public Optional<String> via() {
            return Optional.empty();
        }

        public Optional<String> target() {
            return Optional.empty();
        }

        public String targetSystem() {
            return "network";
        }
    }

    /** The agent's configuration as Quarkus reads it (SmallRye, Quarkus's duration converter), plus {@code extra}. */
    static AgentConfig config(Map<String, String> extra) {
        Map<String, String> properties = new HashMap<>(Map.of("mihari.agent.tenant",
                "kurashiki", "mihari.agent.system", "network"));
        properties.putAll(extra);
        return new SmallRyeConfigBuilder().withMapping(AgentConfig.class)
                .withConverter(Duration.class, 200, new DurationConverter())
                .withSources(new PropertiesConfigSource(properties, "test", 100)).build()
                .getConfigMapping(AgentConfig.class);
    }

    static Check only(AgentConfig.Check config) {
        List<Check> checks = Checks.from(List.of(config), Clock.systemUTC());
        assertThat(checks).hasSize(1);
        return checks.get(0);
    }

    @Test
    void theKeysAreReadFromTheAgentsConfiguration() {
        AgentConfig config = config(Map.ofEntries(
                Map.entry("mihari.agent.checks[0].name", "core-switch"),
                Map.entry("mihari.agent.checks[0].kind", "PING"),
                Map.entry("mihari.agent.checks[0].host", "10.0.0.1"),
                Map.entry("mihari.agent.checks[0].probes", "4"),
                Map.entry("mihari.agent.checks[0].timeout", "800ms"),
                Map.entry("mihari.agent.checks[0].max-loss", "25%"),
                Map.entry("mihari.agent.checks[0].max-rtt", "200ms"),
                Map.entry("mihari.agent.checks[1].name", "edge-router"),
                Map.entry("mihari.agent.checks[1].kind", "PING"),
                Map.entry("mihari.agent.checks[1].host", "10.0.0.254"),
                Map.entry("mihari.agent.checks[2].name", "db-port"),
                Map.entry("mihari.agent.checks[2].kind", "TCP"),
                Map.entry("mihari.agent.checks[2].host", "127.0.0.1"),
                Map.entry("mihari.agent.checks[2].port", "1433")));

        List<Check> checks = Checks.from(config.checks(), Clock.systemUTC());

        PingCheck set = (PingCheck) checks.get(0);
        assertThat(List.of(set.probes(), set.timeout(), set.maxLossPercent(), set.maxRtt()))
                .containsExactly(4, Duration.ofMillis(800), 25.0, Duration.ofMillis(200));
        PingCheck defaults = (PingCheck) checks.get(1);
        assertThat(List.of(defaults.probes(), defaults.timeout(), defaults.maxLossPercent()))
                .containsExactly(5, Duration.ofSeconds(1), 40.0);
        assertThat(defaults.maxRtt()).isNull();
        assertThat(((TcpCheck) checks.get(2)).timeout()).as("the other kinds: 10 s").isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void theDefaultsAreFiveProbesOneSecondEachAndFortyPercentLoss() {
        PingCheck check = (PingCheck) only(Ping.of("10.0.0.1"));

        assertThat(check.kind()).isEqualTo(CheckResult.Kind.PING);
        assertThat(check.host()).isEqualTo("10.0.0.1");
        assertThat(check.probes()).isEqualTo(5);
        assertThat(check.timeout()).isEqualTo(Duration.ofSeconds(1));
        assertThat(check.maxLossPercent()).isEqualTo(40.0);
        assertThat(check.maxRtt()).isNull();
        assertThat(check.target()).isEqualTo("10.0.0.1 (5 probes)");
    }

    @Test
    void theOperatorsValuesAreTaken() {
        PingCheck check = (PingCheck) only(new Ping("core-switch", "ping", Optional.of(" core-sw1.krs.example "), 10,
                "12.5", Optional.of(Duration.ofMillis(200)), Optional.of(Duration.ofMillis(500))));

        assertThat(check.host()).isEqualTo("core-sw1.krs.example");
        assertThat(check.probes()).isEqualTo(10);
        assertThat(check.timeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(check.maxLossPercent()).isEqualTo(12.5);
        assertThat(check.maxRtt()).isEqualTo(Duration.ofMillis(200));
    }

    @Test
    void badValuesAreRefusedNamingTheirKeysAllAtOnce() {
        assertThatThrownBy(() -> Checks.from(List.of(
                Ping.of("10.0.0.1").probes(0),
                new Ping("fw", "PING", Optional.of("10.0.0.2"), 5, "150%", Optional.empty(), Optional.empty()),
                new Ping("ups", "PING", Optional.of("10.0.0.3"), 5, "40%", Optional.empty(),
                        Optional.of(Duration.ofSeconds(-1))),
                new Ping("nas", "PING", Optional.empty(), 5, "40%", Optional.empty(), Optional.empty()),
                new Ping("wan", "PING", Optional.of("10.0.0.5"), 101, "lots", Optional.of(Duration.ZERO),
                        Optional.empty())), Clock.systemUTC()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("invalid configuration:\n"
                        + "  - mihari.agent.checks[0].probes: must be between 1 and 100, was 0\n"
                        + "  - mihari.agent.checks[1].max-loss: must be a percentage from 0% to 99% (e.g. 40%), was '150%'\n"
                        + "  - mihari.agent.checks[2].timeout: must be positive, was PT-1S\n"
                        + "  - mihari.agent.checks[3].host: required for a PING check\n"
                        + "  - mihari.agent.checks[4].probes: must be between 1 and 100, was 101\n"
                        + "  - mihari.agent.checks[4].max-loss: must be a percentage from 0% to 99% (e.g. 40%), was 'lots'\n"
                        + "  - mihari.agent.checks[4].max-rtt: must be positive, was PT0S");
    }

    @Test
    void aLossOfAHundredPercentIsNoThresholdAndNinetyNineIs() {
        assertThat(Checks.maxLoss("100%")).isNull();
        assertThat(Checks.maxLoss("-1%")).isNull();
        assertThat(Checks.maxLoss("99%")).isEqualTo(99.0);
        assertThat(Checks.maxLoss(" 0 % ")).isEqualTo(0.0);
        assertThat(Checks.maxLoss("40")).isEqualTo(40.0);
    }

    @Test
    void anUnknownKindListsPing() {
        assertThatThrownBy(() -> Checks.from(List.of(new Ping("x", "ICMP", Optional.of("10.0.0.1"), 5, "40%",
                Optional.empty(), Optional.empty())), Clock.systemUTC()))
                .hasMessageContaining("kind: 'ICMP' is not one of HTTP, TCP, PROCESS, COMMAND, PING");
    }
}
