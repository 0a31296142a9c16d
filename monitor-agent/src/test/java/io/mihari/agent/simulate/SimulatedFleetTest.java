package io.mihari.agent.simulate;

import io.mihari.model.catalog.Catalog;
import io.mihari.model.catalog.CatalogLoader;
import io.mihari.model.event.Event;
import io.mihari.model.event.EventType;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** The simulated fleet's schedule: each server's catalog heartbeat interval, the check and the resource sample. */
class SimulatedFleetTest {

    static final Instant T0 = Instant.parse("2026-12-06T01:00:00Z");

    static final Catalog CATALOG = CatalogLoader.load(new ByteArrayInputStream("""
            tenants: [{id: kurashiki, name: {ja: 倉敷市, en: Kurashiki}}]
            systems: [{id: juki, name: {ja: 住記系, en: Resident records}}]
            vendors: [{id: fujitsu-japan, name: {ja: 富士通Japan, en: Fujitsu Japan}}]
            services:
              - id: kurashiki-juki
                tenant: kurashiki
                system: juki
                vendor: fujitsu-japan
                targets:
                  - {host: ap1, heartbeatInterval: 10s}
                  - {host: db1, heartbeatInterval: 30s}
                  - {host: mon1}
            """.getBytes(StandardCharsets.UTF_8)), "t.yaml");

    @Test
    void eachEventComesOnItsOwnScheduleFromTheStart() {
        SimulatedFleet fleet = new SimulatedFleet(CATALOG, Set.of("mon1"), T0);

        assertThat(fleet.targets()).containsExactly("kurashiki/ap1", "kurashiki/db1");
        assertThat(fleet.due(T0)).hasSize(6);
        assertThat(fleet.due(T0.plusSeconds(9))).isEmpty();
        assertThat(fleet.due(T0.plusSeconds(10))).extracting(Event::targetId, Event::type)
                .containsExactly(tuple("kurashiki/ap1", EventType.HEARTBEAT));
        assertThat(fleet.due(T0.plusSeconds(30))).extracting(Event::targetId, Event::type).containsExactly(
                tuple("kurashiki/ap1", EventType.HEARTBEAT), tuple("kurashiki/ap1", EventType.CHECK_RESULT),
                tuple("kurashiki/db1", EventType.HEARTBEAT), tuple("kurashiki/db1", EventType.CHECK_RESULT));
        assertThat(fleet.due(T0.plusSeconds(60))).extracting(Event::targetId, Event::type).containsExactly(
                tuple("kurashiki/ap1", EventType.HEARTBEAT), tuple("kurashiki/ap1", EventType.CHECK_RESULT),
                tuple("kurashiki/ap1", EventType.RESOURCE_SAMPLE), tuple("kurashiki/db1", EventType.HEARTBEAT),
                tuple("kurashiki/db1", EventType.CHECK_RESULT), tuple("kurashiki/db1", EventType.RESOURCE_SAMPLE));
    }

    @Test
    void aLateRoundSendsOnceAndKeepsTheRhythm() {
        SimulatedFleet fleet = new SimulatedFleet(CATALOG, Set.of("mon1", "db1"), T0);
        fleet.due(T0);

        assertThat(fleet.due(T0.plusSeconds(25))).as("two heartbeats late: one now, not a burst").extracting(Event::type)
                .containsExactly(EventType.HEARTBEAT, EventType.CHECK_RESULT);
        assertThat(fleet.due(T0.plusSeconds(29))).isEmpty();
        assertThat(fleet.due(T0.plusSeconds(30))).extracting(Event::type).containsExactly(EventType.HEARTBEAT);
        assertThat(fleet.due(T0.plusSeconds(40))).as("the check every 20 s, on its rhythm").extracting(Event::type)
                .containsExactly(EventType.HEARTBEAT, EventType.CHECK_RESULT);
    }
}
