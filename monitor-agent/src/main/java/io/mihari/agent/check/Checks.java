package io.mihari.agent.check;

import io.mihari.agent.config.AgentConfig;
import io.mihari.agent.config.Identity;
import io.mihari.model.event.CheckCadence;
import io.mihari.model.event.TargetId;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Builds the checks from the configuration; every problem names its key, all are reported at once. */
public final class Checks {

    /** The most quick re-checks after a first failure one check may ask for. */
    static final int MAX_RECHECKS = 100;

    /** The most echo requests one ping run may send. */
    static final int MAX_PROBES = 100;

    /** A check's timeout when none is set: a whole run's. */
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    /** A ping check's timeout when none is set: each probe's wait for its reply. */
    static final Duration DEFAULT_PING_TIMEOUT = Duration.ofSeconds(1);

    private Checks() {
    }

    /** When the check configured as {@code config} runs: its interval, and its quick re-checks after a first failure. */
    public static CheckCadence cadence(AgentConfig.Check config) {
        return new CheckCadence(config.interval(), config.recheckEvery(), config.rechecks());
    }

    public static List<Check> from(List<AgentConfig.Check> configs, Clock clock) {
        return from(configs, Map.of(), null, clock);
    }

    /**
     * @param sources the named local sources checks may go out through ({@code mihari.agent.sources})
     * @param own     the agent's own identity: a check with a {@code target} is reported for that target of the same
     *                city, under the same agent id ({@link ReportedCheck}); null: no check may name a target
     */
    public static List<Check> from(List<AgentConfig.Check> configs, Map<String, AgentConfig.Source> sources,
            Identity own, Clock clock) {
        List<String> problems = new ArrayList<>();
        Map<String, InetAddress> addresses = sources(sources, problems);
        List<Check> checks = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < configs.size(); i++) {
            AgentConfig.Check c = configs.get(i);
            String at = "mihari.agent.checks[" + i + "].";
            try {
                TargetId.requireName(at + "name", c.name());
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
                continue;
            }
            if (!names.add(c.name())) {
                problems.add(at + "name: '" + c.name() + "' is used by another check");
            }
            if (c.interval().isNegative() || c.interval().compareTo(Duration.ofSeconds(1)) < 0) {
                problems.add(at + "interval: must be at least 1s, was " + c.interval());
            }
            if (c.recheckEvery().isNegative() || c.recheckEvery().compareTo(Duration.ofSeconds(1)) < 0) {
                problems.add(at + "recheck-every: must be at least 1s, was " + c.recheckEvery());
            }
            if (c.rechecks() < 0 || c.rechecks() > MAX_RECHECKS) {
                problems.add(at + "rechecks: must be between 0 and " + MAX_RECHECKS + ", was " + c.rechecks());
            }
            String kind = c.kind().toUpperCase(Locale.ROOT);
            Duration timeout = c.timeout().orElse(kind.equals("PING") ? DEFAULT_PING_TIMEOUT : DEFAULT_TIMEOUT);
            if (timeout.isNegative() || timeout.isZero()) {
                problems.add(at + "timeout: must be positive, was " + timeout);
            }
            InetAddress source = null;
            if (c.via().isPresent()) {
                source = addresses.get(c.via().get());
                if (!kind.equals("TCP") && !kind.equals("HTTP")) {
                    problems.add(at + "via: only a TCP or HTTP check can go out through a source, not " + c.kind());
                } else if (!sources.containsKey(c.via().get())) {
                    problems.add(at + "via: '" + c.via().get() + "' is not one of mihari.agent.sources "
                            + new java.util.TreeSet<>(sources.keySet()));
                }
            }
            Identity reportAs = null;
            if (c.target().isPresent()) {
                reportAs = reportAs(c, at, own, problems);
            }
            Check check = switch (kind) {
                case "HTTP" -> http(c, at, problems, clock, source, timeout);
                case "TCP" -> tcp(c, at, problems, source, timeout);
                case "PROCESS" -> c.processName().isPresent()
                        ? new ProcessCheck(c.name(), c.processName().get(), c.interval())
                        : missing(problems, at + "process", "PROCESS");
                case "COMMAND" -> c.command().filter(cmd -> !cmd.isEmpty()).isPresent()
                        ? new CommandCheck(c.name(), c.command().get(), c.interval(), timeout)
                        : missing(problems, at + "command", "COMMAND");
                case "PING" -> ping(c, at, problems, timeout);
                default -> {
                    problems.add(at + "kind: '" + c.kind() + "' is not one of HTTP, TCP, PROCESS, COMMAND, PING");
                    yield null;
                }
            };
            if (check != null) {
                checks.add(reportAs == null ? check : new ReportedCheck(check, reportAs));
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid configuration:\n  - " + String.join("\n  - ", problems));
        }
        return checks;
    }

    /** Each source's local address; a source naming neither or both of an address and an interface is a problem. */
    private static Map<String, InetAddress> sources(Map<String, AgentConfig.Source> sources, List<String> problems) {
        Map<String, InetAddress> out = new HashMap<>();
        for (var e : new java.util.TreeMap<>(sources).entrySet()) {
            String at = "mihari.agent.sources." + e.getKey() + ".";
            AgentConfig.Source s = e.getValue();
            if (s.sourceAddress().isPresent() == s.networkInterface().isPresent()) {
                problems.add("mihari.agent.sources." + e.getKey() + ": needs exactly one of source-address or interface");
                continue;
            }
            if (s.sourceAddress().isPresent()) {
                String literal = s.sourceAddress().get().trim();
                if (!literal.matches("[0-9.]+|[0-9a-fA-F:]*:[0-9a-fA-F:.]*")) {
                    problems.add(at + "source-address: '" + literal + "' is not an IP address");
                    continue;
                }
                try {
                    out.put(e.getKey(), InetAddress.getByName(literal));
                } catch (java.net.UnknownHostException ex) {
                    problems.add(at + "source-address: '" + literal + "' is not an IP address");
                }
            } else {
                String name = s.networkInterface().get();
                try {
                    NetworkInterface nic = NetworkInterface.getByName(name);
                    if (nic == null) {
                        problems.add(at + "interface: no network interface '" + name + "' on this server");
                        continue;
                    }
                    List<InetAddress> all = java.util.Collections.list(nic.getInetAddresses());
                    Optional<InetAddress> address = all.stream().filter(a -> a instanceof java.net.Inet4Address)
                            .findFirst().or(() -> all.stream().findFirst());
                    if (address.isEmpty()) {
                        problems.add(at + "interface: '" + name + "' has no address");
                    } else {
                        out.put(e.getKey(), address.get());
                    }
                } catch (java.net.SocketException ex) {
                    problems.add(at + "interface: cannot read '" + name + "' (" + ex.getMessage() + ")");
                }
            }
        }
        return out;
    }

    /** {@code kurashiki/krs-line-a} or {@code krs-line-a}: a target of the agent's own city, its system as set. */
    private static Identity reportAs(AgentConfig.Check c, String at, Identity own, List<String> problems) {
        String target = c.target().get().trim();
        if (own == null) {
            problems.add(at + "target: not supported by this command");
            return null;
        }
        int slash = target.indexOf('/');
        String tenant = slash < 0 ? own.tenant() : target.substring(0, slash);
        String host = slash < 0 ? target : target.substring(slash + 1);
        if (!tenant.equals(own.tenant())) {
            problems.add(at + "target: '" + target + "' is not of this agent's city '" + own.tenant()
                    + "' (an agent reports only for its own city)");
            return null;
        }
        try {
            TargetId.requireName(at + "target", host);
            TargetId.requireName(at + "target-system", c.targetSystem());
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
            return null;
        }
        if (host.equals(own.host())) {
            problems.add(at + "target: '" + target + "' is this agent's own server; leave target out");
            return null;
        }
        return new Identity(own.tenant(), c.targetSystem(), host, own.agentId());
    }

    private static Check http(AgentConfig.Check c, String at, List<String> problems, Clock clock, InetAddress source,
            Duration timeout) {
        if (c.url().isEmpty()) {
            return missing(problems, at + "url", "HTTP");
        }
        URI url;
        try {
            url = URI.create(c.url().get());
        } catch (IllegalArgumentException e) {
            problems.add(at + "url: '" + c.url().get() + "' is not a URL");
            return null;
        }
        if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme())) {
            problems.add(at + "url: '" + url + "' must start with http:// or https://");
            return null;
        }
        HttpCheck.StatusRange expect;
        try {
            expect = new HttpCheck.StatusRange(c.expectStatus());
        } catch (IllegalArgumentException e) {
            problems.add(at + "expect-status: " + e.getMessage());
            return null;
        }
        return new HttpCheck(c.name(), url, c.interval(), timeout, expect, c.keyword().orElse(null),
                c.minCertificateDays(), clock, source);
    }

    private static Check tcp(AgentConfig.Check c, String at, List<String> problems, InetAddress source,
            Duration timeout) {
        if (c.host().isEmpty()) {
            return missing(problems, at + "host", "TCP");
        }
        if (c.port().isEmpty() || c.port().get() < 1 || c.port().get() > 65535) {
            problems.add(at + "port: a TCP check needs a port between 1 and 65535");
            return null;
        }
        return new TcpCheck(c.name(), c.host().get(), c.port().get(), c.interval(), timeout, source);
    }

    /** A ping check; its way of pinging is chosen at its first run ({@link PingWays#forThisAgent()}). */
    private static Check ping(AgentConfig.Check c, String at, List<String> problems, Duration timeout) {
        if (c.host().isEmpty() || c.host().get().isBlank()) {
            return missing(problems, at + "host", "PING");
        }
        int before = problems.size();
        if (c.probes() < 1 || c.probes() > MAX_PROBES) {
            problems.add(at + "probes: must be between 1 and " + MAX_PROBES + ", was " + c.probes());
        }
        Double maxLoss = maxLoss(c.maxLoss());
        if (maxLoss == null) {
            problems.add(at + "max-loss: must be a percentage from 0% to 99% (e.g. 40%), was '" + c.maxLoss() + "'");
        }
        Duration maxRtt = c.maxRtt().orElse(null);
        if (maxRtt != null && (maxRtt.isNegative() || maxRtt.isZero())) {
            problems.add(at + "max-rtt: must be positive, was " + maxRtt);
        }
        if (problems.size() > before || timeout.isNegative() || timeout.isZero()) {
            return null;
        }
        return new PingCheck(c.name(), c.host().get().trim(), c.probes(), c.interval(), timeout, maxLoss, maxRtt,
                () -> PingWays.forThisAgent().pinger());
    }

    /** {@code 40%} or {@code 40} as 40.0; null when it is no percentage from 0 to 99 (all lost never passes). */
    static Double maxLoss(String text) {
        String t = text == null ? "" : text.strip();
        t = t.endsWith("%") ? t.substring(0, t.length() - 1).strip() : t;
        if (!t.matches("[0-9]{1,3}(\\.[0-9]+)?")) {
            return null;
        }
        double value = Double.parseDouble(t);
        return value < 100 ? value : null;
    }

    private static Check missing(List<String> problems, String key, String kind) {
        problems.add(key + ": required for a " + kind + " check");
        return null;
    }
}
