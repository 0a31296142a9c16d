package io.mihari.agent.cli;

import io.mihari.agent.job.JobRunner;
import io.mihari.agent.job.ProcessedCount;
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
 * through, and exits with the command's own exit code. With {@code --count-from FILE} the end also carries the
 * number of records the run processed, read from the file after the command ended ({@link ProcessedCount}); a file
 * that is missing or says no number leaves the count unknown, and the run is reported all the same, with the reason
 * in the agent's log and as the last line of the reported output.
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

    @Option(names = "--count-from", paramLabel = "FILE", description = "After the command ends, read the number of"
            + " records it processed: the last non-empty line of FILE, a whole number alone (e.g. 182345), written"
            + " by this run.")
    java.nio.file.Path countFrom;

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

        java.time.Instant runStarted = runtime.clock().instant();
        JobRunner.Outcome ran = new JobRunner(runtime.clock(), runtime.config().exec().tailLines())
                .run(command, limit, System.out, System.err);
        Long count = null;
        if (countFrom != null) {
            ProcessedCount.Reading reading = ProcessedCount.read(countFrom, runStarted);
            count = reading.count();
            if (reading.problem() != null) {
                LOG.warnf("job %s run %s: processed count unknown: %s", job, id, reading.problem());
                ran = ran.withNote("mihari-agent: processed count unknown: " + reading.problem());
            }
        }
        JobRunner.Outcome outcome = ran;
        Long processed = count;

        report(() -> {
            startDelivery.join();
            runtime.sink(() -> { }).emit(outcome.event(job, id, processed));
            LOG.infof("job %s run %s %s (exit %d, %d ms%s); %s", job, id, outcome.state(), outcome.exitCode(),
                    outcome.durationMs(), processed == null ? "" : ", " + processed + " records", runtime.deliverNow(runtime.config().exec().deliveryTimeout()));
        });
        return outcome.exitCode();
    }
}
