package io.mihari.agent.cli;

import io.mihari.agent.check.Check;
import io.mihari.agent.check.CheckLoop;
import io.mihari.agent.check.Checks;
import io.mihari.agent.check.ReportedCheck;
import io.mihari.agent.config.AgentConfig;
import io.mihari.agent.config.Identity;
import io.mihari.agent.file.FileWatcher;
import io.mihari.agent.resource.ResourceSampler;
import io.mihari.agent.ship.AgentRuntime;
import io.mihari.agent.ship.EventSink;
import io.mihari.agent.ship.DeliveryState;
import io.mihari.agent.ship.ShippingLoop;
import io.mihari.model.event.CheckResult;
import io.mihari.model.event.Heartbeat;
import io.quarkus.runtime.Quarkus;
import org.jboss.logging.Logger;
import picocli.CommandLine.Command;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * {@code mihari-agent run}: the daemon. Heartbeats, resource samples, checks and linkage file arrivals go to the
 * spool on their schedules; the shipping loop delivers the spool to Kafka. Runs until stopped.
 *
 * <p>Schedules run on the JVM's monotonic clock (a {@link ScheduledExecutorService}), not on wall-clock
 * time: when an operator or NTP moves the system clock, heartbeats keep their pace instead of pausing
 * until the clock catches up, which would look like a dead server.
 */
@Command(name = "run", description = "Run the agent until stopped (Ctrl-C or a service stop).")
public class RunCommand implements Callable<Integer> {

    private static final Logger LOG = Logger.getLogger(RunCommand.class);
    static final String VERSION = "0.1.0";
    /**
     * How often an idle daemon looks at its spool for events written by {@code exec} or {@code report} (they deliver
     * themselves unless the daemon holds the spool, then it sends them within this): each look reads the spool's
     * state and lists its segments, about half of an idle agent's CPU when it was every second (issue 16,
     * docs/benchmarks.md).
     */
    static final Duration IDLE_POLL = Duration.ofSeconds(5);

    private final AgentRuntime runtime;
    private ScheduledExecutorService scheduler;
    private ScheduledExecutorService heartbeats;

    RunCommand(AgentRuntime runtime) {
        this.runtime = runtime;
    }

    /** The daemon without the Quarkus runtime ({@code io.mihari.agent.lean.LeanAgent}). */
    public static RunCommand on(AgentRuntime runtime) {
        return new RunCommand(runtime);
    }

    @Override
    public Integer call() throws Exception {
        return runUntil(Quarkus::waitForExit);
    }

    /** What the process waits on while the agent runs; returns (or is interrupted) when the agent is to stop. */
    @FunctionalInterface
    public interface Exit {
        void await() throws InterruptedException;
    }

    /** Runs the agent until {@code exit} returns, then stops its schedules (the caller closes the runtime). */
    public int runUntil(Exit exit) throws Exception {
        var config = runtime.config();
        Identity identity = runtime.identity();
        List<Check> checks = Checks.from(config.checks(), config.sources(), identity, runtime.clock());
        List<FileWatcher.Watch> watches = FileWatcher.from(config.files());
        // the targets checks report for (a city hall's lines): the agent also sends their heartbeats
        List<Identity> others = checks.stream().filter(c -> c instanceof ReportedCheck)
                .map(c -> ((ReportedCheck) c).reportAs()).distinct().toList();
        if (config.heartbeatInterval().compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("invalid configuration: mihari.agent.heartbeat-interval must be at least 1s");
        }
        AtomicInteger threads = new AtomicInteger();
        heartbeats = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "mihari-heartbeat");
            thread.setDaemon(true);
            return thread;
        });
        scheduler = new java.util.concurrent.ScheduledThreadPoolExecutor(1 + Math.min(checks.size(), 4), task -> {
            Thread thread = new Thread(task, "mihari-schedule-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        // at most 5 s between tries: after a Kafka outage alert-service waits only a short grace for spools.
        // Idle, the spool is looked at every IDLE_POLL for what other processes (exec, report) spooled; this
        // process's own events wake the loop at once.
        try (ShippingLoop shipping = new ShippingLoop(runtime.spool(), runtime.shipper(), IDLE_POLL,
                Duration.ofSeconds(5), DeliveryState.open(config.spool().dir(), runtime.clock()))) {
            EventSink sink = runtime.sink(shipping::wake);
            shipping.start();
            Heartbeat heartbeat = new Heartbeat((int) config.heartbeatInterval().toSeconds(), VERSION);
            // Its own thread: checks stuck on timeouts or a hung mount must never delay the heartbeat.
            heartbeats.scheduleWithFixedDelay(() -> {
                try {
                    sink.emit(heartbeat);
                    others.forEach(other -> sink.emit(other, heartbeat));
                } catch (RuntimeException e) {
                    LOG.errorf(e, "heartbeat failed");
                }
            }, config.heartbeatInterval().toMillis(), config.heartbeatInterval().toMillis(), TimeUnit.MILLISECONDS);
            if (config.resources().enabled()) {
                ResourceSampler sampler = new ResourceSampler();
                // the first CPU figure needs a few seconds of ticks to be meaningful
                every("resources", Duration.ofSeconds(5), config.resources().interval(), () -> sink.emit(sampler.sample()));
            }
            // each check on its cadence: its interval, quick re-checks after a first failure (never overlapping)
            Map<String, AgentConfig.Check> configs = config.checks().stream()
                    .collect(Collectors.toMap(AgentConfig.Check::name, c -> c));
            for (Check check : checks) {
                Consumer<CheckResult> results = check instanceof ReportedCheck reported
                        ? result -> sink.emit(reported.reportAs(), result) : sink::emit;
                new CheckLoop(check, Checks.cadence(configs.get(check.name())), results,
                        CheckLoop.Scheduler.on(scheduler), System::nanoTime).start(Duration.ZERO);
            }
            if (!watches.isEmpty()) {
                // linkage files: reported once each, when stable over two scans; remembered in the spool's folder
                FileWatcher files = new FileWatcher(watches, config.spool().dir(), runtime.clock());
                every("files", Duration.ZERO, FileWatcher.SCAN_EVERY, () -> files.scan(sink::emit));
            }
            sink.emit(heartbeat);
            others.forEach(other -> sink.emit(other, heartbeat));
            var encryption = runtime.encryption();
            if (encryption.on()) {
                LOG.infof("spool encryption on (AES-256-GCM): new events under key %s, %d key(s) in %s",
                        encryption.currentKeyId().orElseThrow(), encryption.keys().orElseThrow().all().size(),
                        config.spool().encryption().keyFile().orElseThrow());
            } else {
                LOG.warn(CheckCommand.OFF.substring("WARNING: ".length()));
            }
            LOG.infof("mihari-agent running as %s (system %s): heartbeat every %s, %d checks, %d file watches,"
                    + " resources %s, spool %s", identity.targetId(), identity.system(), config.heartbeatInterval(),
                    checks.size(), watches.size(),
                    config.resources().enabled() ? "every " + config.resources().interval() : "off",
                    config.spool().dir());
            exit.await();
            stopSchedules(); // before the shipping loop closes: what they spool now is still looked at
        } finally {
            stopSchedules();
        }
        return 0;
    }

    /**
     * Stops the schedules without interrupting a task that is writing to the spool (an interrupted file write
     * closes the spool's channel and loses the record with its sequence number): running tasks end, delayed ones
     * are dropped; only what is still running after the wait is interrupted.
     */
    private void stopSchedules() throws InterruptedException {
        if (scheduler instanceof java.util.concurrent.ScheduledThreadPoolExecutor pool) {
            pool.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        }
        heartbeats.shutdown(); // its only task is periodic: cancelled by the shutdown
        scheduler.shutdown();
        if (!heartbeats.awaitTermination(5, TimeUnit.SECONDS)) {
            heartbeats.shutdownNow();
        }
        if (!scheduler.awaitTermination(15, TimeUnit.SECONDS)) {
            scheduler.shutdownNow();
        }
    }

    /** Runs {@code task} after {@code first}, then every {@code interval} after the previous run ended (no overlap). */
    private void every(String id, Duration first, Duration interval, Runnable task) {
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.errorf(e, "%s failed; next run in %s", id, interval); // never kills the schedule
            }
        }, first.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }
}
