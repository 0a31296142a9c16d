package io.mihari.agent.check;

import io.mihari.model.event.CheckResult;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a command: UP when it exits 0 within the timeout; a command that hangs is killed (with its children). */
public record CommandCheck(String name, List<String> command, Duration interval, Duration timeout) implements Check {

    private static final int MAX_MESSAGE = 500;

    public CommandCheck {
        command = List.copyOf(command);
    }

    @Override
    public CheckResult.Kind kind() {
        return CheckResult.Kind.COMMAND;
    }

    @Override
    public String target() {
        return String.join(" ", command);
    }

    @Override
    public CheckResult run() {
        long start = System.nanoTime();
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            return down(start, "cannot start: " + Check.describe(e));
        }
        try {
            process.getOutputStream().close();
            OutputCollector output = new OutputCollector(process.getInputStream());
            output.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                return down(start, "did not finish within " + timeout.toMillis() + " ms (killed)");
            }
            output.join(1000);
            int exit = process.exitValue();
            String text = "exit " + exit + (output.text().isBlank() ? "" : ": " + output.text().strip());
            text = text.length() > MAX_MESSAGE ? text.substring(0, MAX_MESSAGE) : text;
            CheckResult.Status status = exit == 0 ? CheckResult.Status.UP : CheckResult.Status.DOWN;
            return new CheckResult(name, kind(), status, Check.elapsedMs(start), text, null);
        } catch (IOException e) {
            return down(start, Check.describe(e));
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            return down(start, "interrupted");
        }
    }

    private CheckResult down(long start, String message) {
        return new CheckResult(name, kind(), CheckResult.Status.DOWN, Check.elapsedMs(start), message, null);
    }

    /** Reads the command's output so it never blocks on a full pipe; keeps the first few hundred characters. */
    private static final class OutputCollector extends Thread {
        private final InputStream in;
        private final StringBuilder text = new StringBuilder();

        OutputCollector(InputStream in) {
            super("mihari-check-output");
            setDaemon(true);
            this.in = in;
        }

        @Override
        public void run() {
            byte[] buffer = new byte[4096];
            try {
                for (int n; (n = in.read(buffer)) > 0; ) {
                    synchronized (text) {
                        if (text.length() < MAX_MESSAGE) {
                            text.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                        }
                    }
                }
            } catch (IOException e) {
                // the process ended; what was read is enough for a message
            }
        }

        String text() {
            synchronized (text) {
                return text.toString();
            }
        }
    }
}
