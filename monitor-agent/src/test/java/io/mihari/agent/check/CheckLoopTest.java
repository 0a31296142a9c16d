package io.mihari.agent.check;

import io.mihari.model.event.CheckCadence;
import io.mihari.model.event.CheckResult;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.function.LongFunction;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The agent's check schedule on a virtual monotonic clock: exact start instants of every run and re-check, the
 * defaults (every 20 s, 6 re-checks every 2 s after a first failure), no overlap, timeouts counted.
 */
class CheckLoopTest {

    /** Virtual time in nanoseconds and the tasks due, run in order of their instant. */
    static final class VirtualScheduler implements CheckLoop.Scheduler {
        record Due(long at, long order, Runnable task) {
        }

        long now;
        long order;
        final PriorityQueue<Due> queue = new PriorityQueue<>((a, b) -> a.at != b.at ? Long.compare(a.at, b.at)
                : Long.compare(a.order, b.order));

        @Override
        public void schedule(Runnable task, Duration delay) {
            assertThat(delay.isNegative()).as("never a negative delay").isFalse();
            queue.add(new Due(now + delay.toNanos(), order++, task));
        }

        /** Runs everything due up to {@code seconds}. */
        void runUntil(double seconds) {
            long until = nanos(seconds);
            while (!queue.isEmpty() && queue.peek().at <= until) {
                Due due = queue.poll();
                now = due.at;
                due.task.run();
            }
            now = until;
        }
    }

    /** A check whose outcome and run time depend on the virtual instant it starts at. */
    static final class ScriptedCheck implements Check {
        record Run(double start, double end, boolean passed) {
        }

        final VirtualScheduler clock;
        final LongFunction<Boolean> passesAt;
        final LongFunction<Duration> takesAt;
        final List<Run> runs = new ArrayList<>();

        ScriptedCheck(VirtualScheduler clock, LongFunction<Boolean> passesAt, LongFunction<Duration> takesAt) {
            this.clock = clock;
            this.passesAt = passesAt;
            this.takesAt = takesAt;
        }

        public String name() {
            return "juki-web";
        }

        public CheckResult.Kind kind() {
            return CheckResult.Kind.HTTP;
        }

        public Duration interval() {
            return CheckCadence.DEFAULT_INTERVAL;
        }

        public String target() {
            return "http://127.0.0.1/health";
        }

        public CheckResult run() {
            long start = clock.now;
            boolean passed = passesAt.apply(start);
            clock.now += takesAt.apply(start).toNanos(); // the run takes its time on the monotonic clock
            runs.add(new Run(seconds(start), seconds(clock.now), passed));
            return new CheckResult("juki-web", CheckResult.Kind.HTTP,
                    passed ? CheckResult.Status.UP : CheckResult.Status.DOWN, 3, passed ? "HTTP 200" : "refused", null);
        }
    }

    static long nanos(double seconds) {
        return Math.round(seconds * 1e9);
    }

    static double seconds(long nanos) {
        return nanos / 1e9;
    }

    final VirtualScheduler scheduler = new VirtualScheduler();
    final List<Double> resultAt = new ArrayList<>();

    CheckLoop loop(ScriptedCheck check, CheckCadence cadence) {
        return new CheckLoop(check, cadence, r -> resultAt.add(seconds(scheduler.now)), scheduler,
                () -> scheduler.now);
    }

    static List<Double> starts(ScriptedCheck check) {
        return check.runs.stream().map(ScriptedCheck.Run::start).toList();
    }

    @Test
    void aDeadServiceIsReCheckedSixTimesEveryTwoSecondsThenOnItsIntervalUntilItPasses() {
        // the service is dead from 47 s to 100 s; a refused connection takes 3 ms, a pass 5 ms
        ScriptedCheck check = new ScriptedCheck(scheduler, at -> at < nanos(47) || at >= nanos(100),
                at -> Duration.ofMillis(at < nanos(47) || at >= nanos(100) ? 5 : 3));
        loop(check, CheckCadence.defaults()).start(Duration.ZERO);

        scheduler.runUntil(160);

        assertThat(starts(check)).containsExactly(0.0, 20.0, 40.0,
                60.0, 62.0, 64.0, 66.0, 68.0, 70.0, 72.0, // the first failure and its 6 re-checks: 7 in a row by 72.003
                92.0, 112.0, // still down: its interval again, no new burst
                132.0, 152.0); // passed at 112: every 20 s
        assertThat(check.runs.stream().filter(r -> !r.passed()).count()).isEqualTo(8);
        assertThat(resultAt).as("every run, re-checks too, is a result of its own, handed on when it ends")
                .hasSize(14).startsWith(0.005, 20.005, 40.005, 60.003, 62.003);
        assertThat(resultAt.get(9)).as("the 7th failing result: failuresToDown 7 decides here").isEqualTo(72.003);
    }

    @Test
    void aSingleLostCheckIsAnsweredByOnePassingReCheckTwoSecondsLater() {
        ScriptedCheck check = new ScriptedCheck(scheduler, at -> at != nanos(40), at -> Duration.ofMillis(4));
        loop(check, CheckCadence.defaults()).start(Duration.ZERO);

        scheduler.runUntil(100);

        assertThat(starts(check)).containsExactly(0.0, 20.0, 40.0, 42.0, 62.0, 82.0);
        assertThat(check.runs).extracting(ScriptedCheck.Run::passed).containsExactly(true, true, false, true, true, true);
    }

    @Test
    void aHangingCheckEndsAtItsTimeoutAndItsReCheckStartsRightThenNeverOverlapping() {
        // from 20 s on the service accepts connections but never answers: every run ends at the 10 s timeout
        ScriptedCheck check = new ScriptedCheck(scheduler, at -> at < nanos(20),
                at -> at < nanos(20) ? Duration.ofMillis(5) : Duration.ofSeconds(10));
        loop(check, CheckCadence.defaults()).start(Duration.ZERO);

        scheduler.runUntil(125);

        assertThat(check.runs).extracting(ScriptedCheck.Run::start, ScriptedCheck.Run::end).startsWith(
                org.assertj.core.groups.Tuple.tuple(0.0, 0.005), org.assertj.core.groups.Tuple.tuple(20.0, 30.0),
                org.assertj.core.groups.Tuple.tuple(30.0, 40.0), org.assertj.core.groups.Tuple.tuple(40.0, 50.0));
        for (int i = 1; i < check.runs.size(); i++) {
            assertThat(check.runs.get(i).start()).as("run %d starts after run %d ended", i, i - 1)
                    .isGreaterThanOrEqualTo(check.runs.get(i - 1).end());
        }
        // 20, 30, ..., 80: the first failure and 6 re-checks back to back (each took longer than 2 s); the 7th
        // failure ends at 90, then the interval (start to start: 80 + 20 = 100, the timeout counted in it)
        assertThat(starts(check)).containsExactly(0.0, 20.0, 30.0, 40.0, 50.0, 60.0, 70.0, 80.0, 100.0, 120.0);
    }

    @Test
    void aSlowReCheckShortensTheWaitToTheNextSoStartsStayTwoSecondsApart() {
        ScriptedCheck check = new ScriptedCheck(scheduler, at -> at < nanos(20) || at >= nanos(25),
                at -> at < nanos(20) ? Duration.ZERO : Duration.ofMillis(1500));
        loop(check, CheckCadence.defaults()).start(Duration.ZERO);

        scheduler.runUntil(50);

        assertThat(starts(check)).containsExactly(0.0, 20.0, 22.0, 24.0, 26.0, 46.0);
    }

    @Test
    void withoutReChecksAFailureWaitsTheWholeInterval() {
        ScriptedCheck check = new ScriptedCheck(scheduler, at -> false, at -> Duration.ZERO);
        loop(check, new CheckCadence(Duration.ofSeconds(30), Duration.ofSeconds(2), 0)).start(Duration.ofSeconds(1));

        scheduler.runUntil(100);

        assertThat(starts(check)).containsExactly(1.0, 31.0, 61.0, 91.0);
    }

    @Test
    void aResultThatCannotBeStoredDoesNotStopTheSchedule() {
        ScriptedCheck check = new ScriptedCheck(scheduler, at -> at != nanos(20), at -> Duration.ZERO);
        new CheckLoop(check, CheckCadence.defaults(), r -> {
            throw new IllegalStateException("spool broken");
        }, scheduler, () -> scheduler.now).start(Duration.ZERO);

        scheduler.runUntil(45);

        assertThat(starts(check)).containsExactly(0.0, 20.0, 22.0, 42.0);
    }
}
