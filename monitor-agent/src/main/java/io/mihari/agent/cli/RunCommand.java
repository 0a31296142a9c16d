package io.mihari.agent.cli;

import io.mihari.agent.check.Check;
import io.mihari.agent.check.Checks;
import io.mihari.agent.config.Identity;
import io.mihari.agent.resource.ResourceSampler;
import io.mihari.agent.ship.AgentRuntime;
import io.mihari.agent.ship.EventSink;
import io.mihari.agent.ship.ShippingLoop;
import io.mihari.model.event.Heartbeat;
import io.quarkus.runtime.Quarkus;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduler;
import org.jboss.logging.Logger;
import picocli.CommandLine.Command;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code mihari-agent run}: the daemon. Heartbeats, resource samples and checks go to the spool on
 * their schedules; the shipping loop delivers the spool to Kafka. Runs until stopped.
 */
@Command(name = "run", description = "Run the agent until stopped (Ctrl-C or a service stop).")
public class RunCommand implements Callable<Integer> {

    private static final Logger LOG = Logger.getLogger(RunCommand.class);
    static final String VERSION = "0.1.0";

    private final AgentRuntime runtime;
    private final Scheduler scheduler;

    RunCommand(AgentRuntime runtime, Scheduler scheduler) {
        this.runtime = runtime;
        this.scheduler = scheduler;
    }

    @Override
    public Integer call() throws Exception {
        var config = runtime.config();
        Identity identity = runtime.identity();
        List<Check> checks = Checks.from(config.checks(), runtime.clock());
        if (config.heartbeatInterval().compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("invalid configuration: mihari.agent.heartbeat-interval must be at least 1s");
        }
        try (ShippingLoop shipping = new ShippingLoop(runtime.spool(), runtime.shipper(), Duration.ofSeconds(1),
                Duration.ofSeconds(30))) {
            EventSink sink = runtime.sink(shipping::wake);
            shipping.start();
            Heartbeat heartbeat = new Heartbeat((int) config.heartbeatInterval().toSeconds(), VERSION);
            every("heartbeat", config.heartbeatInterval(), () -> sink.emit(heartbeat));
            if (config.resources().enabled()) {
                ResourceSampler sampler = new ResourceSampler();
                every("resources", config.resources().interval(), () -> sink.emit(sampler.sample()));
            }
            for (Check check : checks) {
                every("check-" + check.name(), check.interval(), () -> sink.emit(check.run()));
            }
            sink.emit(heartbeat);
            LOG.infof("mihari-agent running as %s (system %s): heartbeat every %s, %d checks, resources %s, spool %s",
                    identity.targetId(), identity.system(), config.heartbeatInterval(), checks.size(),
                    config.resources().enabled() ? "every " + config.resources().interval() : "off",
                    config.spool().dir());
            Quarkus.waitForExit();
            for (Check check : checks) {
                scheduler.unscheduleJob("check-" + check.name());
            }
            scheduler.unscheduleJob("heartbeat");
            scheduler.unscheduleJob("resources");
        }
        return 0;
    }

    private void every(String id, Duration interval, Runnable task) {
        scheduler.newJob(id)
                .setInterval(interval.toMillis() + "ms")
                .setConcurrentExecution(Scheduled.ConcurrentExecution.SKIP)
                .setTask(execution -> {
                    try {
                        task.run();
                    } catch (RuntimeException e) {
                        LOG.errorf(e, "%s failed", id);
                    }
                })
                .schedule();
    }
}
