package io.mihari.agent.cloud;

import io.mihari.agent.cloud.CloudApi.CloudApiException;
import io.mihari.agent.cloud.CollectorConfig.CloudWatchMetric;
import io.mihari.agent.cloud.CollectorConfig.Elb;
import io.mihari.agent.cloud.CollectorConfig.Fsx;
import io.mihari.agent.cloud.CollectorConfig.Rds;
import io.mihari.agent.cloud.CollectorConfig.Resource;
import io.mihari.agent.config.Identity;
import io.mihari.agent.ship.EventSink;
import io.mihari.model.event.CheckResult;
import io.mihari.model.event.Event;
import io.mihari.model.event.Heartbeat;
import io.mihari.model.event.Payload;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Agentless monitoring of a city's managed components: each {@link #poll()} asks the cloud's APIs for every
 * configured resource and returns, per resource whose state could be read, what an agent on it would send — a
 * heartbeat and a liveness check ({@value #CHECK_NAME}: UP, or DOWN with what was seen, e.g.
 * {@code RDS status 'storage-full'}). A resource the API could not tell about gets nothing (no heartbeat: never
 * UP on a guess) and a log line; it is asked again at the next poll.
 *
 * <p>Every event is marked as the collector's: agent id {@value #AGENT_ID}, heartbeat version {@link #AGENT_VERSION}.
 * Time is the injected clock's; sending belongs to the caller.
 */
public final class CloudCollector {

    private static final Logger LOG = Logger.getLogger(CloudCollector.class);

    public static final String VERSION = "0.1.0";
    public static final String AGENT_ID = "mihari-cloud-collector";
    public static final String AGENT_VERSION = AGENT_ID + "/" + VERSION;
    public static final String CHECK_NAME = "cloud-state";
    /** How far back a CloudWatch metric's newest datapoint is looked for: five periods (metrics arrive late). */
    static final int METRIC_PERIODS = 5;

    /** RDS statuses in which the instance serves (AWS RDS User Guide, "Viewing Amazon RDS DB instance status"). */
    static final Set<String> RDS_SERVING = Set.of("available", "backing-up", "configuring-enhanced-monitoring",
            "configuring-iam-database-auth", "configuring-log-exports", "modifying", "renaming",
            "resetting-master-credentials", "storage-optimization", "storage-config-upgrade");
    /** FSx lifecycles in which the file system serves. */
    static final Set<String> FSX_SERVING = Set.of("AVAILABLE", "UPDATING");

    /** What was read about one resource. */
    record Reading(CheckResult.Status status, String message) {
    }

    private final CollectorConfig config;
    private final Map<String, Identity> identities = new HashMap<>();
    private final CloudApi api;
    private final Clock clock;
    private final CollectorMetrics metrics;
    /** Per host: the last problem logged (null: the last poll read it), so a lasting problem is logged once. */
    private final Map<String, String> problems = new HashMap<>();
    private long seq;

    /** @param systems each configured host's system in the catalog */
    public CloudCollector(CollectorConfig config, Map<String, String> systems, CloudApi api, Clock clock,
            CollectorMetrics metrics) {
        this.config = config;
        this.api = api;
        this.clock = clock;
        this.metrics = metrics;
        for (Resource r : config.targets()) {
            String system = systems.get(r.host());
            if (system == null) {
                throw new IllegalArgumentException("no system for " + config.tenant() + "/" + r.host());
            }
            identities.put(r.host(), new Identity(config.tenant(), system, r.host(), AGENT_ID));
        }
        this.seq = clock.millis(); // rises across restarts (one sequence for all the collector's targets)
    }

    /** One round: every resource asked once; the events for those that could be read, in the configured order. */
    public List<Event> poll() {
        List<Event> events = new ArrayList<>();
        int heartbeatSeconds = (int) Math.max(1, config.interval().toSeconds());
        for (Resource r : config.targets()) {
            Instant started = clock.instant();
            Reading reading;
            try {
                reading = read(r, started);
            } catch (RuntimeException e) { // CloudApiException, or an answer nobody expected
                metrics.failed(r.host());
                String problem = e instanceof CloudApiException ? e.getMessage() : "unexpected: " + e;
                if (!problem.equals(problems.put(r.host(), problem))) {
                    LOG.warnf("%s/%s: state not read, no heartbeat sent (asked again in %s): %s", config.tenant(),
                            r.host(), config.interval(), problem);
                }
                continue;
            }
            if (problems.put(r.host(), null) != null) {
                LOG.infof("%s/%s: state read again: %s", config.tenant(), r.host(), reading.message());
            }
            metrics.read(r.host(), clock.instant());
            Instant now = clock.instant();
            long latency = Math.max(0, Duration.between(started, now).toMillis());
            events.add(event(r, now, new Heartbeat(heartbeatSeconds, AGENT_VERSION)));
            events.add(event(r, now, new CheckResult(CHECK_NAME, CheckResult.Kind.HTTP, reading.status(), latency,
                    AwsCloudApi.clip(reading.message()), null)));
        }
        metrics.polled();
        return events;
    }

    /** The resource's state, judged; throws when the API could not tell. */
    Reading read(Resource r, Instant now) {
        Reading state;
        if (r instanceof Rds rds) {
            String status = api.rdsStatus(rds.dbInstanceIdentifier());
            state = new Reading(RDS_SERVING.contains(status.toLowerCase(Locale.ROOT)) ? CheckResult.Status.UP
                    : CheckResult.Status.DOWN, "RDS status '" + status + "'");
        } else if (r instanceof Fsx fsx) {
            String lifecycle = api.fsxLifecycle(fsx.fileSystemId());
            state = new Reading(FSX_SERVING.contains(lifecycle.toUpperCase(Locale.ROOT)) ? CheckResult.Status.UP
                    : CheckResult.Status.DOWN, "FSx lifecycle '" + lifecycle + "'");
        } else if (r instanceof Elb elb) {
            state = elb(elb);
        } else {
            state = metric((CloudWatchMetric) r, now);
        }
        if (!config.health()) {
            return state;
        }
        List<String> issues;
        try {
            issues = api.openIssues(r.entityValues());
        } catch (CloudApiException e) {
            // AWS Health needs a support plan and may be refused: the state alone decides, and says so
            metrics.healthFailed();
            return new Reading(state.status(), state.message() + "; AWS Health not read (" + e.getMessage() + ")");
        }
        if (issues.isEmpty()) {
            return state;
        }
        String open = "AWS Health: open issue " + String.join(", ", issues);
        return new Reading(CheckResult.Status.DOWN,
                state.status() == CheckResult.Status.DOWN ? state.message() + "; " + open : open);
    }

    private Reading elb(Elb elb) {
        Optional<String> lbState = elb.loadBalancerArn().map(api::loadBalancerState);
        List<String> states = api.targetStates(elb.targetGroupArn());
        long healthy = states.stream().filter(s -> s.equalsIgnoreCase("healthy")).count();
        String targets = "ELB target group: " + healthy + " of " + states.size() + " healthy";
        if (lbState.isPresent() && !lbState.get().equalsIgnoreCase("active")) {
            return new Reading(CheckResult.Status.DOWN, "ELB state '" + lbState.get() + "'; " + targets);
        }
        return new Reading(healthy > 0 ? CheckResult.Status.UP : CheckResult.Status.DOWN, targets);
    }

    private Reading metric(CloudWatchMetric m, Instant now) {
        String name = m.namespace() + " " + m.metric() + " (" + m.statistic() + ")";
        Optional<Double> value = api.latest(m.namespace(), m.metric(), m.dimensions(), m.statistic(), m.period(), now,
                m.period().multipliedBy(METRIC_PERIODS));
        if (value.isEmpty()) {
            String message = name + ": no datapoint in the last " + m.period().multipliedBy(METRIC_PERIODS).toMinutes()
                    + " min";
            return new Reading(m.missingIsOk() ? CheckResult.Status.UP : CheckResult.Status.DOWN, message);
        }
        double v = value.get();
        if (Double.isNaN(v)) {
            throw new CloudApiException("CloudWatch GetMetricData: " + name + " is not a number");
        }
        if (m.failWhenAbove().isPresent() && v > m.failWhenAbove().get()) {
            return new Reading(CheckResult.Status.DOWN, name + " = " + v + " (above " + m.failWhenAbove().get() + ")");
        }
        if (m.failWhenBelow().isPresent() && v < m.failWhenBelow().get()) {
            return new Reading(CheckResult.Status.DOWN, name + " = " + v + " (below " + m.failWhenBelow().get() + ")");
        }
        return new Reading(CheckResult.Status.UP, name + " = " + v);
    }

    private Event event(Resource r, Instant at, Payload payload) {
        return EventSink.event(identities.get(r.host()), at, seq++, payload);
    }
}
