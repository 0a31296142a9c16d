package io.mihari.agent.cli;

import io.mihari.agent.config.AgentConfig;
import io.mihari.agent.heartbeat.HeartbeatSource;
import io.mihari.agent.heartbeat.Identity;
import io.mihari.agent.publish.EventPublisher;
import io.quarkus.runtime.Quarkus;
import io.quarkus.scheduler.Scheduler;
import org.jboss.logging.Logger;
import picocli.CommandLine.Command;

import java.time.Clock;

/** {@code mihari-agent run}: the daemon. Sends a heartbeat now and then every interval until stopped. */
@Command(name = "run", description = "Run the agent until stopped (Ctrl-C or a service stop).")
public class RunCommand implements Runnable {

    private static final Logger LOG = Logger.getLogger(RunCommand.class);

    private final AgentConfig config;
    private final EventPublisher publisher;
    private final Scheduler scheduler;
    private final Clock clock;

    RunCommand(AgentConfig config, EventPublisher publisher, Scheduler scheduler, Clock clock) {
        this.config = config;
        this.publisher = publisher;
        this.scheduler = scheduler;
        this.clock = clock;
    }

    @Override
    public void run() {
        Identity identity = Identity.of(config.tenant(), config.system(), config.host(), config.agentId());
        // Sequence numbers start at the start time in ms, so they keep growing across restarts (gaps stay visible).
        HeartbeatSource heartbeats = new HeartbeatSource(identity, config.heartbeatInterval(), clock,
                clock.millis());
        publisher.publish(heartbeats.next());
        scheduler.newJob("heartbeat")
                .setInterval(config.heartbeatInterval().toSeconds() + "s")
                .setTask(execution -> publisher.publish(heartbeats.next()))
                .schedule();
        LOG.infof("mihari-agent running as %s (system %s), heartbeat every %s", identity.targetId(), identity.system(),
                config.heartbeatInterval());
        Quarkus.waitForExit();
    }
}
