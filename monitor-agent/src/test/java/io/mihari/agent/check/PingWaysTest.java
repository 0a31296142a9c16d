package io.mihari.agent.check;

import org.junit.jupiter.api.Test;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The order of the ways to ping, the reasons logged, and the system ping's command line and output. */
class PingWaysTest {

    static final Path PING = Path.of("/usr/bin/ping");
    static final Optional<String> RANGE = Optional.of("1 0");

    static Function<Pinger.Way, Optional<String>> refusing(Map<Pinger.Way, String> refused) {
        return way -> Optional.ofNullable(refused.get(way));
    }

    @Test
    void anUnprivilegedDatagramSocketComesFirst() {
        PingWays.Choice c = PingWays.choose(true, false, refusing(Map.of()), Optional.of(PING), Optional.of("0 2147483647"));

        assertThat(c.pinger().way()).isEqualTo(Pinger.Way.DATAGRAM);
        assertThat(c.why()).isEqualTo("ICMP datagram socket (unprivileged ping, net.ipv4.ping_group_range 0 2147483647)");
    }

    @Test
    void thenARawSocketSayingWhyNoDatagramSocket() {
        PingWays.Choice c = PingWays.choose(true, false,
                refusing(Map.of(Pinger.Way.DATAGRAM, "Permission denied (errno 13)")), Optional.of(PING), RANGE);

        assertThat(c.pinger().way()).isEqualTo(Pinger.Way.RAW);
        assertThat(c.why()).isEqualTo("raw ICMP socket (root or CAP_NET_RAW); no ICMP datagram socket: Permission"
                + " denied (errno 13) (net.ipv4.ping_group_range is '1 0', which must include the agent's group)");
    }

    @Test
    void thenTheSystemPing() {
        PingWays.Choice c = PingWays.choose(true, false, refusing(Map.of(Pinger.Way.DATAGRAM, "Permission denied"
                + " (errno 13)", Pinger.Way.RAW, "Operation not permitted (errno 1)")), Optional.of(PING), RANGE);

        assertThat(c.pinger().way()).isEqualTo(Pinger.Way.COMMAND);
        assertThat(c.why()).startsWith("system ping command /usr/bin/ping; no ICMP datagram socket:")
                .endsWith("; no raw ICMP socket: Operation not permitted (errno 1) (needs root or CAP_NET_RAW)");
    }

    @Test
    void windowsUsesPingExe() {
        Path exe = Path.of("C:\\Windows\\System32\\PING.EXE");
        PingWays.Choice c = PingWays.choose(false, true, way -> {
            throw new AssertionError("no socket is tried on Windows");
        }, Optional.of(exe), Optional.empty());

        assertThat(c.pinger().way()).isEqualTo(Pinger.Way.COMMAND);
        assertThat(c.why()).endsWith("; ICMP sockets are used on Linux only (Windows uses ping.exe)");
    }

    @Test
    void withNoWayEveryPingIsUnavailableSayingWhyAndWhatToDo() throws Exception {
        PingWays.Choice c = PingWays.choose(true, false, refusing(Map.of(Pinger.Way.DATAGRAM, "Permission denied"
                + " (errno 13)", Pinger.Way.RAW, "Operation not permitted (errno 1)")), Optional.empty(), RANGE);

        assertThat(c.pinger().way()).isEqualTo(Pinger.Way.NONE);
        assertThat(c.why()).startsWith("ping is not possible on this server: no ICMP datagram socket: Permission"
                + " denied (errno 13)").contains("; no raw ICMP socket: Operation not permitted (errno 1)",
                "; no ping command on the PATH. To ping, allow unprivileged ping (sysctl net.ipv4.ping_group_range");
        Inet4Address target = (Inet4Address) InetAddress.getByName("10.0.0.1");
        assertThatThrownBy(() -> c.pinger().ping(target, 5, Duration.ofSeconds(1)))
                .isInstanceOf(CheckUnavailableException.class).hasMessage(c.why());
    }

    @Test
    void theSystemPingSendsOneProbePerRunWithItsTimeout() throws Exception {
        Inet4Address target = (Inet4Address) InetAddress.getByName("10.0.0.1");

        assertThat(new CommandPinger(PING, false).commandLine(target, Duration.ofMillis(1500)))
                .containsExactly("/usr/bin/ping", "-n", "-c", "1", "-W", "2", "10.0.0.1");
        assertThat(new CommandPinger(Path.of("PING.EXE"), true).commandLine(target, Duration.ofMillis(1500)))
                .containsExactly("PING.EXE", "-n", "1", "-w", "1500", "10.0.0.1");
    }

    @Test
    void theSystemPingsOutputGivesTheRoundTripOrNothing() {
        String linux = """
                PING 10.0.0.1 (10.0.0.1) 56(84) bytes of data.
                64 bytes from 10.0.0.1: icmp_seq=1 ttl=64 time=0.045 ms

                --- 10.0.0.1 ping statistics ---
                1 packets transmitted, 1 received, 0% packet loss, time 0ms
                rtt min/avg/max/mdev = 0.045/0.045/0.045/0.000 ms
                """;
        String linuxLost = """
                PING 192.0.2.1 (192.0.2.1) 56(84) bytes of data.

                --- 192.0.2.1 ping statistics ---
                1 packets transmitted, 0 received, 100% packet loss, time 0ms
                """;
        String windows = "\r\nPinging 10.0.0.1 with 32 bytes of data:\r\nReply from 10.0.0.1: bytes=32 time=12ms TTL=64\r\n";
        String windowsFast = "Reply from 10.0.0.1: bytes=32 time<1ms TTL=128\r\n";
        // Japanese Windows, read as ISO-8859-1 (the agent never decodes the OEM code page)
        String windowsJa = new String("10.0.0.1 からの応答: バイト数 =32 時間 =3ms TTL=64\r\n"
                .getBytes(java.nio.charset.Charset.forName("MS932")), java.nio.charset.StandardCharsets.ISO_8859_1);
        String windowsUnreachable = "Reply from 10.0.0.9: Destination host unreachable.\r\n";

        assertThat(CommandPinger.parse(linux, 0, false)).contains(Duration.ofNanos(45_000));
        assertThat(CommandPinger.parse(linuxLost, 1, false)).isEmpty();
        assertThat(CommandPinger.parse(windows, 0, true)).contains(Duration.ofMillis(12));
        assertThat(CommandPinger.parse(windowsFast, 0, true)).as("<1ms: its bound").contains(Duration.ofMillis(1));
        assertThat(CommandPinger.parse(windowsJa, 0, true)).contains(Duration.ofMillis(3));
        assertThat(CommandPinger.parse(windowsUnreachable, 0, true)).as("exit 0 but no reply").isEmpty();
    }
}
