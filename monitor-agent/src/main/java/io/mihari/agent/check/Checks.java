package io.mihari.agent.check;

import io.mihari.agent.config.AgentConfig;
import io.mihari.model.event.TargetId;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Builds the checks from the configuration; every problem names its key, all are reported at once. */
public final class Checks {

    private Checks() {
    }

    public static List<Check> from(List<AgentConfig.Check> configs, Clock clock) {
        List<String> problems = new ArrayList<>();
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
            if (c.timeout().isNegative() || c.timeout().isZero()) {
                problems.add(at + "timeout: must be positive, was " + c.timeout());
            }
            Check check = switch (c.kind().toUpperCase(Locale.ROOT)) {
                case "HTTP" -> http(c, at, problems, clock);
                case "TCP" -> tcp(c, at, problems);
                case "PROCESS" -> c.processName().isPresent()
                        ? new ProcessCheck(c.name(), c.processName().get(), c.interval())
                        : missing(problems, at + "process", "PROCESS");
                case "COMMAND" -> c.command().filter(cmd -> !cmd.isEmpty()).isPresent()
                        ? new CommandCheck(c.name(), c.command().get(), c.interval(), c.timeout())
                        : missing(problems, at + "command", "COMMAND");
                default -> {
                    problems.add(at + "kind: '" + c.kind() + "' is not one of HTTP, TCP, PROCESS, COMMAND");
                    yield null;
                }
            };
            if (check != null) {
                checks.add(check);
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid configuration:\n  - " + String.join("\n  - ", problems));
        }
        return checks;
    }

    private static Check http(AgentConfig.Check c, String at, List<String> problems, Clock clock) {
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
        return new HttpCheck(c.name(), url, c.interval(), c.timeout(), expect, c.keyword().orElse(null),
                c.minCertificateDays(), clock);
    }

    private static Check tcp(AgentConfig.Check c, String at, List<String> problems) {
        if (c.host().isEmpty()) {
            return missing(problems, at + "host", "TCP");
        }
        if (c.port().isEmpty() || c.port().get() < 1 || c.port().get() > 65535) {
            problems.add(at + "port: a TCP check needs a port between 1 and 65535");
            return null;
        }
        return new TcpCheck(c.name(), c.host().get(), c.port().get(), c.interval(), c.timeout());
    }

    private static Check missing(List<String> problems, String key, String kind) {
        problems.add(key + ": required for a " + kind + " check");
        return null;
    }
}
