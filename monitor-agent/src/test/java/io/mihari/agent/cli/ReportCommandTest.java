package io.mihari.agent.cli;

import io.mihari.model.event.BatchRun;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code mihari-agent report --count N}: the run reported, without a runtime. */
class ReportCommandTest {

    static ReportCommand report(BatchRun.State state, Long count) {
        ReportCommand command = new ReportCommand(null);
        command.job = "nightly-juki-export";
        command.state = state;
        command.count = count;
        return command;
    }

    @Test
    void anEndedRunCarriesItsCount() {
        BatchRun run = report(BatchRun.State.SUCCEEDED, 0L).run("r-1", 0, 60_000L);

        assertThat(run).isEqualTo(new BatchRun("nightly-juki-export", "r-1", BatchRun.State.SUCCEEDED, 0, 60_000L,
                null, 0L));
        assertThat(report(BatchRun.State.FAILED, null).run("r-2", 1, 5L).processedCount()).isNull();
    }

    @Test
    void aCountOnAStartOrANegativeCountIsRefusedNamingTheOption() {
        assertThatThrownBy(() -> report(BatchRun.State.STARTED, 5L).run("r-1", null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--count is for a run that ended (SUCCEEDED, FAILED or TIMED_OUT), not STARTED");
        assertThatThrownBy(() -> report(BatchRun.State.SUCCEEDED, -1L).run("r-1", 0, 5L))
                .hasMessage("--count must not be negative, was -1");
    }
}
