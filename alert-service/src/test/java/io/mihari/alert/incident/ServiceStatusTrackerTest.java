package io.mihari.alert.incident;

import io.mihari.alert.detect.StatusTransition;
import io.mihari.alert.detect.TargetStatus;
import io.mihari.alert.incident.ServiceStatusTracker.ServiceTransition;
import io.mihari.model.catalog.Catalog;
import io.mihari.model.catalog.CatalogLoader;
import io.mihari.model.status.ServiceStatusRule.ServiceStatus;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Service status from target transitions, for the test catalog's {@code kurashiki-juki}: AP1 and AP2 form the
 * redundancy group {@code ap-web}, DB1 is critical.
 */
class ServiceStatusTrackerTest {

    static final Instant T0 = Instant.parse("2026-11-25T01:00:00Z");
    static final String SERVICE = "kurashiki-juki";
    static final String AP1 = "kurashiki/krs-juki-ap1";
    static final String AP2 = "kurashiki/krs-juki-ap2";
    static final String DB1 = "kurashiki/krs-juki-db1";

    ServiceStatusTracker tracker;

    @BeforeEach
    void setUp() throws Exception {
        Catalog catalog;
        try (InputStream in = getClass().getResourceAsStream("/test-catalog.yaml")) {
            catalog = CatalogLoader.load(in, "test-catalog.yaml");
        }
        tracker = new ServiceStatusTracker(() -> catalog);
    }

    static Instant t(long seconds) {
        return T0.plusSeconds(seconds);
    }

    static StatusTransition transition(String targetId, TargetStatus from, TargetStatus to, Instant at,
            Instant detectedAt, String cause) {
        return new StatusTransition(targetId, SERVICE, "kurashiki", "juki", targetId.substring("kurashiki/".length()),
                from, to, at, detectedAt, cause);
    }

    Optional<ServiceTransition> up(String targetId, long second) {
        return tracker.apply(transition(targetId, TargetStatus.UNKNOWN, TargetStatus.UP, t(second), t(second),
                "HEARTBEAT_RECEIVED"));
    }

    Optional<ServiceTransition> back(String targetId, long second) {
        return tracker.apply(transition(targetId, TargetStatus.DOWN, TargetStatus.UP, t(second), t(second),
                "HEARTBEAT_RECEIVED"));
    }

    /** Down since {@code second} (last heard), noticed 30 s later. */
    Optional<ServiceTransition> down(String targetId, long second) {
        return tracker.apply(transition(targetId, TargetStatus.UP, TargetStatus.DOWN, t(second), t(second + 30),
                "HEARTBEAT_MISSING"));
    }

    void allUp() {
        up(AP1, 0);
        up(AP2, 1);
        up(DB1, 2);
    }

    @Test
    void serviceIsUnknownUntilItsTargetsAreHeardAndUpWhenEveryOneThatMattersIs() {
        assertThat(tracker.status(SERVICE)).isEqualTo(ServiceStatus.UNKNOWN);
        assertThat(up(AP1, 0)).as("the critical DB is not known yet").isEmpty();
        assertThat(up(AP2, 1)).isEmpty();

        assertThat(up(DB1, 2)).hasValueSatisfying(st -> {
            assertThat(st.serviceId()).isEqualTo(SERVICE);
            assertThat(st.from()).isEqualTo(ServiceStatus.UNKNOWN);
            assertThat(st.to()).isEqualTo(ServiceStatus.UP);
            assertThat(st.at()).isEqualTo(t(2));
            assertThat(st.targetId()).isEqualTo(DB1);
        });
        assertThat(tracker.status(SERVICE)).isEqualTo(ServiceStatus.UP);
    }

    @Test
    void criticalTargetDownMakesTheServiceDownAtTheTargetsInstant() {
        allUp();

        assertThat(down(DB1, 100)).hasValueSatisfying(st -> {
            assertThat(st.serviceId()).isEqualTo(SERVICE);
            assertThat(st.tenant()).isEqualTo("kurashiki");
            assertThat(st.system()).isEqualTo("juki");
            assertThat(st.from()).isEqualTo(ServiceStatus.UP);
            assertThat(st.to()).isEqualTo(ServiceStatus.DOWN);
            assertThat(st.at()).isEqualTo(t(100));
            assertThat(st.detectedAt()).isEqualTo(t(130));
            assertThat(st.cause()).isEqualTo("HEARTBEAT_MISSING");
            assertThat(st.targetId()).isEqualTo(DB1);
            assertThat(st.transitionId()).isEqualTo("service:kurashiki-juki|DOWN|" + t(100).toEpochMilli());
        });
        assertThat(tracker.status(SERVICE)).isEqualTo(ServiceStatus.DOWN);

        assertThat(back(DB1, 200)).hasValueSatisfying(st -> {
            assertThat(st.from()).isEqualTo(ServiceStatus.DOWN);
            assertThat(st.to()).isEqualTo(ServiceStatus.UP);
            assertThat(st.at()).isEqualTo(t(200));
        });
    }

    @Test
    void oneMemberOfARedundancyGroupDownDegradesTheServiceAndAllOfThemTakeItDown() {
        allUp();

        assertThat(down(AP1, 100)).hasValueSatisfying(st -> {
            assertThat(st.from()).isEqualTo(ServiceStatus.UP);
            assertThat(st.to()).isEqualTo(ServiceStatus.DEGRADED);
            assertThat(st.at()).isEqualTo(t(100));
            assertThat(st.targetId()).isEqualTo(AP1);
        });
        assertThat(down(AP2, 150)).hasValueSatisfying(st -> {
            assertThat(st.from()).isEqualTo(ServiceStatus.DEGRADED);
            assertThat(st.to()).isEqualTo(ServiceStatus.DOWN);
            assertThat(st.at()).isEqualTo(t(150));
            assertThat(st.targetId()).isEqualTo(AP2);
        });
        assertThat(back(AP1, 300)).hasValueSatisfying(st -> {
            assertThat(st.to()).isEqualTo(ServiceStatus.DEGRADED);
            assertThat(st.at()).isEqualTo(t(300));
        });
        assertThat(back(AP2, 400)).hasValueSatisfying(st -> {
            assertThat(st.to()).isEqualTo(ServiceStatus.UP);
            assertThat(st.at()).isEqualTo(t(400));
        });
    }

    @Test
    void criticalTargetWithoutDataMakesTheServiceUnknown() {
        allUp();

        assertThat(tracker.apply(transition(DB1, TargetStatus.UP, TargetStatus.UNKNOWN, t(50), t(55),
                "MONITOR_BEHIND"))).hasValueSatisfying(st -> {
                    assertThat(st.to()).isEqualTo(ServiceStatus.UNKNOWN);
                    assertThat(st.at()).isEqualTo(t(50));
                });
    }

    @Test
    void restoreEmitsNothingAndTheNextTransitionStartsFromTheRestoredStatus() {
        tracker.restore(SERVICE, Map.of(AP1, TargetStatus.UP, AP2, TargetStatus.UP, DB1, TargetStatus.UP),
                Map.of(AP1, t(-600), AP2, t(-600), DB1, t(-600)), null);

        assertThat(tracker.status(SERVICE)).isEqualTo(ServiceStatus.UP);
        assertThat(down(AP1, 100)).hasValueSatisfying(st -> {
            assertThat(st.from()).isEqualTo(ServiceStatus.UP);
            assertThat(st.to()).isEqualTo(ServiceStatus.DEGRADED);
        });
    }

    @Test
    void restoredDownServiceIsDownWithoutATransition() {
        tracker.restore(SERVICE, Map.of(AP1, TargetStatus.UP, AP2, TargetStatus.UP, DB1, TargetStatus.DOWN),
                Map.of(DB1, t(-600)), null);

        assertThat(tracker.status(SERVICE)).isEqualTo(ServiceStatus.DOWN);
        assertThat(back(DB1, 10)).hasValueSatisfying(st -> {
            assertThat(st.from()).isEqualTo(ServiceStatus.DOWN);
            assertThat(st.to()).isEqualTo(ServiceStatus.UP);
            assertThat(st.at()).isEqualTo(t(10));
        });
    }

    @Test
    void targetsAheadOfTheSignalsStillProduceTheServiceTransitionOnReplay() {
        // mihari-targets already says DB1 is DOWN (written right after the signal was published), but the
        // service transition was not stored before the crash: the service's last stored status is UP
        tracker.restore(SERVICE, Map.of(AP1, TargetStatus.UP, AP2, TargetStatus.UP, DB1, TargetStatus.DOWN),
                Map.of(AP1, t(-600), AP2, t(-600), DB1, t(100)), ServiceStatus.UP);

        assertThat(tracker.status(SERVICE)).isEqualTo(ServiceStatus.UP);
        assertThat(down(DB1, 100)).as("the replayed signal").hasValueSatisfying(st -> {
            assertThat(st.from()).isEqualTo(ServiceStatus.UP);
            assertThat(st.to()).isEqualTo(ServiceStatus.DOWN);
            assertThat(st.at()).isEqualTo(t(100));
        });
    }

    @Test
    void transitionOlderThanWhatIsKnownOfItsTargetIsIgnored() {
        tracker.restore(SERVICE, Map.of(AP1, TargetStatus.UP, AP2, TargetStatus.UP, DB1, TargetStatus.UP),
                Map.of(AP1, t(-600), AP2, t(-600), DB1, t(100)), null);

        assertThat(down(DB1, 50)).as("a replay from before the stored status").isEmpty();
        assertThat(tracker.status(SERVICE)).isEqualTo(ServiceStatus.UP);

        assertThat(down(AP1, 200)).map(ServiceTransition::to).hasValue(ServiceStatus.DEGRADED);
        assertThat(back(AP1, 150)).as("older than the DOWN it would undo").isEmpty();
        assertThat(tracker.status(SERVICE)).isEqualTo(ServiceStatus.DEGRADED);
    }

    @Test
    void transitionOfAServiceNotInTheCatalogChangesNothing() {
        StatusTransition t = new StatusTransition("kurashiki/krs-test", "kurashiki-unknown", "kurashiki", "juki",
                "krs-test", TargetStatus.UP, TargetStatus.DOWN, t(10), t(40), "HEARTBEAT_MISSING");

        assertThat(tracker.apply(t)).isEmpty();
        assertThat(tracker.status("kurashiki-unknown")).isEqualTo(ServiceStatus.UNKNOWN);
    }

    @Test
    void forgottenServiceIsUnknownAgain() {
        allUp();

        tracker.forget(List.of(SERVICE));

        assertThat(tracker.status(SERVICE)).isEqualTo(ServiceStatus.UNKNOWN);
        assertThat(down(DB1, 100)).as("a critical target down is DOWN whatever else is known")
                .map(ServiceTransition::from).hasValue(ServiceStatus.UNKNOWN);
    }
}
