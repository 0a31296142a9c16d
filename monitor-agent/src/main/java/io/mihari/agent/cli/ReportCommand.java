package io.mihari.agent.cli;

import io.mihari.agent.ship.AgentRuntime;
import io.mihari.model.event.BatchRun;
import io.mihari.model.event.TargetId;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.UUID;
import java.util.concurrent.Callable;

/**
 * {@code mihari-agent report}: for jobs that cannot be wrapped (run by a scheduler of their own),
 * report a run's start or end from the job's script.
 */
@Command(name = "report", description = "Report a batch run that mihari-agent exec did not wrap.")
public class ReportCommand implements Callable<Integer> {

    @Option(names = "--job", required = true, description = "The job's name, as in the catalog.")
    String job;

    @Option(names = "--state", required = true, description = "STARTED, SUCCEEDED, FAILED or TIMED_OUT.")
    BatchRun.State state;

    @Option(names = "--run-id", description = "Pairs the start and the end of one run (default: random).")
    String runId;

    @Option(names = "--exit-code", description = "The job's exit code when it ended.")
    Integer exitCode;

    @Option(names = "--duration", description = "How long the run took (e.g. 95s, 12m), required when it ended.")
    String duration;

    @Option(names = "--message", description = "Last lines of output or an explanation (at most 8 KiB).")
    String message;

    @Option(names = "--count", description = "How many records the run processed (only when it ended; not negative).")
    Long count;

    private final AgentRuntime runtime;

    ReportCommand(AgentRuntime runtime) {
        this.runtime = runtime;
    }

    @Override
    public Integer call() {
        TargetId.requireName("--job", job);
        Long durationMs = duration == null ? null : Durations.parse(duration).toMillis();
        Integer code = exitCode != null ? exitCode : state == BatchRun.State.SUCCEEDED ? Integer.valueOf(0) : null;
        BatchRun run = run(runId != null ? runId : UUID.randomUUID().toString(), code, durationMs);
        System.out.println("reported " + state + " of " + job + " (run " + run.runId() + "): "
                + runtime.emitAndDeliver(run));
        return 0;
    }

    /** The run to report, or an {@link IllegalArgumentException} naming the option that is wrong. */
    BatchRun run(String id, Integer code, Long durationMs) {
        if (count != null && state == BatchRun.State.STARTED) {
            throw new IllegalArgumentException("--count is for a run that ended (SUCCEEDED, FAILED or TIMED_OUT),"
                    + " not STARTED");
        }
        if (count != null && count < 0) {
            throw new IllegalArgumentException("--count must not be negative, was " + count);
        }
        return new BatchRun(job, id, state, code, durationMs, message, count);
    }
}
