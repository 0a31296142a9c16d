package io.mihari.model.catalog;

import java.time.Duration;

/**
 * A monitored server of a service.
 *
 * @param id {@code tenant/host}, the Kafka key of its events
 * @param host the server's name, as its agent reports it
 * @param role what it does, e.g. {@code AP/WEB}, {@code BT/DB}, {@code DC}
 * @param critical whether the service is down when this server is down
 * @param redundancyGroup servers that stand in for each other (e.g. AP/WEB1..3); the service is down when all are
 * @param heartbeatInterval how often its agent sends heartbeats
 * @param checks when a failing liveness check makes this server DOWN and a passing one UP again
 * @param resources resource thresholds (defaults, overridden per target)
 * @param component what it is among the components a cloud provider or carrier answers for (a virtual server, a
 *        managed database, a line …), measured per component with no redundancy credit; null = none
 * @param latency response-time thresholds of its checks, by check name ({@link LatencyThresholds#NONE}: none)
 * @param environment production 本番系 (the default), test 検証系 or temporary 一時的: only production counts in its
 *        service's status and availability
 * @param notified whether its problems are mailed (first report, SLA clocks, escalation): always for production; for
 *        a test or temporary target only when the catalog says {@code notified: true}, else it is monitored quietly
 */
public record Target(String id, String host, String role, boolean critical, String redundancyGroup,
        Duration heartbeatInterval, CheckPolicy checks, ResourceThresholds resources, ComponentType component,
        LatencyThresholds latency, Environment environment, boolean notified) {

    /** A production target (notified) whose checks have no response-time thresholds. */
    public Target(String id, String host, String role, boolean critical, String redundancyGroup,
            Duration heartbeatInterval, CheckPolicy checks, ResourceThresholds resources, ComponentType component) {
        this(id, host, role, critical, redundancyGroup, heartbeatInterval, checks, resources, component,
                LatencyThresholds.NONE, Environment.PRODUCTION, true);
    }

    /** A production target (notified). */
    public Target(String id, String host, String role, boolean critical, String redundancyGroup,
            Duration heartbeatInterval, CheckPolicy checks, ResourceThresholds resources, ComponentType component,
            LatencyThresholds latency) {
        this(id, host, role, critical, redundancyGroup, heartbeatInterval, checks, resources, component, latency,
                Environment.PRODUCTION, true);
    }

    /** A target that is no party's component. */
    public Target(String id, String host, String role, boolean critical, String redundancyGroup,
            Duration heartbeatInterval, CheckPolicy checks, ResourceThresholds resources) {
        this(id, host, role, critical, redundancyGroup, heartbeatInterval, checks, resources, null);
    }

    /** A target with the default check policy and resource thresholds. */
    public Target(String id, String host, String role, boolean critical, String redundancyGroup,
            Duration heartbeatInterval) {
        this(id, host, role, critical, redundancyGroup, heartbeatInterval, CheckPolicy.DEFAULT,
                ResourceThresholds.DEFAULT);
    }

    public Target {
        checks = checks == null ? CheckPolicy.DEFAULT : checks;
        resources = resources == null ? ResourceThresholds.DEFAULT : resources;
        latency = latency == null ? LatencyThresholds.NONE : latency;
        environment = environment == null ? Environment.PRODUCTION : environment;
        notified = notified || environment == Environment.PRODUCTION;
    }

    /** The same target in {@code environment}, notified or not (production always is). */
    public Target withEnvironment(Environment environment, boolean notified) {
        return new Target(id, host, role, critical, redundancyGroup, heartbeatInterval, checks, resources, component,
                latency, environment, notified);
    }

    /** Whether it counts in its service's status and availability (本番系). */
    public boolean production() {
        return environment == Environment.PRODUCTION;
    }

    /** Whether its problems are monitored quietly: dashboard only, nobody mailed, no SLA clock. */
    public boolean quiet() {
        return !notified;
    }
}
