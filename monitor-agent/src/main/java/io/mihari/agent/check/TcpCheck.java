package io.mihari.agent.check;

import io.mihari.model.event.CheckResult;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;

/** Connect to host:port within the timeout: UP when the connection is accepted. */
public record TcpCheck(String name, String host, int port, Duration interval, Duration timeout) implements Check {

    @Override
    public CheckResult.Kind kind() {
        return CheckResult.Kind.TCP;
    }

    @Override
    public String target() {
        return host + ":" + port;
    }

    @Override
    public CheckResult run() {
        long start = System.nanoTime();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
            return new CheckResult(name, kind(), CheckResult.Status.UP, Check.elapsedMs(start), "connected", null);
        } catch (SocketTimeoutException e) {
            return new CheckResult(name, kind(), CheckResult.Status.DOWN, Check.elapsedMs(start),
                    "no connection within " + timeout.toMillis() + " ms", null);
        } catch (IOException | IllegalArgumentException e) {
            return new CheckResult(name, kind(), CheckResult.Status.DOWN, Check.elapsedMs(start), Check.describe(e), null);
        }
    }
}
