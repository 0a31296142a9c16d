package io.mihari.agent.simulate;

import io.mihari.model.catalog.Catalog;
import io.mihari.model.catalog.CatalogLoader;
import io.mihari.model.catalog.Service;
import io.mihari.model.event.CheckResult;
import io.mihari.model.event.Event;
import io.mihari.model.event.EventType;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Every party's targets are simulated from the catalog: the app vendors' servers, the cloud provider's managed
 * components, the carrier's lines — and a demonstration can drop a line for a while.
 */
class SimulatedPartiesTest {

    static final Instant T0 = Instant.parse("2026-12-06T01:00:00Z");
    static final Catalog SAMPLE = CatalogLoader.load(Path.of("../deploy/catalog/sample-catalog.yaml"));

    @Test
    void everyTargetOfTheSampleCatalogIsSimulatedButTheRealAgentsServer() {
        SimulatedFleet fleet = new SimulatedFleet(SAMPLE, Set.of("krs-juki-mon1"), T0);

        long all = SAMPLE.services().stream().mapToLong(s -> s.targets().size()).sum();
        assertThat(SAMPLE.services()).hasSize(12);
        assertThat(fleet.targets()).hasSize((int) all - 1).doesNotContain("kurashiki/krs-juki-mon1");
        for (Service s : SAMPLE.services()) {
            s.targets().stream().filter(t -> !t.host().equals("krs-juki-mon1"))
                    .forEach(t -> assertThat(fleet.targets()).as(s.id()).contains(t.id()));
        }
        assertThat(fleet.targets()).contains("kurashiki/krs-line-a", "kurashiki/krs-line-b",
                "takamatsu/tkm-hf-rds1", "matsuyama/mys-s3-repl1");

        List<Event> first = fleet.due(T0);
        assertThat(first).filteredOn(e -> e.targetId().equals("kurashiki/krs-line-a"))
                .extracting(Event::type, Event::system).containsExactly(
                        tuple(EventType.HEARTBEAT, "network"), tuple(EventType.CHECK_RESULT, "network"));
        assertThat(first).filteredOn(e -> e.targetId().equals("kurashiki/krs-hf-rds1"))
                .as("a managed database has no resources of its own to sample")
                .extracting(Event::type, Event::system).containsExactly(
                        tuple(EventType.HEARTBEAT, "cloud"), tuple(EventType.CHECK_RESULT, "cloud"));
        assertThat(first).filteredOn(e -> e.targetId().equals("kurashiki/krs-juki-ap1")).extracting(Event::type)
                .containsExactly(EventType.HEARTBEAT, EventType.CHECK_RESULT, EventType.RESOURCE_SAMPLE);
        assertThat(check(first, "kurashiki/krs-line-a")).satisfies(c -> {
            assertThat(c.name()).isEqualTo(SimulatedFleet.LINE_CHECK_NAME);
            assertThat(c.kind()).isEqualTo(CheckResult.Kind.TCP);
            assertThat(c.status()).isEqualTo(CheckResult.Status.UP);
            assertThat(c.message()).isEqualTo("connected (simulated)");
        });
        assertThat(first).allSatisfy(e -> assertThat(e.agentId()).isEqualTo(SimulatedFleet.AGENT_ID));
    }

    @Test
    void aDroppedLineFailsItsChecksUntilTheInstantGivenItsHeartbeatsGoingOn() {
        SimulatedFleet fleet = new SimulatedFleet(SAMPLE, Set.of("krs-juki-mon1"), T0);
        fleet.due(T0);
        Instant until = T0.plusSeconds(240);
        assertThat(fleet.dropUntil(Map.of("kurashiki/krs-line-a", until, "kurashiki/nowhere", until,
                "kurashiki/krs-line-b", T0), T0.plusSeconds(1))).as("unknown and past ones left out")
                .containsExactly("kurashiki/krs-line-a");

        for (int s = 30; s < 240; s += 30) {
            List<Event> due = fleet.due(T0.plusSeconds(s));
            assertThat(check(due, "kurashiki/krs-line-a")).satisfies(c -> {
                assertThat(c.status()).isEqualTo(CheckResult.Status.DOWN);
                assertThat(c.message()).isEqualTo("no connection within 2000 ms (simulated: line dropped)");
            });
            assertThat(check(due, "kurashiki/krs-line-b").status()).isEqualTo(CheckResult.Status.UP);
        }
        List<Event> after = fleet.due(until);
        assertThat(check(after, "kurashiki/krs-line-a").status()).as("from the instant given: up again")
                .isEqualTo(CheckResult.Status.UP);

        fleet.dropUntil(Map.of("kurashiki/krs-line-a", T0.plusSeconds(600)), T0.plusSeconds(250));
        assertThat(check(fleet.due(T0.plusSeconds(270)), "kurashiki/krs-line-a").status())
                .isEqualTo(CheckResult.Status.DOWN);
        fleet.dropUntil(Map.of(), T0.plusSeconds(280));
        assertThat(check(fleet.due(T0.plusSeconds(300)), "kurashiki/krs-line-a").status())
                .as("an empty list ends every drop").isEqualTo(CheckResult.Status.UP);
    }

    static CheckResult check(List<Event> events, String target) {
        return events.stream().filter(e -> e.targetId().equals(target) && e.type() == EventType.CHECK_RESULT)
                .map(e -> (CheckResult) e.payload()).findFirst().orElseThrow(() -> new AssertionError(
                        "no check of " + target + " in " + events.stream().map(Event::targetId).toList()));
    }
}
