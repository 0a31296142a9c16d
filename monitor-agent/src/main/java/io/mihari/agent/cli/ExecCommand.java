package io.mihari.agent.cli;

import io.mihari.agent.job.JobRunner;
import io.mihari.agent.ship.AgentRuntime;
import io.mihari.model.event.BatchRun;
import io.mihari.model.event.TargetId;
import org.jboss.logging.Logger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;

/**
 * {@code mihari-agent exec --job NAME -- COMMAND…}: runs a batch job, reports STARTED and then
 * SUCCEEDED / FAILED / TIMED_OUT with exit code, duration and the output's tail, passes the output
 * through, and exits with the command's own exit code.
 */
@Command(name = "exec", description = "Run a batch job command and report its run (started, exit code, duration, output tail).")
public class ExecCommand implements Callable<Integer> {

    private static final Logger LOG = Logger.getLogger(ExecCommand.class);
    private static final DateTimeFormatter RUN_ID = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss").withZone(ZoneOffset.UTC);

    @Option(names = "--job", required = true, description = "The job's name, as in the catalog.")
    String job;

    @Option(names = "--run-id", description = "Unique id of this run (default: time + random).")
    String runId;

    @Option(names = "--timeout", description = "Stop the job after this long (e.g. 90m, PT2H) and report TIMED_OUT.")
    String timeout;

    @Parameters(arity = "1..*", paramLabel = "COMMAND", description = "The command and its arguments (after --).")
    List<String> command;

    private final AgentRuntime runtime;

    ExecCommand(AgentRuntime runtime) {
        this.runtime = runtime;
    }

    private static boolean report(Runnable step) {
        try {
            step.run();
            return true;
        } catch (RuntimeException e) {
            LOG.warnf("mihari-agent could not record the run (%s); the job's own result is unaffected", e.getMessage());
            return false;
        }
    }

    @Override
    public Integer call() {
        TargetId.requireName("--job", job);
        Optional<Duration> limit = Optional.ofNullable(timeout).map(Durations::parse);
        String id = runId != null ? runId
                : RUN_ID.format(runtime.clock().instant()) + "-" + UUID.randomUUID().toString().substring(0, 8);
        // Monitoring must never stop the business job: any trouble here is a warning, the job runs anyway.
        boolean started = report(() -> runtime.sink(() -> { })
                .emit(new BatchRun(job, id, BatchRun.State.STARTED, null, null, null)));
        // Deliver STARTED while the job runs, so a hung job is visible even without the daemon.
        CompletableFuture<String> startDelivery = started
                ? CompletableFuture.supplyAsync(() -> runtime.deliverNow(runtime.config().exec().deliveryTimeout()))
                        .exceptionally(e -> "delivery of STARTED failed: " + e.getMessage())
                : CompletableFuture.completedFuture("not spooled");

        JobRunner.Outcome outcome = new JobRunner(runtime.clock(), runtime.config().exec().tailLines())
                .run(command, limit, System.out, System.err);

        report(() -> {
            startDelivery.join();
            runtime.sink(() -> { }).emit(outcome.event(job, id));
            LOG.infof("job %s run %s %s (exit %d, %d ms); %s", job, id, outcome.state(), outcome.exitCode(),
                    outcome.durationMs(), runtime.deliverNow(runtime.config().exec().deliveryTimeout()));
        });
        return outcome.exitCode();
    }
}
