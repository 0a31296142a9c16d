package io.mihari.alert.store;

import io.mihari.alert.incident.Observation;
import io.mihari.model.event.CheckResult;
import io.mihari.model.event.ResourceSample;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an automatic status report says monitoring last observed of a target, from its stored events: kept as facts
 * (the mail writes them per language), the newest of each sort.
 */
class StateReaderTest {

    static final String WEB1 = "kurashiki/lc-web1";
    static final Instant T = Instant.parse("2026-12-06T14:45:33Z");

    static StateReader.ObservedEvent check(String name, CheckResult.Status status, String message, long ms, Instant at) {
        return new StateReader.ObservedEvent("CHECK_RESULT", WEB1, at,
                new CheckResult(name, CheckResult.Kind.HTTP, status, ms, message, null), null);
    }

    static StateReader.ObservedEvent heartbeat(Instant at) {
        return new StateReader.ObservedEvent("HEARTBEAT", WEB1, at, null, null);
    }

    @Test
    void theNewestHeartbeatEachChecksNewestResultAndTheNewestSampleAreObserved() {
        ResourceSample sample = new ResourceSample(12.5, null, null, null, 8_000, 2_000, 0, 0,
                List.of(new ResourceSample.Disk("/var", 1_000, 810)), 100);
        List<StateReader.ObservedEvent> newestFirst = List.of(
                check("portal", CheckResult.Status.DOWN, "HTTP 503", 12, T),
                heartbeat(T.minusSeconds(1)),
                new StateReader.ObservedEvent("RESOURCE_SAMPLE", WEB1, T.minusSeconds(2), null, sample),
                check("api", CheckResult.Status.UP, null, 7, T.minusSeconds(3)),
                check("portal", CheckResult.Status.UP, null, 9, T.minusSeconds(60)),
                heartbeat(T.minusSeconds(61)),
                new StateReader.ObservedEvent("RESOURCE_SAMPLE", WEB1, T.minusSeconds(62), null, sample));

        assertThat(StateReader.observations(WEB1, newestFirst)).containsExactly(
                new Observation.Check(WEB1, "portal", false, "HTTP 503", 12, T),
                new Observation.Heartbeat(WEB1, T.minusSeconds(1)),
                new Observation.Resources(WEB1, 12.5, 25.0, List.of(new Observation.Disk("/var", 81.0)),
                        T.minusSeconds(2)),
                new Observation.Check(WEB1, "api", true, null, 7, T.minusSeconds(3)));
    }

    @Test
    void aTargetWithoutEventsHasNoDataAndASampleWithoutMemoryTotalNoMemoryFigure() {
        assertThat(StateReader.observations(WEB1, List.of())).containsExactly(new Observation.NoData(WEB1));

        ResourceSample noMemory = new ResourceSample(3, null, null, null, 0, 0, 0, 0, null, 100);
        assertThat(StateReader.observations(WEB1, List.of(
                new StateReader.ObservedEvent("RESOURCE_SAMPLE", WEB1, T, null, noMemory),
                new StateReader.ObservedEvent("CHECK_RESULT", WEB1, T, null, null))))
                .containsExactly(new Observation.Resources(WEB1, 3, null, List.of(), T));
    }
}
