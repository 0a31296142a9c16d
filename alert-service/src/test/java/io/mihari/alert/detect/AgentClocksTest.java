package io.mihari.alert.detect;

import io.mihari.model.event.CheckResult;
import io.mihari.model.event.Event;
import io.mihari.model.event.EventType;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The instants an agent's events are judged at when its clock jumps back, is replayed, or repeats itself. */
class AgentClocksTest {

    static final Instant T = Instant.parse("2026-12-07T02:00:00Z");

    final AgentClocks clocks = new AgentClocks();

    static Event check(String agent, long seq, Instant at) {
        return new Event("e-" + agent + "-" + seq, 1, EventType.CHECK_RESULT, at, "kurashiki", "juki", "ap1", agent,
                seq, new CheckResult("portal", CheckResult.Kind.HTTP, CheckResult.Status.UP, 5, "HTTP 200", null));
    }

    @Test
    void anEventDatedAsUsualCountsAtItsOwnTimeNeverLaterThanReceived() {
        assertThat(clocks.at(check("a", 1, T), T.plusSeconds(1))).isEqualTo(T);
        assertThat(clocks.at(check("a", 2, T.plusSeconds(60)), T.plusSeconds(2))).isEqualTo(T.plusSeconds(2));
    }

    @Test
    void afterTheAgentsClockJumpedBackItsEventsCountWhenReceivedInTheOrderSent() {
        assertThat(clocks.at(check("a", 1, T), T)).isEqualTo(T);
        Instant back = T.minus(Duration.ofMinutes(10));
        assertThat(clocks.at(check("a", 2, back.plusSeconds(20)), T.plusSeconds(20))).isEqualTo(T.plusSeconds(20));
        // received in the same batch: just after the one before, never the same instant
        assertThat(clocks.at(check("a", 3, back.plusSeconds(22)), T.plusSeconds(20)))
                .isEqualTo(T.plusSeconds(20).plusMillis(1));
        // once the clock has caught up, its own time again
        assertThat(clocks.at(check("a", 4, T.plusSeconds(30)), T.plusSeconds(31))).isEqualTo(T.plusSeconds(30));
    }

    @Test
    void aReplayInOrderKeepsItsRealTimesAndADuplicateOrAnotherAgentIsLeftToTheMonitors() {
        // a spool replayed after an outage: old, but in order
        assertThat(clocks.at(check("a", 1, T), T.plusSeconds(600))).isEqualTo(T);
        assertThat(clocks.at(check("a", 2, T.plusSeconds(10)), T.plusSeconds(600))).isEqualTo(T.plusSeconds(10));
        // the same event again (same seq): its own time, which the monitors ignore as not newer
        assertThat(clocks.at(check("a", 2, T.plusSeconds(10)), T.plusSeconds(601))).isEqualTo(T.plusSeconds(10));
        // another agent speaking for the target: its own time
        assertThat(clocks.at(check("b", 1, T.plusSeconds(5)), T.plusSeconds(602))).isEqualTo(T.plusSeconds(5));
    }
}
