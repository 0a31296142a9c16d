package io.mihari.agent.check;

import io.mihari.model.event.CheckResult;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * UP when at least one running process has this executable name (case-insensitive, with or without
 * {@code .exe}), so one configuration works on Linux and Windows. Uses the JDK's process table.
 */
public record ProcessCheck(String name, String processName, Duration interval) implements Check {

    public ProcessCheck {
        processName = normalise(processName);
    }

    @Override
    public CheckResult.Kind kind() {
        return CheckResult.Kind.PROCESS;
    }

    @Override
    public String target() {
        return processName;
    }

    @Override
    public CheckResult run() {
        long start = System.nanoTime();
        long count = ProcessHandle.allProcesses()
                .filter(p -> p.info().command().map(c -> normalise(Path.of(c).getFileName().toString()))
                        .map(processName::equals).orElse(false))
                .count();
        CheckResult.Status status = count > 0 ? CheckResult.Status.UP : CheckResult.Status.DOWN;
        String message = count > 0 ? count + " running" : "no process named " + processName;
        return new CheckResult(name, kind(), status, Check.elapsedMs(start), message, null);
    }

    private static String normalise(String executable) {
        String lower = executable.toLowerCase(Locale.ROOT);
        return lower.endsWith(".exe") ? lower.substring(0, lower.length() - 4) : lower;
    }
}
