package io.mihari.agent.simulate;

import io.mihari.agent.config.Identity;
import io.mihari.agent.ship.EventSink;
import io.mihari.model.catalog.Catalog;
import io.mihari.model.catalog.ComponentType;
import io.mihari.model.catalog.ResourceThresholds;
import io.mihari.model.catalog.ResourceThresholds.Metric;
import io.mihari.model.catalog.Service;
import io.mihari.model.catalog.Target;
import io.mihari.model.event.CheckCadence;
import io.mihari.model.event.CheckResult;
import io.mihari.model.event.Event;
import io.mihari.model.event.Heartbeat;
import io.mihari.model.event.Payload;
import io.mihari.model.event.ResourceSample;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * A healthy fleet for demonstrations and the quick start: every server of the catalog except those a real agent
 * watches sends what a healthy agent would — a heartbeat on the server's catalog interval, a passing liveness check
 * and a resource sample every {@link #CHECK_EVERY} and {@link #RESOURCES_EVERY}, with figures well under the server's
 * warning thresholds — so the board shows the catalog as it looks on a good day.
 *
 * <p>Every target of the catalog is simulated the same way whoever answers for it — the app vendors' servers, the
 * cloud provider's managed components of each {@code {city}-cloud} service, the carrier's lines of each
 * {@code {city}-network} service — except that a line's check is a TCP connection through it ({@link #LINE_CHECK_NAME})
 * and only servers send resource samples. A demonstration can make a target's check fail for a while
 * ({@link #dropUntil}).
 *
 * <p>Every event says it is simulated: its agent id is {@link #AGENT_ID} and its heartbeats' agent version
 * {@link #AGENT_VERSION}; the check is named {@link #CHECK_NAME} (a line's {@link #LINE_CHECK_NAME}) and its message
 * says so. Batch jobs are not
 * simulated (a scheduled run that falls into a demonstration shows as missed).
 *
 * <p>Pure: {@link #due(Instant)} says what to send at an instant; time and sending belong to the caller.
 */
public final class SimulatedFleet {

    public static final String VERSION = "0.1.0";
    /** The agent id of every simulated event: what tells them from a real agent's (stored with every event). */
    public static final String AGENT_ID = "mihari-simulator";
    /** The agent version in every simulated heartbeat. */
    public static final String AGENT_VERSION = "mihari-simulator/" + VERSION;
    public static final String CHECK_NAME = "simulated-http";
    /** The check of a simulated line (a TCP connection through it, as the relay agent's {@code via} checks). */
    public static final String LINE_CHECK_NAME = "simulated-line";
    /** As a real agent's check by default; a failing one is re-checked like an agent's ({@link CheckCadence}). */
    public static final Duration CHECK_EVERY = CheckCadence.DEFAULT_INTERVAL;
    public static final Duration RESOURCES_EVERY = Duration.ofSeconds(60);
    private static final long GIB = 1L << 30;

    /** One simulated server and when each of its events is next due. */
    private static final class Server {
        final Identity identity;
        final ComponentType component;
        final Duration heartbeat;
        final ResourceThresholds thresholds;
        final Random random;
        final Instant started;
        /** the agent's default cadence: a dropped target's failing check is re-checked every 2 s, 6 times */
        final CheckCadence cadence = new CheckCadence(CHECK_EVERY, CheckCadence.DEFAULT_RECHECK_EVERY,
                CheckCadence.DEFAULT_RECHECKS);
        Instant nextHeartbeat;
        Instant nextCheck;
        Instant nextResources;

        Server(Identity identity, ComponentType component, Duration heartbeat, ResourceThresholds thresholds,
                Instant start) {
            this.identity = identity;
            this.component = component;
            this.heartbeat = heartbeat;
            this.thresholds = thresholds;
            this.random = new Random(identity.targetId().hashCode()); // the same figures for a server every run
            this.started = start;
            this.nextHeartbeat = start;
            this.nextCheck = start;
            this.nextResources = start;
        }
    }

    private final List<Server> servers = new ArrayList<>();
    /** tenant/host → until when its check fails (a demonstration's outage, e.g. line A dropped) */
    private final Map<String, Instant> dropped = new HashMap<>();
    private long seq;

    /**
     * @param except host names a real agent watches (in any city): left out
     * @param start the first instant; everything is due then
     */
    public SimulatedFleet(Catalog catalog, Set<String> except, Instant start) {
        for (Service service : catalog.services()) {
            for (Target target : service.targets()) {
                if (!except.contains(target.host())) {
                    servers.add(new Server(new Identity(service.tenant(), service.system(), target.host(), AGENT_ID),
                            target.component(), target.heartbeatInterval(), target.resources(), start));
                }
            }
        }
        // rises across restarts too (one sequence for the whole fleet, from the start's milliseconds)
        this.seq = start.toEpochMilli();
    }

    /** The servers simulated, as {@code tenant/host}. */
    public List<String> targets() {
        return servers.stream().map(s -> s.identity.targetId()).toList();
    }

    /**
     * From now on, each of these targets' checks fails until the instant given (its heartbeats go on: the agent
     * watching it is fine, what it watches is not), e.g. {@code kurashiki/krs-line-a} for a few minutes: the line
     * goes DOWN and the carrier's pair fails over to line B. Replaces what was dropped before; past instants and
     * targets not simulated are left out.
     *
     * @return the targets dropped now, as {@code tenant/host}
     */
    public List<String> dropUntil(Map<String, Instant> until, Instant now) {
        dropped.clear();
        Set<String> simulated = new java.util.HashSet<>(targets());
        until.forEach((target, end) -> {
            if (simulated.contains(target) && end.isAfter(now)) {
                dropped.put(target, end);
            }
        });
        return dropped.keySet().stream().sorted().toList();
    }

    /** Every event due at {@code now} (in the order of the catalog), each server's schedule moved on past it. */
    public List<Event> due(Instant now) {
        List<Event> events = new ArrayList<>();
        for (Server s : servers) {
            if (!now.isBefore(s.nextHeartbeat)) {
                events.add(event(s, now, new Heartbeat((int) Math.max(1, s.heartbeat.toSeconds()), AGENT_VERSION)));
                s.nextHeartbeat = next(s.nextHeartbeat, s.heartbeat, now);
            }
            if (!now.isBefore(s.nextCheck)) {
                CheckResult result = check(s, now);
                events.add(event(s, now, result));
                s.nextCheck = next(s.nextCheck, s.cadence.afterRun(result.status() == CheckResult.Status.UP,
                        Duration.ZERO), now);
            }
            if (samplesResources(s) && !now.isBefore(s.nextResources)) {
                events.add(event(s, now, sample(s, now)));
                s.nextResources = next(s.nextResources, RESOURCES_EVERY, now);
            }
        }
        return events;
    }

    /** A line is checked by a TCP connection through it; every other target by HTTP. Dropped: failing. */
    private CheckResult check(Server s, Instant now) {
        Instant end = dropped.get(s.identity.targetId());
        boolean down = end != null && now.isBefore(end);
        long latency = 20 + s.random.nextInt(60);
        if (s.component == ComponentType.LINE) {
            return down ? new CheckResult(LINE_CHECK_NAME, CheckResult.Kind.TCP, CheckResult.Status.DOWN, 2000,
                    "no connection within 2000 ms (simulated: line dropped)", null)
                    : new CheckResult(LINE_CHECK_NAME, CheckResult.Kind.TCP, CheckResult.Status.UP, latency / 4,
                            "connected (simulated)", null);
        }
        return down ? new CheckResult(CHECK_NAME, CheckResult.Kind.HTTP, CheckResult.Status.DOWN, latency,
                "HTTP 503 (simulated outage)", null)
                : new CheckResult(CHECK_NAME, CheckResult.Kind.HTTP, CheckResult.Status.UP, latency,
                        "HTTP 200 (simulated)", null);
    }

    /**
     * Servers (virtual servers, or targets of no component) send resource samples; the cloud provider's managed
     * components and the carrier's lines have no CPU, memory or disk of their own an agent could sample.
     */
    private static boolean samplesResources(Server s) {
        return s.component == null || s.component == ComponentType.VIRTUAL_SERVER;
    }

    private Event event(Server s, Instant now, Payload payload) {
        return EventSink.event(s.identity, now, seq++, payload);
    }

    /** The next slot after {@code now} on the schedule that began at {@code due} (skipped slots are not caught up). */
    private static Instant next(Instant due, Duration every, Instant now) {
        Instant next = due.plus(every);
        while (!next.isAfter(now)) {
            next = next.plus(every);
        }
        return next;
    }

    /** Figures between a fifth and a half of each warning level: busy enough to look real, never a warning. */
    private static ResourceSample sample(Server s, Instant now) {
        double cpu = share(s, Metric.CPU);
        long memoryTotal = 16 * GIB;
        long swapTotal = 4 * GIB;
        long diskTotal = 200 * GIB;
        return new ResourceSample(round(cpu), round(cpu / 25), round(cpu / 25), round(cpu / 25), memoryTotal,
                (long) (memoryTotal * share(s, Metric.MEMORY) / 100), swapTotal,
                (long) (swapTotal * share(s, Metric.SWAP) / 100),
                List.of(new ResourceSample.Disk("/", diskTotal, (long) (diskTotal * share(s, Metric.DISK) / 100))),
                Duration.between(s.started, now).toSeconds() + 86_400);
    }

    private static double share(Server s, Metric metric) {
        double warning = s.thresholds.level(metric).map(ResourceThresholds.Level::warning).orElse(80.0);
        return warning * (0.2 + 0.3 * s.random.nextDouble());
    }

    private static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }
}
