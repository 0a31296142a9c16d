package io.mihari.agent.check;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The ICMP echo codec without any socket: request layout, the RFC 1071 checksum, replies with and without IP header. */
class IcmpEchoTest {

    @Test
    void theChecksumIsRfc1071s() {
        // RFC 1071, 3.: the words 0001 f203 f4f5 f6f7 sum to ddf2, whose complement is 220d
        byte[] words = {0x00, 0x01, (byte) 0xf2, 0x03, (byte) 0xf4, (byte) 0xf5, (byte) 0xf6, (byte) 0xf7};
        assertThat(IcmpEcho.checksum(words, 0, words.length)).isEqualTo(0x220d);
        // an odd length pads the last byte with zero: 0001 f200 -> f201 -> 0dfe
        assertThat(IcmpEcho.checksum(words, 0, 3)).isEqualTo(0x0dfe);
        // the carry folds back in: ffff + 0001 = 1 0000 -> 0001 -> fffe
        assertThat(IcmpEcho.checksum(new byte[] {(byte) 0xff, (byte) 0xff, 0x00, 0x01}, 0, 4)).isEqualTo(0xfffe);
    }

    @Test
    void aRequestCarriesTypeIdentifierSequenceAndAChecksumThatSumsToZero() {
        byte[] request = IcmpEcho.request(0x1234, 7);

        assertThat(request).hasSize(IcmpEcho.HEADER + 56);
        assertThat(request[0]).isEqualTo((byte) 8);
        assertThat(request[1]).isZero();
        assertThat(IcmpEcho.get16(request, 4)).isEqualTo(0x1234);
        assertThat(IcmpEcho.get16(request, 6)).isEqualTo(7);
        assertThat(IcmpEcho.checksum(request, 0, request.length)).isZero();
        assertThat(IcmpEcho.get16(IcmpEcho.request(0x1_0005, 0x1_0009), 4)).as("modulo 2^16").isEqualTo(5);
    }

    /** What the target sends back: the request with type 0 and its checksum fixed. */
    static byte[] replyTo(byte[] request) {
        byte[] reply = request.clone();
        reply[0] = 0;
        IcmpEcho.put16(reply, 2, 0);
        IcmpEcho.put16(reply, 2, IcmpEcho.checksum(reply, 0, reply.length));
        return reply;
    }

    /** A minimal IPv4 header (20 bytes, or 24 with 4 bytes of options) in front of {@code icmp}. */
    static byte[] withIpHeader(byte[] icmp, int headerLength) {
        byte[] packet = new byte[headerLength + icmp.length];
        packet[0] = (byte) (0x40 | headerLength / 4);
        packet[9] = 1; // protocol ICMP
        System.arraycopy(icmp, 0, packet, headerLength, icmp.length);
        return packet;
    }

    @Test
    void aReplyIsReadFromADatagramSocketAsItIs() {
        byte[] reply = replyTo(IcmpEcho.request(0x0bcd, 3));

        assertThat(IcmpEcho.parseReply(reply, reply.length, false)).contains(new IcmpEcho.Reply(0x0bcd, 3));
    }

    @Test
    void aRawSocketsReplySkipsTheIpHeaderByItsLength() {
        byte[] icmp = replyTo(IcmpEcho.request(42, 65535));

        for (int header : new int[] {20, 24}) {
            byte[] packet = withIpHeader(icmp, header);
            byte[] buffer = Arrays.copyOf(packet, 1500); // read into a larger buffer: only length bytes count
            assertThat(IcmpEcho.parseReply(buffer, packet.length, true)).contains(new IcmpEcho.Reply(42, 65535));
        }
    }

    @Test
    void whatIsNoEchoReplyIsSkipped() {
        byte[] request = IcmpEcho.request(42, 1);
        byte[] reply = replyTo(request);
        byte[] corrupted = reply.clone();
        corrupted[IcmpEcho.HEADER + 3] ^= 0x01;
        byte[] unreachable = reply.clone();
        unreachable[0] = 3; // destination unreachable
        IcmpEcho.put16(unreachable, 2, 0);
        IcmpEcho.put16(unreachable, 2, IcmpEcho.checksum(unreachable, 0, unreachable.length));

        assertThat(IcmpEcho.parseReply(request, request.length, false)).as("our own request, seen on a raw socket")
                .isEqualTo(Optional.empty());
        assertThat(IcmpEcho.parseReply(unreachable, unreachable.length, false)).isEmpty();
        assertThat(IcmpEcho.parseReply(corrupted, corrupted.length, false)).as("a wrong checksum").isEmpty();
        assertThat(IcmpEcho.parseReply(reply, 7, false)).as("shorter than the ICMP header").isEmpty();
        assertThat(IcmpEcho.parseReply(reply, reply.length, true)).as("no IPv4 header where one is expected").isEmpty();
        assertThat(IcmpEcho.parseReply(withIpHeader(reply, 20), 19, true)).isEmpty();
    }
}
