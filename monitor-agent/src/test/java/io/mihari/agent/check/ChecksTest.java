package io.mihari.agent.check;

import com.sun.net.httpserver.HttpServer;
import io.mihari.model.event.CheckResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;

/** Checks against real local servers, processes and commands. */
class ChecksTest {

    static final Duration INTERVAL = Duration.ofSeconds(30);
    final CountDownLatch release = new CountDownLatch(1);
    HttpServer server;

    HttpServer httpServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/ok", exchange -> {
            byte[] body = "住民記録システム OK".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.createContext("/broken", exchange -> {
            exchange.sendResponseHeaders(503, -1);
            exchange.close();
        });
        server.createContext("/hang", exchange -> {
            try {
                release.await(); // never answers until the test ends
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
        return server;
    }

    @AfterEach
    void stop() {
        release.countDown();
        if (server != null) {
            server.stop(0);
        }
    }

    HttpCheck http(String path, String keyword) {
        return new HttpCheck("web", URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path), INTERVAL,
                Duration.ofMillis(700), new HttpCheck.StatusRange("200-399"), keyword, 0, Clock.systemUTC());
    }

    @Test
    void httpCheckIsUpWhileTheServerAnswersAndDownOnceItStops() throws Exception {
        httpServer();
        HttpCheck check = http("/ok", "OK");

        CheckResult up = check.run();
        assertThat(up.status()).isEqualTo(CheckResult.Status.UP);
        assertThat(up.message()).isEqualTo("HTTP 200");
        assertThat(up.certificateDaysLeft()).isNull();

        server.stop(0);
        CheckResult down = check.run();
        assertThat(down.status()).isEqualTo(CheckResult.Status.DOWN);
        assertThat(down.message()).contains("ConnectException");
    }

    @Test
    void httpCheckIsDownOnAnUnexpectedStatusOrAMissingKeyword() throws Exception {
        httpServer();

        assertThat(http("/broken", null).run().message()).isEqualTo("HTTP 503 (expected 200-399)");
        assertThat(http("/ok", "メンテナンス中").run()).satisfies(r -> {
            assertThat(r.status()).isEqualTo(CheckResult.Status.DOWN);
            assertThat(r.message()).isEqualTo("HTTP 200, body lacks 'メンテナンス中'");
        });
    }

    @Test
    void hangingEndpointIsDownAfterTheTimeoutNotLater() throws Exception {
        httpServer();

        CheckResult result = http("/hang", null).run();

        assertThat(result.status()).isEqualTo(CheckResult.Status.DOWN);
        assertThat(result.message()).isEqualTo("no answer within 700 ms");
        assertThat(result.latencyMs()).isBetween(600L, 5000L);
    }

    @Test
    void tcpCheckFollowsAPortOpeningAndClosing() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
            TcpCheck check = new TcpCheck("db-listener", "127.0.0.1", port, INTERVAL, Duration.ofSeconds(2));
            assertThat(check.run().status()).isEqualTo(CheckResult.Status.UP);
        }
        CheckResult closed = new TcpCheck("db-listener", "127.0.0.1", port, INTERVAL, Duration.ofSeconds(2)).run();
        assertThat(closed.status()).isEqualTo(CheckResult.Status.DOWN);
        assertThat(closed.message()).contains("Connection refused");
    }

    @Test
    void processCheckFindsThisJavaAndMissesAnAbsentProcess() {
        assertThat(new ProcessCheck("jvm", "java", INTERVAL).run().status()).isEqualTo(CheckResult.Status.UP);
        assertThat(new ProcessCheck("sql", "sqlservr.exe", INTERVAL).run())
                .satisfies(r -> assertThat(r.message()).isEqualTo("no process named sqlservr"));
    }

    @Test
    void commandCheckUsesTheExitStatusAndKillsACommandThatHangs() {
        assertThat(new CommandCheck("ok", List.of("sh", "-c", "echo fine"), INTERVAL, Duration.ofSeconds(5)).run())
                .satisfies(r -> {
                    assertThat(r.status()).isEqualTo(CheckResult.Status.UP);
                    assertThat(r.message()).isEqualTo("exit 0: fine");
                });
        assertThat(new CommandCheck("bad", List.of("sh", "-c", "echo broken; exit 3"), INTERVAL, Duration.ofSeconds(5))
                .run().message()).isEqualTo("exit 3: broken");
        CheckResult hung = new CommandCheck("hung", List.of("sleep", "30"), INTERVAL, Duration.ofMillis(300)).run();
        assertThat(hung.status()).isEqualTo(CheckResult.Status.DOWN);
        assertThat(hung.message()).isEqualTo("did not finish within 300 ms (killed)");
        assertThat(new CommandCheck("none", List.of("/no/such/command"), INTERVAL, Duration.ofSeconds(1)).run().message())
                .startsWith("cannot start");
    }

    @Test
    void statusRangesAcceptListsAndRanges() {
        HttpCheck.StatusRange range = new HttpCheck.StatusRange("200-299, 401");
        assertThat(range.contains(204)).isTrue();
        assertThat(range.contains(401)).isTrue();
        assertThat(range.contains(302)).isFalse();
    }
}
