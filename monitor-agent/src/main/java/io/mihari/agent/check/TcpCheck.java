package io.mihari.agent.check;

import io.mihari.model.event.CheckResult;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;

/**
 * Connect to host:port within the timeout: UP when the connection is accepted. With a {@code source} the connection
 * goes out from that local address (e.g. the city hall's line A), so the result says whether that path works.
 */
public record TcpCheck(String name, String host, int port, Duration interval, Duration timeout, InetAddress source)
        implements Check {

    public TcpCheck(String name, String host, int port, Duration interval, Duration timeout) {
        this(name, host, port, interval, timeout, null);
    }

    @Override
    public CheckResult.Kind kind() {
        return CheckResult.Kind.TCP;
    }

    @Override
    public String target() {
        return host + ":" + port + (source == null ? "" : " from " + source.getHostAddress());
    }

    @Override
    public CheckResult run() {
        long start = System.nanoTime();
        try (Socket socket = new Socket()) {
            if (source != null) {
                socket.bind(new InetSocketAddress(source, 0));
            }
            socket.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
            return new CheckResult(name, kind(), CheckResult.Status.UP, Check.elapsedMs(start), "connected"
                    + (source == null ? "" : " from " + source.getHostAddress()), null);
        } catch (SocketTimeoutException e) {
            return new CheckResult(name, kind(), CheckResult.Status.DOWN, Check.elapsedMs(start),
                    "no connection within " + timeout.toMillis() + " ms", null);
        } catch (IOException | IllegalArgumentException e) {
            return new CheckResult(name, kind(), CheckResult.Status.DOWN, Check.elapsedMs(start), Check.describe(e)
                    + (source == null ? "" : " (from " + source.getHostAddress() + ")"), null);
        }
    }
}
