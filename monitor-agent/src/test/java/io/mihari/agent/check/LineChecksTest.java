package io.mihari.agent.check;

import com.sun.net.httpserver.HttpServer;
import io.mihari.agent.config.AgentConfig;
import io.mihari.agent.config.Identity;
import io.mihari.model.event.CheckResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Checks through a line: bound to a local source address (Linux loopback accepts any 127.x source, so 127.0.0.2
 * plays line A's address and 127.0.0.3 line B's) and reported for the line's target.
 */
class LineChecksTest {

    static final Duration INTERVAL = Duration.ofSeconds(30);
    static final Identity RELAY = new Identity("kurashiki", "juki", "krs-juki-mon1", "krs-juki-mon1");

    HttpServer server;
    final List<String> seenFrom = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    HttpServer httpServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        server.createContext("/ok", exchange -> {
            seenFrom.add(exchange.getRemoteAddress().getAddress().getHostAddress());
            byte[] body = "庁舎回線 OK".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.createContext("/chunked", exchange -> {
            exchange.sendResponseHeaders(200, 0); // chunked
            exchange.getResponseBody().write("first part, ".getBytes(StandardCharsets.UTF_8));
            exchange.getResponseBody().flush();
            exchange.getResponseBody().write("回線B OK".getBytes(StandardCharsets.UTF_8));
            exchange.close();
        });
        server.createContext("/broken", exchange -> {
            exchange.sendResponseHeaders(503, -1);
            exchange.close();
        });
        server.start();
        return server;
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    @Test
    void aTcpCheckGoesOutFromItsSourceAddress() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            TcpCheck check = new TcpCheck("line-a-gw", "127.0.0.1", listener.getLocalPort(), INTERVAL,
                    Duration.ofSeconds(2), InetAddress.getByName("127.0.0.2"));
            CheckResult up = check.run();
            try (Socket accepted = listener.accept()) {
                assertThat(accepted.getInetAddress().getHostAddress()).isEqualTo("127.0.0.2");
            }
            assertThat(up.status()).isEqualTo(CheckResult.Status.UP);
            assertThat(up.message()).isEqualTo("connected from 127.0.0.2");
            assertThat(check.target()).isEqualTo("127.0.0.1:" + listener.getLocalPort() + " from 127.0.0.2");
        }
    }

    @Test
    void aSourceThatIsNotThisServersIsDownSayingSo() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            // TEST-NET-1: no interface of this machine has it, so the bind fails like a line whose address is gone
            CheckResult down = new TcpCheck("line-a-gw", "127.0.0.1", listener.getLocalPort(), INTERVAL,
                    Duration.ofSeconds(2), InetAddress.getByName("192.0.2.1")).run();
            assertThat(down.status()).isEqualTo(CheckResult.Status.DOWN);
            assertThat(down.message()).startsWith("BindException").endsWith("(from 192.0.2.1)");
        }
    }

    @Test
    void anHttpCheckGoesOutFromItsSourceWithTheSameVerdicts() throws Exception {
        httpServer();
        InetAddress lineB = InetAddress.getByName("127.0.0.3");
        HttpCheck ok = new HttpCheck("line-b-web", URI.create(url("/ok")), INTERVAL, Duration.ofSeconds(2),
                new HttpCheck.StatusRange("200-399"), "OK", 0, Clock.systemUTC(), lineB);
        CheckResult up = ok.run();
        assertThat(up.status()).isEqualTo(CheckResult.Status.UP);
        assertThat(up.message()).isEqualTo("HTTP 200 from 127.0.0.3");
        assertThat(seenFrom).containsExactly("127.0.0.3");

        assertThat(new HttpCheck("c", URI.create(url("/chunked")), INTERVAL, Duration.ofSeconds(2),
                new HttpCheck.StatusRange("200"), "回線B OK", 0, Clock.systemUTC(), lineB).run().status())
                .as("a chunked body is decoded before the keyword is looked for").isEqualTo(CheckResult.Status.UP);
        assertThat(new HttpCheck("c", URI.create(url("/ok")), INTERVAL, Duration.ofSeconds(2),
                new HttpCheck.StatusRange("200"), "メンテナンス中", 0, Clock.systemUTC(), lineB).run().message())
                .isEqualTo("HTTP 200, body lacks 'メンテナンス中' from 127.0.0.3");
        CheckResult broken = new HttpCheck("c", URI.create(url("/broken")), INTERVAL, Duration.ofSeconds(2),
                new HttpCheck.StatusRange("200-399"), null, 0, Clock.systemUTC(), lineB).run();
        assertThat(broken.status()).isEqualTo(CheckResult.Status.DOWN);
        assertThat(broken.message()).isEqualTo("HTTP 503 (expected 200-399) from 127.0.0.3");

        int port = server.getAddress().getPort();
        server.stop(0);
        server = null;
        CheckResult gone = new HttpCheck("c", URI.create("http://127.0.0.1:" + port + "/ok"), INTERVAL,
                Duration.ofSeconds(2), new HttpCheck.StatusRange("200"), null, 0, Clock.systemUTC(), lineB).run();
        assertThat(gone.status()).isEqualTo(CheckResult.Status.DOWN);
        assertThat(gone.message()).startsWith("ConnectException").endsWith("(from 127.0.0.3)");
    }

    @Test
    void aConfiguredCheckThroughALineIsBoundAndReportedForTheLine() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            List<Check> checks = Checks.from(List.of(
                            check("line-a-gw", "TCP", listener.getLocalPort(), "line-a", "kurashiki/krs-line-a"),
                            check("line-b-gw", "TCP", listener.getLocalPort(), "line-b", "krs-line-b"),
                            check("own", "TCP", listener.getLocalPort(), null, null)),
                    Map.of("line-a", source("127.0.0.2", null), "line-b", source("127.0.0.3", null)), RELAY,
                    Clock.systemUTC());

            assertThat(checks.get(0)).isInstanceOfSatisfying(ReportedCheck.class, r -> {
                assertThat(r.reportAs()).isEqualTo(new Identity("kurashiki", "network", "krs-line-a", "krs-juki-mon1"));
                assertThat(r.target()).endsWith(" from 127.0.0.2 for kurashiki/krs-line-a");
            });
            assertThat(checks.get(1)).isInstanceOfSatisfying(ReportedCheck.class,
                    r -> assertThat(r.reportAs().targetId()).isEqualTo("kurashiki/krs-line-b"));
            assertThat(checks.get(2)).isInstanceOf(TcpCheck.class);
            for (Check c : checks) {
                assertThat(c.run().status()).isEqualTo(CheckResult.Status.UP);
            }
            List<String> from = new java.util.ArrayList<>();
            for (int i = 0; i < 3; i++) {
                try (Socket accepted = listener.accept()) {
                    from.add(accepted.getInetAddress().getHostAddress());
                }
            }
            assertThat(from).containsExactly("127.0.0.2", "127.0.0.3", "127.0.0.1");
        }
    }

    @Test
    void wrongSourcesAndTargetsAreNamedAllAtOnce() {
        assertThatThrownBy(() -> Checks.from(List.of(
                        check("a", "TCP", 80, "line-c", null),
                        check("b", "TCP", 80, null, "takamatsu/tkm-line-a"),
                        check("c", "TCP", 80, null, "krs-juki-mon1"),
                        processCheck("d", "line-a")),
                Map.of("line-a", source("127.0.0.2", null), "both", source("127.0.0.2", "lo"),
                        "bad", source("not-an-ip", null), "nic", source(null, "no-such-nic0")), RELAY,
                Clock.systemUTC()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("""
                        invalid configuration:
                          - mihari.agent.sources.bad.source-address: 'not-an-ip' is not an IP address
                          - mihari.agent.sources.both: needs exactly one of source-address or interface
                          - mihari.agent.sources.nic.interface: no network interface 'no-such-nic0' on this server
                          - mihari.agent.checks[0].via: 'line-c' is not one of mihari.agent.sources [bad, both, line-a, nic]
                          - mihari.agent.checks[1].target: 'takamatsu/tkm-line-a' is not of this agent's city \
                        'kurashiki' (an agent reports only for its own city)
                          - mihari.agent.checks[2].target: 'krs-juki-mon1' is this agent's own server; leave target out
                          - mihari.agent.checks[3].via: only a TCP or HTTP check can go out through a source, not PROCESS""");
    }

    @Test
    void aSourceMayNameTheLoopbackInterface() {
        List<Check> checks = Checks.from(List.of(check("a", "TCP", 80, "lo", null)),
                Map.of("lo", source(null, "lo")), RELAY, Clock.systemUTC());
        assertThat(((TcpCheck) checks.get(0)).source().getHostAddress()).isEqualTo("127.0.0.1");
    }

    static AgentConfig.Source source(String address, String nic) {
        return new AgentConfig.Source() {
            @Override
            public Optional<String> sourceAddress() {
                return Optional.ofNullable(address);
            }

            @Override
            public Optional<String> networkInterface() {
                return Optional.ofNullable(nic);
            }
        };
    }

    static AgentConfig.Check processCheck(String name, String via) {
        return config(name, "PROCESS", null, via, null);
    }

    static AgentConfig.Check check(String name, String kind, int port, String via, String target) {
        return config(name, kind, port, via, target);
    }

    static AgentConfig.Check config(String name, String kind, Integer port, String via, String target) {
        return new AgentConfig.Check() {
            public String name() {
                return name;
            }

            public String kind() {
                return kind;
            }

            public Duration interval() {
                return INTERVAL;
            }

            public Duration recheckEvery() {
                return Duration.ofSeconds(2);
            }

            public int rechecks() {
                return 6;
            }

            public Optional<Duration> timeout() {
                return Optional.of(Duration.ofSeconds(2));
            }

            public int probes() {
                return 5;
            }

            public String maxLoss() {
                return "40%";
            }

            public Optional<Duration> maxRtt() {
                return Optional.empty();
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

            public Optional<String> host() {
                return Optional.of("127.0.0.1");
            }

            public Optional<Integer> port() {
                return Optional.ofNullable(port);
            }

            public Optional<String> processName() {
                return Optional.of("java");
            }

            public Optional<List<String>> command() {
                return Optional.empty();
            }

            public Optional<String> via() {
                return Optional.ofNullable(via);
            }

            public Optional<String> target() {
                return Optional.ofNullable(target);
            }

            public String targetSystem() {
                return "network";
            }
        };
    }
}
