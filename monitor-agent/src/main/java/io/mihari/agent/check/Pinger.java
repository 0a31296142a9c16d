package io.mihari.agent.check;

import java.net.Inet4Address;
import java.time.Duration;
import java.util.List;

/**
 * One way of sending ICMP echo probes from this agent ({@link PingWays} chooses it once per agent). IPv4 only for now.
 */
public interface Pinger {

    /** The ways, in the order they are tried. */
    enum Way {
        /** Linux unprivileged ICMP datagram socket (the process's group in {@code net.ipv4.ping_group_range}). */
        DATAGRAM,
        /** Raw ICMP socket (root or CAP_NET_RAW). */
        RAW,
        /** The system {@code ping} command, one probe per run of it. */
        COMMAND,
        /** None works: every ping check is UNKNOWN (no result is sent). */
        NONE
    }

    /** What one probe saw. */
    record Probe(Duration roundTrip, String problem) {

        /** A reply after {@code roundTrip}. */
        public static Probe answered(Duration roundTrip) {
            return new Probe(roundTrip, null);
        }

        /** No reply within the timeout. */
        public static Probe lost() {
            return new Probe(null, null);
        }

        /** Not sent or not answerable, e.g. {@code Network is unreachable}: lost, with the reason. */
        public static Probe failed(String problem) {
            return new Probe(null, problem);
        }

        public boolean isAnswered() {
            return roundTrip != null;
        }
    }

    Way way();

    /**
     * Sends {@code probes} echo requests to {@code target} one after the other, each waiting at most {@code timeout}
     * for its reply (so a target that never answers takes {@code probes × timeout}).
     *
     * @throws CheckUnavailableException when this agent cannot ping at all (never a result about the target)
     */
    List<Probe> ping(Inet4Address target, int probes, Duration timeout);
}
