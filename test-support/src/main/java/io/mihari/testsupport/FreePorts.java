package io.mihari.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Picks ports that are free on 127.0.0.1 right now, for servers a test starts (Kafka, OpenSearch, SMTP, the apps).
 *
 * <p>They are taken <em>below</em> the kernel's ephemeral range ({@code net.ipv4.ip_local_port_range}, 32768–60999 by
 * default): a port the kernel handed out as ephemeral and took back (the old way, {@code new ServerSocket(0)}) is soon
 * handed to some client connection again, and a server started a few seconds later then fails with "Address already
 * in use" (seen once in CI: OpenSearch's transport port). A port below that range is never picked by the kernel for an
 * outgoing connection. A port is not handed out twice by one JVM.
 */
public final class FreePorts {

    private static final int LOWEST = 20_000;
    private static final Set<Integer> GIVEN = new HashSet<>();

    private FreePorts() {
    }

    public static synchronized int next() {
        int below = ephemeralLow();
        if (below - LOWEST >= 1_000) {
            for (int attempt = 0; attempt < 200; attempt++) {
                int port = ThreadLocalRandom.current().nextInt(LOWEST, below);
                if (!GIVEN.contains(port) && bindable(port)) {
                    GIVEN.add(port);
                    return port;
                }
            }
        }
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            GIVEN.add(socket.getLocalPort());
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on 127.0.0.1", e);
        }
    }

    private static boolean bindable(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The first port of the kernel's ephemeral range (Linux), else 32768 (the IANA/Linux default's start). */
    static int ephemeralLow() {
        try {
            String range = String.join(" ", Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range")));
            return Integer.parseInt(range.trim().split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return 32_768;
        }
    }
}
