package io.mihari.alert.incident;

import io.mihari.alert.detect.Alert;
import io.mihari.alert.detect.AlertKind;
import io.mihari.alert.detect.Severity;
import io.mihari.model.catalog.Catalog;
import io.mihari.model.catalog.CatalogLoader;
import io.mihari.testsupport.MutableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When a pending group opens (issue 15): each group knows its own due instant ({@link IncidentService#nextOpening()}),
 * which incident management wakes up for and opens with {@link IncidentService#openDue()} — no tick on the way.
 * The shipped policy: a grouping wait of 5 s, none at all when a critical target of the service ({@code krs-juki-db1}
 * in the test catalog) or the whole service is DOWN. Signals get increasing offsets, as in their partition.
 */
class IncidentServiceOpeningTest {

    static final Instant T0 = Instant.parse("2026-11-25T15:30:00Z"); // 2026-11-26 00:30 JST
    static final String SERVICE = "kurashiki-juki";
    static final String AP1 = "kurashiki/krs-juki-ap1";
    static final String AP2 = "kurashiki/krs-juki-ap2";
    static final String DB1 = "kurashiki/krs-juki-db1";
    static final String FIRST = "INC-20261126-0001";
    static final Duration WAIT = Duration.ofSeconds(5);

    final MutableClock clock = new MutableClock(T0);
    final InMemoryIncidents incidents = new InMemoryIncidents();
    final Map<String, Incident> stored = incidents.stored;
    final List<Incident> opened = new ArrayList<>();
    final List<Duration> openedAfter = new ArrayList<>();
    final Set<String> downServices = new HashSet<>();
    Catalog catalog;
    long offset;
    IncidentService service;

    @BeforeEach
    void setUp() throws Exception {
        try (InputStream in = getClass().getResourceAsStream("/test-catalog.yaml")) {
            catalog = CatalogLoader.load(in, "test-catalog.yaml");
        }
        service = service(true);
    }

    IncidentService service(boolean openAtOnceWhenCritical) {
        IncidentService s = new IncidentService(clock, () -> catalog, incidents, opened::add, WAIT,
                openAtOnceWhenCritical, SlaPolicy.withFirstReportDue(Duration.ofMinutes(60)), Duration.ofMinutes(10),
                downServices::contains, PlannedMaintenance.NONE);
        s.measureOpening(openedAfter::add);
        return s;
    }

    static Instant t(double seconds) {
        return T0.plusMillis(Math.round(seconds * 1000));
    }

    static Alert down(String target, double second) {
        return new Alert(target + "|DOWN", AlertKind.LIVENESS, Severity.MAJOR, true, target, t(second),
                "HEARTBEAT_MISSING", target + " is down: no heartbeat since " + t(second));
    }

    static Alert disk(double second) {
        return new Alert(Alert.key(DB1, AlertKind.RESOURCE, "DISK:/var"), AlertKind.RESOURCE, Severity.WARNING, true,
                DB1, t(second), "RESOURCE_WARNING", "disk /var at 85.0%");
    }

    /** The next signal of the partition, detected and handled now. */
    void signal(Alert alert) {
        service.onAlert(SERVICE, alert, clock.instant(), ++offset);
    }

    void at(double second) {
        clock.set(t(second));
    }

    @Test
    void aGroupingWaitEndsAtItsOwnDueInstantNotAtATick() {
        signal(down(AP1, -3));
        at(2);
        signal(down(AP2, 1));

        assertThat(service.nextOpening()).as("the first detection plus the grouping wait").contains(t(5));
        at(4.999);
        service.openDue();
        assertThat(opened).isEmpty();

        at(5);
        service.openDue();

        assertThat(opened).singleElement().satisfies(incident -> {
            assertThat(incident.id()).isEqualTo(FIRST);
            assertThat(incident.affectedTargets()).containsExactly(AP1, AP2);
            assertThat(incident.detectedAt()).isEqualTo(T0);
            assertThat(incident.openedAt()).isEqualTo(t(5));
            assertThat(incident.severity()).isEqualTo("MAJOR");
        });
        assertThat(stored).containsOnlyKeys(FIRST);
        assertThat(openedAfter).containsExactly(Duration.ofSeconds(5));
        assertThat(service.nextOpening()).isEmpty();
    }

    @Test
    void aCriticalTargetDownOpensAtOnce() {
        at(0.25);
        signal(down(DB1, -30));

        assertThat(service.nextOpening()).as("no grouping wait").contains(t(0.25));
        service.openDue();

        assertThat(opened).singleElement().satisfies(incident -> {
            assertThat(incident.affectedTargets()).containsExactly(DB1);
            assertThat(incident.startedAt()).isEqualTo(t(-30));
            assertThat(incident.detectedAt()).isEqualTo(t(0.25));
            assertThat(incident.openedAt()).isEqualTo(t(0.25));
        });
        assertThat(openedAfter).containsExactly(Duration.ZERO);
    }

    @Test
    void aGroupWaitingForItsWaitOpensAtOnceWhenTheServiceGoesDown() {
        signal(down(AP1, -3));
        assertThat(service.nextOpening()).contains(t(5));

        at(1.5);
        signal(down(AP2, 1));
        downServices.add(SERVICE);
        service.onServiceDown(SERVICE, t(1));

        assertThat(service.nextOpening()).as("due since its first detection").contains(T0);
        service.openDue();

        assertThat(opened).singleElement().satisfies(incident -> {
            assertThat(incident.affectedTargets()).containsExactly(AP1, AP2);
            assertThat(incident.severity()).as("the whole service is down").isEqualTo("CRITICAL");
            assertThat(incident.detectedAt()).isEqualTo(T0);
            assertThat(incident.openedAt()).isEqualTo(t(1.5));
        });
    }

    @Test
    void aProblemOfACriticalTargetThatIsNotItBeingDownWaits() {
        signal(disk(-60));

        assertThat(service.nextOpening()).as("a full disk on the critical server is not the server down")
                .contains(t(5));
    }

    @Test
    void anAlertOfAServiceAlreadyDownOpensAtOnce() {
        downServices.add(SERVICE);
        at(3);
        signal(down(AP1, 0));

        assertThat(service.nextOpening()).contains(t(3));
        service.openDue();
        assertThat(opened).singleElement().satisfies(incident -> assertThat(incident.openedAt()).isEqualTo(t(3)));
    }

    @Test
    void laterAlertsOfTheServiceStillJoinTheIncidentOpenedAtOnce() {
        signal(down(DB1, -30));
        service.openDue();

        at(2);
        signal(down(AP1, -1));
        at(7);
        service.tick();

        assertThat(opened).hasSize(1);
        assertThat(service.nextOpening()).isEmpty();
        assertThat(stored.get(FIRST).affectedTargets()).containsExactly(DB1, AP1);
        assertThat(stored.get(FIRST).activeAlerts()).containsExactly(DB1 + "|DOWN", AP1 + "|DOWN");
    }

    @Test
    void withoutOpenAtOnceACriticalTargetWaitsTheWholeGroupingWait() {
        service = service(false);
        signal(down(DB1, -30));
        downServices.add(SERVICE);
        service.onServiceDown(SERVICE, T0);

        assertThat(service.nextOpening()).contains(t(5));
        at(4.999);
        service.openDue();
        assertThat(opened).isEmpty();
        at(5);
        service.tick(); // the tick opens what is due as before
        assertThat(opened).singleElement().satisfies(incident -> {
            assertThat(incident.openedAt()).isEqualTo(t(5));
            assertThat(incident.severity()).isEqualTo("CRITICAL");
        });
    }
}
