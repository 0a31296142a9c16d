package io.mihari.agent.check;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * ICMP (IPv4) echo request and reply, RFC 792: type, code, checksum, identifier, sequence number, then the data. The
 * checksum is the Internet checksum of RFC 1071. Pure byte handling, so it is tested without any socket.
 */
public final class IcmpEcho {

    /** ICMP type of an echo request. */
    public static final int ECHO_REQUEST = 8;
    /** ICMP type of an echo reply. */
    public static final int ECHO_REPLY = 0;
    /** The ICMP header: type, code, checksum, identifier, sequence. */
    public static final int HEADER = 8;
    /** The data every request carries (56 bytes like the system ping), recognisable in a capture. */
    static final byte[] DATA = "mihari-ping mihari-ping mihari-ping mihari-ping mihari-p".getBytes(StandardCharsets.US_ASCII);

    private IcmpEcho() {
    }

    /** A reply as read: who it answers (identifier, sequence). */
    public record Reply(int identifier, int sequence) {
    }

    /** An echo request with its checksum; {@code identifier} and {@code sequence} are taken modulo 2^16. */
    public static byte[] request(int identifier, int sequence) {
        byte[] packet = new byte[HEADER + DATA.length];
        packet[0] = ECHO_REQUEST;
        packet[1] = 0;
        put16(packet, 4, identifier);
        put16(packet, 6, sequence);
        System.arraycopy(DATA, 0, packet, HEADER, DATA.length);
        put16(packet, 2, checksum(packet, 0, packet.length));
        return packet;
    }

    /**
     * The echo reply in {@code buffer[0..length)}, or empty when it is none (another ICMP type, e.g. our own request
     * seen on a raw socket or a destination-unreachable message; too short; a wrong checksum).
     *
     * @param withIpHeader true for what a raw socket reads (the IPv4 header first, skipped by its length), false for
     *                     an ICMP datagram socket (the ICMP message only)
     */
    public static Optional<Reply> parseReply(byte[] buffer, int length, boolean withIpHeader) {
        int at = 0;
        if (withIpHeader) {
            if (length < 20 || (buffer[0] & 0xf0) != 0x40) {
                return Optional.empty();
            }
            at = (buffer[0] & 0x0f) * 4;
            if (at < 20) {
                return Optional.empty();
            }
        }
        if (length - at < HEADER || (buffer[at] & 0xff) != ECHO_REPLY || buffer[at + 1] != 0) {
            return Optional.empty();
        }
        if (checksum(buffer, at, length - at) != 0) {
            return Optional.empty();
        }
        return Optional.of(new Reply(get16(buffer, at + 4), get16(buffer, at + 6)));
    }

    /**
     * The Internet checksum (RFC 1071) of {@code data[offset..offset+length)}: the one's complement of the one's
     * complement sum of its 16-bit big-endian words (an odd last byte padded with zero). Over a message that carries
     * its checksum it is 0.
     */
    public static int checksum(byte[] data, int offset, int length) {
        long sum = 0;
        int i = offset;
        int end = offset + length;
        for (; i + 1 < end; i += 2) {
            sum += ((data[i] & 0xff) << 8) | (data[i + 1] & 0xff);
        }
        if (i < end) {
            sum += (data[i] & 0xff) << 8;
        }
        while ((sum >> 16) != 0) {
            sum = (sum & 0xffff) + (sum >> 16);
        }
        return (int) (~sum & 0xffff);
    }

    static int get16(byte[] b, int at) {
        return ((b[at] & 0xff) << 8) | (b[at + 1] & 0xff);
    }

    static void put16(byte[] b, int at, int value) {
        b[at] = (byte) (value >> 8);
        b[at + 1] = (byte) value;
    }
}
