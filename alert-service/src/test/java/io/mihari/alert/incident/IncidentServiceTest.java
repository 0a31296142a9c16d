package io.mihari.alert.incident;

import io.mihari.alert.detect.StatusTransition;
import io.mihari.alert.detect.TargetStatus;
import io.mihari.model.catalog.Catalog;
import io.mihari.model.catalog.CatalogLoader;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IncidentServiceTest {

    static final Instant T0 = Instant.parse("2026-11-25T15:30:00Z"); // 2026-11-26 00:30 JST
    static final String AP1 = "kurashiki/krs-juki-ap1";
    static final String AP2 = "kurashiki/krs-juki-ap2";

    final MutableClock clock = new MutableClock(T0);
    final Map<String, Incident> stored = new LinkedHashMap<>();
    int failingSaves;
    final List<Incident> opened = new ArrayList<>();
    IncidentService service;

    @BeforeEach
    void setUp() throws Exception {
        Catalog catalog;
        try (InputStream in = getClass().getResourceAsStream("/test-catalog.yaml")) {
            catalog = CatalogLoader.load(in, "test-catalog.yaml");
        }
        Map<LocalDate, Long> numbers = new HashMap<>();
        IncidentRepository repository = new IncidentRepository() {
            @Override
            public void save(Incident incident) {
                if (failingSaves > 0) {
                    failingSaves--;
                    throw new IllegalStateException("OpenSearch unavailable");
                }
                stored.put(incident.id(), incident);
            }

            @Override
            public Optional<Incident> find(String id) {
                return Optional.ofNullable(stored.get(id));
            }

            @Override
            public long nextNumber(LocalDate day) {
                return numbers.merge(day, 1L, Long::sum);
            }
        };
        service = new IncidentService(clock, () -> catalog, repository, opened::add, Duration.ofSeconds(30),
                Duration.ofMinutes(60));
    }

    static StatusTransition down(String target, Instant lastHeard, Instant detected) {
        return new StatusTransition(target, "kurashiki-juki", "kurashiki", "juki", target.substring(10),
                TargetStatus.UP, TargetStatus.DOWN, lastHeard, detected, "HEARTBEAT_MISSING");
    }

    static StatusTransition up(String target, Instant at) {
        return new StatusTransition(target, "kurashiki-juki", "kurashiki", "juki", target.substring(10),
                TargetStatus.DOWN, TargetStatus.UP, at, at, "HEARTBEAT_RECEIVED");
    }

    @Test
    void failuresWithinTheGroupingWaitBecomeOneIncidentOpenedWhenTheWaitEnds() {
        service.onTransition(down(AP1, T0.minusSeconds(30), T0));
        clock.set(T0.plusSeconds(10));
        service.onTransition(down(AP2, T0.minusSeconds(25), T0.plusSeconds(10)));

        clock.set(T0.plusSeconds(29));
        service.tick();
        assertThat(opened).isEmpty();

        clock.set(T0.plusSeconds(30));
        service.tick();
        assertThat(opened).singleElement().satisfies(incident -> {
            assertThat(incident.id()).isEqualTo("INC-20261126-0001");
            assertThat(incident.affectedTargets()).containsExactly(AP1, AP2);
            assertThat(incident.startedAt()).isEqualTo(T0.minusSeconds(30));
            assertThat(incident.detectedAt()).isEqualTo(T0);
            assertThat(incident.openedAt()).isEqualTo(T0.plusSeconds(30));
            assertThat(incident.sla().firstReport().dueAt()).isEqualTo(T0.plusSeconds(3600));
            assertThat(incident.status()).isEqualTo(IncidentStatus.OPEN);
        });
    }

    @Test
    void laterFailureJoinsTheOpenIncidentInsteadOfOpeningAnother() {
        service.onTransition(down(AP1, T0.minusSeconds(30), T0));
        clock.set(T0.plusSeconds(30));
        service.tick();

        clock.set(T0.plusSeconds(300));
        service.onTransition(down(AP2, T0.plusSeconds(270), T0.plusSeconds(300)));
        service.tick();

        assertThat(opened).hasSize(1);
        Incident incident = stored.get("INC-20261126-0001");
        assertThat(incident.affectedTargets()).containsExactly(AP1, AP2);
        assertThat(incident.timeline()).extracting(TimelineEntry::type)
                .containsExactly("TARGET_DOWN", "INCIDENT_OPENED", "TARGET_DOWN");
    }

    @Test
    void recoveryWithinTheGroupingWaitOpensNoIncident() {
        service.onTransition(down(AP1, T0.minusSeconds(30), T0));
        clock.set(T0.plusSeconds(5));
        service.onTransition(up(AP1, T0.plusSeconds(5)));
        clock.set(T0.plusSeconds(60));
        service.tick();

        assertThat(opened).isEmpty();
    }

    @Test
    void incidentIsMitigatedWhenEveryAffectedTargetIsBack() {
        service.onTransition(down(AP1, T0.minusSeconds(30), T0));
        service.onTransition(down(AP2, T0.minusSeconds(30), T0));
        clock.set(T0.plusSeconds(30));
        service.tick();

        service.onTransition(up(AP1, T0.plusSeconds(600)));
        assertThat(stored.get("INC-20261126-0001").status()).isEqualTo(IncidentStatus.OPEN);

        service.onTransition(up(AP2, T0.plusSeconds(900)));
        Incident incident = stored.get("INC-20261126-0001");
        assertThat(incident.status()).isEqualTo(IncidentStatus.MITIGATED);
        assertThat(incident.mitigatedAt()).isEqualTo(T0.plusSeconds(900));
        assertThat(incident.downFor(T0.plusSeconds(5000))).isEqualTo(Duration.ofSeconds(930));
        assertThat(service.openIncident("kurashiki-juki")).isEmpty();
    }

    @Test
    void firstReportSentTimeIsRecordedOnceInTheSlaRecord() {
        service.onTransition(down(AP1, T0.minusSeconds(30), T0));
        clock.set(T0.plusSeconds(30));
        service.tick();

        service.firstReportSent("INC-20261126-0001", T0.plusSeconds(31));
        service.firstReportSent("INC-20261126-0001", T0.plusSeconds(99));

        Incident incident = stored.get("INC-20261126-0001");
        assertThat(incident.sla().firstReport().sentAt()).isEqualTo(T0.plusSeconds(31));
        assertThat(incident.timeline()).extracting(TimelineEntry::type).containsOnlyOnce("FIRST_REPORT_SENT");
    }

    @Test
    void incidentThatCannotBeStoredIsOpenedOnTheNextTickWithTheSameIdAndOneFirstReport() {
        service.onTransition(down(AP1, T0.minusSeconds(30), T0));
        clock.set(T0.plusSeconds(30));
        failingSaves = 1;

        assertThatThrownBy(service::tick).hasMessageContaining("OpenSearch unavailable");
        assertThat(opened).isEmpty();

        clock.set(T0.plusSeconds(31));
        service.tick();
        service.tick();

        assertThat(opened).singleElement().extracting(Incident::id).isEqualTo("INC-20261126-0001");
        assertThat(stored).containsOnlyKeys("INC-20261126-0001");
    }

    @Test
    void mitigationThatCannotBeStoredLeavesTheIncidentOpenAndRecoversLater() {
        service.onTransition(down(AP1, T0.minusSeconds(30), T0));
        clock.set(T0.plusSeconds(30));
        service.tick();
        failingSaves = 1;

        assertThatThrownBy(() -> service.onTransition(up(AP1, T0.plusSeconds(600))))
                .hasMessageContaining("OpenSearch unavailable");
        assertThat(service.openIncident("kurashiki-juki")).isPresent();

        service.onTransition(down(AP1, T0.plusSeconds(700), T0.plusSeconds(730)));
        service.onTransition(up(AP1, T0.plusSeconds(800)));
        assertThat(stored.get("INC-20261126-0001").status()).isEqualTo(IncidentStatus.MITIGATED);
        assertThat(service.openIncident("kurashiki-juki")).isEmpty();
    }

    @Test
    void afterARestartTheRecoveryMitigatesTheIncidentThatWasOpenAndNothingIsOpenedTwice() throws Exception {
        service.onTransition(down(AP1, T0.minusSeconds(30), T0));
        clock.set(T0.plusSeconds(30));
        service.tick();
        Incident before = stored.get("INC-20261126-0001");

        // alert-service restarts: a new service instance, state from the store
        setUp();
        service.restore(List.of(before), Map.of("kurashiki-juki", java.util.Set.of(AP1)));
        clock.set(T0.plusSeconds(900));
        service.onTransition(down(AP2, T0.plusSeconds(870), T0.plusSeconds(900)));
        service.tick();
        clock.set(T0.plusSeconds(2000));
        service.tick();
        service.onTransition(up(AP2, T0.plusSeconds(2000)));
        service.onTransition(up(AP1, T0.plusSeconds(2100)));

        assertThat(opened).as("no second incident after the restart").hasSize(1);
        Incident after = stored.get("INC-20261126-0001");
        assertThat(after.affectedTargets()).containsExactly(AP1, AP2);
        assertThat(after.status()).isEqualTo(IncidentStatus.MITIGATED);
        assertThat(after.mitigatedAt()).isEqualTo(T0.plusSeconds(2100));
    }

    @Test
    void incidentIdsCountPerJapanDay() {
        assertThat(IncidentIds.format(LocalDate.of(2026, 11, 25), 7)).isEqualTo("INC-20261125-0007");
    }

    /** A clock tests move by hand. */
    static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void set(Instant instant) {
            now = instant;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
