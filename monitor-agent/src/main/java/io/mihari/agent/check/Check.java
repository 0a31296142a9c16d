package io.mihari.agent.check;

import io.mihari.model.event.CheckResult;

import java.time.Duration;

/**
 * One configured liveness check. {@link #run()} never throws: every failure is a DOWN result with a message, except
 * {@link CheckUnavailableException} when the agent itself cannot perform the check here (e.g. no way to ping).
 */
public interface Check {

    String name();

    CheckResult.Kind kind();

    Duration interval();

    /** What is checked, for the operator's table, e.g. the URL or host:port. */
    String target();

    CheckResult run();

    /** Milliseconds since {@code startNanos}. */
    static long elapsedMs(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    static String describe(Throwable e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + message);
    }
}
