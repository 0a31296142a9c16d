package io.mihari.model.event;

import java.util.Objects;

/**
 * One signal of a batch job run. A run is STARTED, then ends SUCCEEDED, FAILED or TIMED_OUT; the
 * run id pairs start and end (バッチ処理の異常終了 = FAILED or TIMED_OUT).
 *
 * @param job the job's name, e.g. {@code nightly-juki-export}
 * @param runId unique per run of the job
 * @param state what happened
 * @param exitCode the command's exit code when it ended (0 for SUCCEEDED); null for STARTED
 * @param durationMs run time when it ended; null for STARTED
 * @param outputTail the last lines of the command's output (at most 8 KiB), for the first look
 * @param processedCount how many records the run processed (処理件数, B.1.1.3/B.1.1.5), as the job or its log says;
 *        null when not known; only on an ended run, never negative
 */
public record BatchRun(String job, String runId, State state, Integer exitCode, Long durationMs, String outputTail,
        Long processedCount) implements Payload {

    /** Where a run is. */
    public enum State { STARTED, SUCCEEDED, FAILED, TIMED_OUT }

    public BatchRun {
        Limits.name("payload.job", job);
        Limits.requiredText("payload.runId", runId, Limits.ID);
        Objects.requireNonNull(state, "payload.state is missing");
        Limits.text("payload.outputTail", outputTail, Limits.OUTPUT_TAIL);
        switch (state) {
            case STARTED -> {
                if (exitCode != null || durationMs != null) {
                    throw new IllegalArgumentException("a STARTED run has no exitCode or durationMs");
                }
            }
            case SUCCEEDED -> {
                if (exitCode == null || exitCode != 0) {
                    throw new IllegalArgumentException("a SUCCEEDED run has exitCode 0, was " + exitCode);
                }
            }
            case FAILED -> {
                if (exitCode != null && exitCode == 0) {
                    throw new IllegalArgumentException("a FAILED run has a non-zero exitCode (or none)");
                }
            }
            case TIMED_OUT -> {
                // killed by the wrapper: the exit code is whatever the killed process returned, if any
            }
        }
        if (state != State.STARTED && durationMs == null) {
            throw new IllegalArgumentException("payload.durationMs is required when a run ends");
        }
        if (durationMs != null) {
            Limits.within("payload.durationMs", durationMs, 0, Limits.DURATION_MS);
        }
        if (processedCount != null) {
            if (state == State.STARTED) {
                throw new IllegalArgumentException("payload.processedCount is known only when a run ends, not on"
                        + " STARTED");
            }
            Limits.notNegative("payload.processedCount", processedCount);
        }
    }

    /** A run whose processed count is not known. */
    public BatchRun(String job, String runId, State state, Integer exitCode, Long durationMs, String outputTail) {
        this(job, runId, state, exitCode, durationMs, outputTail, null);
    }
}
