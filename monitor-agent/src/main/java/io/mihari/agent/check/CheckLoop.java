package io.mihari.agent.check;

import io.mihari.model.event.CheckCadence;
import io.mihari.model.event.CheckResult;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Runs one check for ever on its {@link CheckCadence}: every interval, quick re-checks after a first failure. One run
 * at a time: the next is scheduled only when the previous has ended (and its result was handed on), so a re-check
 * never overlaps its check, and a run that hangs until its timeout delays the next one by exactly that long, never
 * more. The same code for the Linux and the Windows agent.
 *
 * <p>Time is the JVM's monotonic clock (like the agent's other schedules), passed in with the scheduler so a test can
 * drive both.
 */
public final class CheckLoop {

    private static final Logger LOG = Logger.getLogger(CheckLoop.class);

    /** Runs a task once after a delay (the agent's scheduled executor, or a test's virtual one). */
    public interface Scheduler {
        void schedule(Runnable task, Duration delay);

        /** A scheduler on {@code executor}. */
        static Scheduler on(ScheduledExecutorService executor) {
            return (task, delay) -> executor.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    private final Check check;
    private final CheckCadence cadence;
    private final Consumer<CheckResult> results;
    private final Scheduler scheduler;
    private final LongSupplier nanoTime;
    /** Why the check could not run last time (logged once until it changes), null while it can. */
    private String unavailable;

    /**
     * @param results  where each result goes (the spool, as an ordinary CHECK_RESULT event); a failure there is
     *                 logged and the schedule goes on
     * @param nanoTime the monotonic clock, {@code System::nanoTime}
     */
    public CheckLoop(Check check, CheckCadence cadence, Consumer<CheckResult> results, Scheduler scheduler,
            LongSupplier nanoTime) {
        this.check = Objects.requireNonNull(check, "check");
        this.cadence = Objects.requireNonNull(cadence, "cadence");
        this.results = Objects.requireNonNull(results, "results");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
    }

    /** The first run after {@code first}; every later one follows from the results. */
    public void start(Duration first) {
        scheduler.schedule(this::runOnce, first);
    }

    /**
     * One run, then the next one scheduled. Never throws: nothing may end the schedule but a shut-down scheduler. A
     * check the agent cannot perform ({@link CheckUnavailableException}) sends nothing and is tried again at its
     * interval; why is logged once (again when it changes).
     */
    void runOnce() {
        long start = nanoTime.getAsLong();
        Duration next;
        try {
            CheckResult result = check.run();
            try {
                results.accept(result);
            } catch (RuntimeException e) {
                LOG.errorf(e, "check %s: its result could not be stored", check.name());
            }
            boolean passed = result.status() == CheckResult.Status.UP;
            next = cadence.afterRun(passed, Duration.ofNanos(nanoTime.getAsLong() - start));
            unavailable = null;
        } catch (CheckUnavailableException e) {
            // the agent cannot perform the check here: no result (the target is not judged by it), keep the interval
            next = cadence.interval();
            if (!e.getMessage().equals(unavailable)) {
                LOG.errorf("check %s cannot run on this agent, no result is sent: %s", check.name(), e.getMessage());
            }
            unavailable = e.getMessage();
        } catch (RuntimeException e) {
            // Check.run() reports every failure as a result; anything else is a bug: no result, keep the interval
            next = cadence.interval();
            LOG.errorf(e, "check %s failed; next run in %s", check.name(), next);
        }
        try {
            scheduler.schedule(this::runOnce, next);
        } catch (RejectedExecutionException e) {
            LOG.debugf("check %s: the agent is stopping", check.name());
        }
    }
}
