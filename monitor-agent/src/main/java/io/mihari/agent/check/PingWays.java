package io.mihari.agent.check;

import org.jboss.logging.Logger;

import java.io.File;
import java.io.IOException;
import java.net.Inet4Address;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * Chooses, once per agent, how ping checks send their probes, and logs which way and why. In this order:
 * <ol>
 *   <li>Linux: an unprivileged ICMP datagram socket (the process's group in {@code net.ipv4.ping_group_range});</li>
 *   <li>Linux: a raw ICMP socket (root or CAP_NET_RAW);</li>
 *   <li>the system {@code ping} command on the PATH (Linux or Windows);</li>
 *   <li>none: every ping check is UNKNOWN with the reason (no result is sent: the target is never made DOWN because
 *       this agent cannot ping).</li>
 * </ol>
 * Sockets are Linux only here; Windows uses its {@code ping.exe}. IPv6 is not supported yet.
 */
public final class PingWays {

    private static final Logger LOG = Logger.getLogger(PingWays.class);

    /** What to do when it is not possible, for the operator (deploy/agent/README.md). */
    static final String HOW_TO_ALLOW = "allow unprivileged ping (sysctl net.ipv4.ping_group_range covering the"
            + " agent's group), give the agent CAP_NET_RAW, or install the ping command (deploy/agent/README.md)";

    private static volatile Choice chosen;

    private PingWays() {
    }

    /** The way chosen and why (one line for the log and for {@code mihari-agent check}). */
    public record Choice(Pinger pinger, String why) {
    }

    /** This agent's way, chosen (and logged) at the first call. */
    public static Choice forThisAgent() {
        Choice c = chosen;
        if (c == null) {
            synchronized (PingWays.class) {
                c = chosen;
                if (c == null) {
                    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
                    c = choose(os.contains("linux"), os.contains("windows"), LinuxIcmpPinger::refusal,
                            findPing(System.getenv("PATH"), os.contains("windows")), pingGroupRange());
                    if (c.pinger().way() == Pinger.Way.NONE) {
                        LOG.errorf("ping checks: %s", c.why());
                    } else {
                        LOG.infof("ping checks: %s", c.why());
                    }
                    chosen = c;
                }
            }
        }
        return c;
    }

    /**
     * The choice, from what this server allows.
     *
     * @param refusal        for {@link Pinger.Way#DATAGRAM} and {@link Pinger.Way#RAW}: empty when this process may
     *                       open that socket, else why not
     * @param pingCommand    the system ping found on the PATH, if any
     * @param pingGroupRange the contents of {@code /proc/sys/net/ipv4/ping_group_range}, if read
     */
    static Choice choose(boolean linux, boolean windows, Function<Pinger.Way, Optional<String>> refusal,
            Optional<Path> pingCommand, Optional<String> pingGroupRange) {
        List<String> refused = new ArrayList<>();
        if (linux) {
            Optional<String> datagram = refusal.apply(Pinger.Way.DATAGRAM);
            if (datagram.isEmpty()) {
                return new Choice(new LinuxIcmpPinger(Pinger.Way.DATAGRAM), "ICMP datagram socket (unprivileged ping"
                        + pingGroupRange.map(r -> ", net.ipv4.ping_group_range " + r).orElse("") + ")");
            }
            refused.add("no ICMP datagram socket: " + datagram.get()
                    + pingGroupRange.map(r -> " (net.ipv4.ping_group_range is '" + r
                            + "', which must include the agent's group)").orElse(""));
            Optional<String> raw = refusal.apply(Pinger.Way.RAW);
            if (raw.isEmpty()) {
                return new Choice(new LinuxIcmpPinger(Pinger.Way.RAW), "raw ICMP socket (root or CAP_NET_RAW); "
                        + refused.get(0));
            }
            refused.add("no raw ICMP socket: " + raw.get() + " (needs root or CAP_NET_RAW)");
        } else {
            refused.add("ICMP sockets are used on Linux only" + (windows ? " (Windows uses ping.exe)" : ""));
        }
        if (pingCommand.isPresent()) {
            return new Choice(new CommandPinger(pingCommand.get(), windows), "system ping command "
                    + pingCommand.get() + "; " + String.join("; ", refused));
        }
        refused.add("no ping command on the PATH");
        String why = "ping is not possible on this server: " + String.join("; ", refused) + ". To ping, "
                + HOW_TO_ALLOW;
        return new Choice(new Unavailable(why), why);
    }

    /** The executable {@code ping} ({@code ping.exe}, {@code PING.EXE} on Windows) in the directories of {@code path}. */
    static Optional<Path> findPing(String path, boolean windows) {
        if (path == null) {
            return Optional.empty();
        }
        List<String> names = windows ? List.of("ping.exe", "PING.EXE") : List.of("ping");
        for (String dir : path.split(File.pathSeparator)) {
            for (String name : names) {
                try {
                    Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
                    if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                        return Optional.of(candidate);
                    }
                } catch (RuntimeException e) {
                    // a PATH entry that is no path: skip it
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<String> pingGroupRange() {
        try {
            // readAllLines: a single read of this /proc file may return only its first number (seen on Linux 6)
            return Optional.of(String.join(" ", Files.readAllLines(Path.of("/proc/sys/net/ipv4/ping_group_range")))
                    .strip().replaceAll("\\s+", " "));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** No way works: every ping says why. */
    record Unavailable(String why) implements Pinger {

        @Override
        public Way way() {
            return Way.NONE;
        }

        @Override
        public List<Probe> ping(Inet4Address target, int probes, Duration timeout) {
            throw new CheckUnavailableException(why);
        }
    }
}
