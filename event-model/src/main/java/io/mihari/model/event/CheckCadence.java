package io.mihari.model.event;

import java.time.Duration;
import java.util.Objects;

/**
 * When an agent runs a liveness check next: every {@code interval}, and after a <em>first</em> failure (a failing
 * result after a passing one, or the very first result) quick re-checks every {@code recheckEvery}, up to
 * {@code rechecks} of them or until one passes. Every run is an ordinary {@link CheckResult} event with its own
 * instant, so alert-service's {@code failuresToDown} (catalog {@code checks}) counts them like any other result: with
 * {@code rechecks >= failuresToDown - 1} a dead service is confirmed within {@code (failuresToDown - 1) × recheckEvery}
 * of its first failing result, while a single lost check is answered by a passing re-check two seconds later.
 *
 * <p>Spacing is measured from start to start, and a run never overlaps the previous one: a run that took longer than
 * the spacing (a hanging check ending at its timeout) is followed at once by the next. Once the re-checks are used up
 * and the check still fails, it runs at its interval again until it passes (a dead service is not hammered); the next
 * failure after a pass starts new re-checks.
 *
 * <p>Pure and not thread-safe: one instance per check, fed by the single thread that runs it (the agent's scheduler,
 * the simulated fleet, or a test). Shared by monitor-agent and the tests of alert-service that simulate an agent.
 */
public final class CheckCadence {

    /** How often a check runs when nothing is wrong (the agent's {@code interval} default). */
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(20);
    /** Spacing of the quick re-checks after a first failure (the agent's {@code recheck-every} default). */
    public static final Duration DEFAULT_RECHECK_EVERY = Duration.ofSeconds(2);
    /**
     * Quick re-checks after a first failure (the agent's {@code rechecks} default): the catalog's default
     * {@code failuresToDown} (7) minus the first failure.
     */
    public static final int DEFAULT_RECHECKS = 6;

    private final Duration interval;
    private final Duration recheckEvery;
    private final int rechecks;
    /** re-checks still to run in the current burst; 0 outside one */
    private int left;
    /** whether the last result passed; true before the first, so a first result that fails starts a burst */
    private boolean lastPassed = true;
    /** whether the next run is a re-check */
    private boolean recheckNext;

    /**
     * @param interval     the regular spacing, positive
     * @param recheckEvery the spacing of re-checks, positive
     * @param rechecks     how many re-checks follow a first failure, 0 for none
     */
    public CheckCadence(Duration interval, Duration recheckEvery, int rechecks) {
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(recheckEvery, "recheckEvery");
        if (interval.isNegative() || interval.isZero() || recheckEvery.isNegative() || recheckEvery.isZero()) {
            throw new IllegalArgumentException("interval and recheckEvery must be positive, were " + interval + ", "
                    + recheckEvery);
        }
        if (rechecks < 0) {
            throw new IllegalArgumentException("rechecks must not be negative, was " + rechecks);
        }
        this.interval = interval;
        this.recheckEvery = recheckEvery;
        this.rechecks = rechecks;
    }

    /** The defaults: every 20 s, 6 re-checks every 2 s after a first failure. */
    public static CheckCadence defaults() {
        return new CheckCadence(DEFAULT_INTERVAL, DEFAULT_RECHECK_EVERY, DEFAULT_RECHECKS);
    }

    /**
     * One run ended.
     *
     * @param passed whether it passed (a timeout is a failure)
     * @param took   how long it ran, from its start to its result
     * @return how long after its <em>end</em> the next run starts (zero: at once)
     */
    public Duration afterRun(boolean passed, Duration took) {
        Objects.requireNonNull(took, "took");
        Duration spacing;
        if (passed) {
            left = 0;
            recheckNext = false;
            spacing = interval;
        } else if (lastPassed) {
            left = rechecks;
            spacing = next();
        } else {
            spacing = next();
        }
        lastPassed = passed;
        Duration wait = spacing.minus(took.isNegative() ? Duration.ZERO : took);
        return wait.isNegative() ? Duration.ZERO : wait;
    }

    /** After a failure: a re-check if one is left, else the interval. */
    private Duration next() {
        if (left > 0) {
            left--;
            recheckNext = true;
            return recheckEvery;
        }
        recheckNext = false;
        return interval;
    }

    /** Whether the run {@link #afterRun} last scheduled is a quick re-check. */
    public boolean rechecking() {
        return recheckNext;
    }

    public Duration interval() {
        return interval;
    }

    public Duration recheckEvery() {
        return recheckEvery;
    }

    public int rechecks() {
        return rechecks;
    }
}
