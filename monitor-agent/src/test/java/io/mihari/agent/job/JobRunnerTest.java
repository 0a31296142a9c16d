package io.mihari.agent.job;

import io.mihari.model.event.BatchRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Real commands, real exit codes. */
class JobRunnerTest {

    final JobRunner runner = new JobRunner(Clock.systemUTC(), 3);
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    JobRunner.Outcome run(String script, Optional<Duration> timeout) {
        return runner.run(List.of("sh", "-c", script), timeout, out, err);
    }

    @ParameterizedTest(name = "exit {1}")
    @CsvSource(delimiter = '|', value = {
            "exit 0 | 0 | SUCCEEDED",
            "exit 1 | 1 | FAILED",
            "exit 3 | 3 | FAILED",
            "kill -9 $$ | 137 | FAILED",
            "kill -15 $$ | 143 | FAILED",
    })
    void exitCodeIsTheCommandsOwn(String script, int exit, BatchRun.State state) {
        JobRunner.Outcome outcome = run(script, Optional.empty());

        assertThat(outcome.exitCode()).isEqualTo(exit);
        assertThat(outcome.state()).isEqualTo(state);
        BatchRun event = outcome.event("nightly", "run-1");
        assertThat(event.exitCode()).isEqualTo(exit);
        assertThat(event.durationMs()).isNotNull();
    }

    @Test
    void outputPassesThroughAndTheTailKeepsTheLastLinesOfBothStreams() {
        JobRunner.Outcome outcome = run("echo one; echo two; echo three >&2; echo four; printf five", Optional.empty());

        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("one\ntwo\nfour\nfive");
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("three\n");
        assertThat(outcome.tail().split("\n")).hasSize(3).contains("four", "five");
    }

    @Test
    void jobLongerThanItsTimeoutIsStoppedAndTimedOut() {
        JobRunner.Outcome outcome = run("echo working; sleep 30", Optional.of(Duration.ofMillis(500)));

        assertThat(outcome.state()).isEqualTo(BatchRun.State.TIMED_OUT);
        assertThat(outcome.exitCode()).isEqualTo(JobRunner.TIMEOUT_EXIT);
        assertThat(outcome.durationMs()).isBetween(400L, 15_000L);
        assertThat(outcome.tail()).contains("working", "stopped after the timeout of PT0.5S");
        assertThat(outcome.event("nightly", "run-2").exitCode()).isNull();
    }

    @Test
    void commandThatCannotStartIsFailedWith127() {
        JobRunner.Outcome outcome = runner.run(List.of("/no/such/job"), Optional.empty(), out, err);

        assertThat(outcome.exitCode()).isEqualTo(127);
        assertThat(outcome.state()).isEqualTo(BatchRun.State.FAILED);
        assertThat(outcome.tail()).startsWith("cannot start /no/such/job");
    }
}
