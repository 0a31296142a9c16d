package io.mihari.agent.job;

import io.mihari.model.event.BatchRun;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs one batch job command: its output passes through unchanged while the last lines are kept;
 * its exit code is the result. A run longer than the timeout is stopped (the whole process tree)
 * and reported TIMED_OUT with exit code {@value #TIMEOUT_EXIT} (like coreutils {@code timeout}); a command
 * that cannot start is FAILED with {@value #CANNOT_START_EXIT} (like a shell).
 */
public final class JobRunner {

    public static final int TIMEOUT_EXIT = 124;
    public static final int CANNOT_START_EXIT = 127;
    private static final Duration KILL_GRACE = Duration.ofSeconds(5);

    private final Clock clock;
    private final int tailLines;

    public JobRunner(Clock clock, int tailLines) {
        this.clock = clock;
        this.tailLines = tailLines;
    }

    /**
     * What happened.
     *
     * @param exitCode what the wrapper should return: the command's own code, or 124/127
     */
    public record Outcome(BatchRun.State state, int exitCode, Instant startedAt, long durationMs, String tail) {
        public BatchRun event(String job, String runId) {
            return event(job, runId, null);
        }

        /** The run's end, with the number of records it processed ({@code null}: not known). */
        public BatchRun event(String job, String runId, Long processedCount) {
            Integer code = state == BatchRun.State.TIMED_OUT && exitCode == TIMEOUT_EXIT ? null : exitCode;
            return new BatchRun(job, runId, state, code, durationMs, tail.isEmpty() ? null : tail, processedCount);
        }

        /** The same outcome with one more line at the end of its output tail (the agent's own note). */
        public Outcome withNote(String line) {
            String noted = tail.isEmpty() ? line : tail + (tail.endsWith("\n") ? "" : "\n") + line;
            int max = io.mihari.model.event.Limits.OUTPUT_TAIL;
            if (noted.codePointCount(0, noted.length()) > max) {
                noted = noted.substring(noted.offsetByCodePoints(0, noted.codePointCount(0, noted.length()) - max));
            }
            return new Outcome(state, exitCode, startedAt, durationMs, noted);
        }
    }

    public Outcome run(List<String> command, Optional<Duration> timeout, OutputStream out, OutputStream err) {
        Instant start = clock.instant();
        long startNanos = System.nanoTime();
        TailBuffer tail = new TailBuffer(tailLines);
        Process process;
        try {
            process = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.INHERIT).start();
        } catch (IOException e) {
            String message = "cannot start " + command.get(0) + ": " + e.getMessage();
            writeQuietly(err, message + System.lineSeparator());
            return new Outcome(BatchRun.State.FAILED, CANNOT_START_EXIT, start, elapsed(startNanos), message);
        }
        Thread stdout = pump(process.getInputStream(), out, tail, "stdout");
        Thread stderr = pump(process.getErrorStream(), err, tail, "stderr");
        try {
            boolean finished = timeout.isEmpty() ? waitFor(process) : process.waitFor(timeout.get().toMillis(),
                    TimeUnit.MILLISECONDS);
            if (!finished) {
                stop(process);
                join(stdout, stderr);
                tail.add("[mihari-agent] stopped after the timeout of " + timeout.get());
                return new Outcome(BatchRun.State.TIMED_OUT, TIMEOUT_EXIT, start, elapsed(startNanos), tail.text());
            }
            join(stdout, stderr);
            int exit = process.exitValue();
            BatchRun.State state = exit == 0 ? BatchRun.State.SUCCEEDED : BatchRun.State.FAILED;
            return new Outcome(state, exit, start, elapsed(startNanos), tail.text());
        } catch (InterruptedException e) {
            stop(process);
            Thread.currentThread().interrupt();
            tail.add("[mihari-agent] interrupted");
            return new Outcome(BatchRun.State.FAILED, 130, start, elapsed(startNanos), tail.text());
        }
    }

    private static boolean waitFor(Process process) throws InterruptedException {
        process.waitFor();
        return true;
    }

    /** TERM the tree, then KILL what is left after a grace period. */
    private static void stop(Process process) {
        List<ProcessHandle> tree = process.descendants().toList();
        tree.forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(KILL_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                tree.forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(KILL_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    private static Thread pump(InputStream in, OutputStream out, TailBuffer tail, String name) {
        TailBuffer.Source source = tail.source();
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[8192];
            try {
                for (int n; (n = in.read(buffer)) > 0; ) {
                    out.write(buffer, 0, n);
                    out.flush();
                    source.write(buffer, n);
                }
            } catch (IOException e) {
                // the pipe closed: the process is gone
            }
        }, "mihari-job-" + name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static void join(Thread... threads) throws InterruptedException {
        for (Thread t : threads) {
            t.join(TimeUnit.SECONDS.toMillis(5));
        }
    }

    private static long elapsed(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    private static void writeQuietly(OutputStream out, String text) {
        try {
            out.write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            // nowhere left to complain
        }
    }
}
