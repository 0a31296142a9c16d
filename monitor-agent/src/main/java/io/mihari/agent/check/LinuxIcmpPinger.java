package io.mihari.agent.check;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;

import java.net.Inet4Address;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * ICMP echo through a Linux socket, called through JNA (on the agent's classpath with OSHI): either an unprivileged
 * ICMP datagram socket ({@code socket(AF_INET, SOCK_DGRAM, IPPROTO_ICMP)}, allowed when the process's group is in
 * {@code net.ipv4.ping_group_range}; the kernel sets the identifier and hands back only the replies to it) or a raw
 * ICMP socket (root or CAP_NET_RAW; it reads every ICMP packet with its IPv4 header, so replies are matched by
 * identifier, sequence and sender). One socket per run, closed at its end.
 */
final class LinuxIcmpPinger implements Pinger {

    static final int AF_INET = 2;
    static final int SOCK_DGRAM = 2;
    static final int SOCK_RAW = 3;
    static final int IPPROTO_ICMP = 1;
    static final short POLLIN = 1;
    static final int EINTR = 4;

    private static final AtomicInteger IDENTIFIERS = new AtomicInteger((int) ProcessHandle.current().pid() * 7919);

    /** The few libc calls needed; a failing call throws {@link LastErrorException} with its errno. */
    interface LibC extends Library {
        int socket(int domain, int type, int protocol) throws LastErrorException;

        int close(int fd) throws LastErrorException;

        NativeLong sendto(int fd, byte[] buffer, NativeLong length, int flags, byte[] to, int toLength)
                throws LastErrorException;

        NativeLong recvfrom(int fd, byte[] buffer, NativeLong length, int flags, byte[] from, int[] fromLength)
                throws LastErrorException;

        int poll(byte[] fds, NativeLong count, int timeoutMs) throws LastErrorException;

        String strerror(int errno);
    }

    private static volatile LibC libc;

    private final Way way;

    /** @param way {@link Way#DATAGRAM} or {@link Way#RAW} */
    LinuxIcmpPinger(Way way) {
        if (way != Way.DATAGRAM && way != Way.RAW) {
            throw new IllegalArgumentException("not a socket way: " + way);
        }
        this.way = way;
    }

    static LibC libc() {
        if (libc == null) {
            libc = Native.load("c", LibC.class);
        }
        return libc;
    }

    /**
     * Whether this process may open the socket of {@code way}: empty when it may, else why not (errno and its text).
     * Opens the socket and closes it again.
     */
    static Optional<String> refusal(Way way) {
        try {
            LibC c = libc();
            int fd = c.socket(AF_INET, way == Way.RAW ? SOCK_RAW : SOCK_DGRAM, IPPROTO_ICMP);
            c.close(fd);
            return Optional.empty();
        } catch (LastErrorException e) {
            return Optional.of(describe(e));
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            return Optional.of("libc not reachable through JNA (" + Check.describe(e) + ")");
        }
    }

    @Override
    public Way way() {
        return way;
    }

    @Override
    public List<Probe> ping(Inet4Address target, int probes, Duration timeout) {
        LibC c = libc();
        int fd;
        try {
            fd = c.socket(AF_INET, way == Way.RAW ? SOCK_RAW : SOCK_DGRAM, IPPROTO_ICMP);
        } catch (LastErrorException e) {
            throw new CheckUnavailableException("cannot open the " + (way == Way.RAW ? "raw ICMP" : "ICMP datagram")
                    + " socket any more: " + describe(e));
        }
        try {
            byte[] to = sockaddr(target);
            int identifier = IDENTIFIERS.incrementAndGet() & 0xffff;
            List<Probe> out = new ArrayList<>();
            for (int sequence = 1; sequence <= probes; sequence++) {
                out.add(probe(c, fd, to, target, identifier, sequence, timeout));
            }
            return out;
        } finally {
            try {
                c.close(fd);
            } catch (LastErrorException e) {
                // nothing left to do with it
            }
        }
    }

    private Probe probe(LibC c, int fd, byte[] to, Inet4Address target, int identifier, int sequence,
            Duration timeout) {
        byte[] request = IcmpEcho.request(identifier, sequence);
        long sent = System.nanoTime();
        try {
            c.sendto(fd, request, new NativeLong(request.length), 0, to, to.length);
        } catch (LastErrorException e) {
            return Probe.failed(describe(e));
        }
        long deadline = sent + timeout.toNanos();
        byte[] buffer = new byte[1500];
        byte[] from = new byte[16];
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return Probe.lost();
            }
            try {
                if (c.poll(pollIn(fd), new NativeLong(1), (int) Math.max(1, (left + 999_999) / 1_000_000)) == 0) {
                    continue; // the deadline is checked again: poll's milliseconds are rounded up
                }
                int[] fromLength = {from.length};
                int n = c.recvfrom(fd, buffer, new NativeLong(buffer.length), 0, from, fromLength).intValue();
                long received = System.nanoTime();
                Optional<IcmpEcho.Reply> reply = IcmpEcho.parseReply(buffer, n, way == Way.RAW);
                boolean fromTarget = Arrays.equals(Arrays.copyOfRange(from, 4, 8), target.getAddress());
                if (reply.isPresent() && fromTarget && reply.get().sequence() == sequence
                        && (way == Way.DATAGRAM || reply.get().identifier() == identifier)) {
                    return Probe.answered(Duration.ofNanos(Math.max(1, received - sent)));
                }
            } catch (LastErrorException e) {
                if (e.getErrorCode() != EINTR) {
                    return Probe.failed(describe(e));
                }
            }
        }
    }

    /** A {@code struct pollfd} waiting for input on {@code fd}. */
    private static byte[] pollIn(int fd) {
        return ByteBuffer.allocate(8).order(ByteOrder.nativeOrder()).putInt(fd).putShort(POLLIN).putShort((short) 0)
                .array();
    }

    /** A Linux {@code struct sockaddr_in}: family in host order, port 0, the address in network order. */
    static byte[] sockaddr(Inet4Address address) {
        ByteBuffer b = ByteBuffer.allocate(16);
        b.order(ByteOrder.nativeOrder()).putShort((short) AF_INET);
        b.order(ByteOrder.BIG_ENDIAN).putShort((short) 0).put(address.getAddress());
        return b.array();
    }

    static String describe(LastErrorException e) {
        int errno = e.getErrorCode();
        String text;
        try {
            text = libc().strerror(errno);
        } catch (RuntimeException | UnsatisfiedLinkError x) {
            text = null;
        }
        return (text == null ? "error" : text) + " (errno " + errno + ")";
    }
}
